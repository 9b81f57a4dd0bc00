// consentry/ledger must run in the browser as well as in Node: the built entry, zod included,
// imports a table, answers checks and sends a sink record with the real navigator.sendBeacon.
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { startHarness, type Harness } from '../e2e/browser.js'

let harness: Harness
beforeAll(async () => {
  harness = await startHarness()
})
afterAll(async () => harness?.close())

describe('consentry/ledger in Chromium', () => {
  it('imports, checks and beacons a preference-center save', async () => {
    const context = await harness.newContext()
    const page = await context.newPage()
    const errors: string[] = []
    page.on('pageerror', (error) => errors.push(error.message))
    await page.goto(`${harness.server.url}/examples/ledger/`)
    await page.waitForFunction(() => 'ledgerResult' in window, undefined, { timeout: 20_000 })
    const result = (await page.evaluate(() => (window as unknown as { ledgerResult: unknown }).ledgerResult)) as Record<string, any>
    expect(errors).toEqual([])
    expect(result.report).toEqual({ read: 5, imported: 4, rejected: 1, firstError: 'line 6, column "Email": "not-an-email" is not a valid email address' })
    expect(result.newsletter).toEqual(['frank@contoso.com'])
    expect(result.frank).toMatchObject({ allowed: true, reason: 'record', record: { id: '3' } })
    expect(result.sms).toMatchObject({ allowed: false, reason: 'channel-needs-opt-in' })
    expect(result).toMatchObject({ delivered: true, pending: 0 })
    const beacon = harness.requests.find((request) => request.url() === 'https://collect.example.test/consent-ledger')
    expect(beacon?.method()).toBe('POST')
    expect(JSON.parse(beacon!.postData()!)).toEqual({
      records: [
        expect.objectContaining({ contactPoint: 'ann@example.com', purpose: 'commercial', status: 'opt-in', source: 'preference-center', origin: expect.stringMatching(/^browser:[0-9a-z]+$/) }),
      ],
    })
    await context.close()
  })
})
