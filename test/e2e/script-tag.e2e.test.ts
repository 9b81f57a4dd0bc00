import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { Page } from 'playwright-core'
import { startHarness, type Harness } from './browser.js'

const TAG = 'https://tags.example-analytics.test/tag.js'
// A strict policy: scripts only from this origin, the tag host, or with the page's nonce.
const CSP = "default-src 'self'; script-src 'self' 'nonce-demo-nonce' https://tags.example-analytics.test; style-src 'self'"

let harness: Harness

beforeAll(async () => {
  harness = await startHarness((url) => (url.href === TAG ? { body: 'window.externalTagRan = true' } : undefined))
})
afterAll(() => harness?.close())

async function open(): Promise<{ page: Page; violations: string[]; errors: string[] }> {
  const context = await harness.newContext()
  await context.route('**/examples/script-tag/', async (route) => {
    const response = await route.fetch()
    await route.fulfill({ response, headers: { ...response.headers(), 'content-security-policy': CSP } })
  })
  const page = await context.newPage()
  const violations: string[] = []
  const errors: string[] = []
  page.on('console', (message) => message.type() === 'error' && violations.push(message.text()))
  page.on('pageerror', (error) => errors.push(error.message))
  await page.goto(`${harness.server.url}/examples/script-tag/`)
  return { page, violations, errors }
}

const tagRequests = () => harness.requests.filter((request) => request.url() === TAG).length

describe('script tag (dist/consentry.iife.min.js in Chromium)', () => {
  it('exposes one global and blocks the gated tags until analytics is granted, then loads them', async () => {
    const before = tagRequests()
    const { page, violations, errors } = await open()
    expect(await page.evaluate(() => Object.keys(window.Consentry ?? {}).sort())).toEqual(
      ['ConsentError', 'createConsent', 'defineAdapter', 'gate', 'gateScripts', 'isConsentError', 'mountPreferenceCenter', 'version', 'withConsent'],
    )
    await page.waitForTimeout(200)
    expect(tagRequests()).toBe(before)
    expect(await page.evaluate(() => [(window as { externalTagRan?: boolean }).externalTagRan, (window as { inlineTagRan?: boolean }).inlineTagRan])).toEqual([undefined, undefined])

    await page.click('#allow')
    await page.waitForFunction(() => (window as { externalTagRan?: boolean }).externalTagRan === true)
    expect(tagRequests()).toBe(before + 1)
    // The inline tag ran under a CSP without 'unsafe-inline': its nonce was carried over.
    expect(await page.evaluate(() => (window as { inlineTagRan?: boolean }).inlineTagRan)).toBe(true)
    expect(violations).toEqual([])
    expect(errors).toEqual([])
    await page.context().close()
  })

  it('stamps every analytics call with the preferences and a receipt', async () => {
    const { page } = await open()
    await page.click('#track')
    await page.click('#allow')
    await page.click('#track')
    const calls = await page.evaluate(() => (window as unknown as { demo: { received: unknown[][] } }).demo.received)
    const stamps = calls.map((call) => (call.at(-1) as { context: { consent: { categoryPreferences: Record<string, boolean>; receipt: { source: string; policyVersion: string } } } }).context.consent)
    expect(calls.map((call) => call[0])).toEqual(['page', 'track', 'track'])
    expect(stamps.map((s) => s.categoryPreferences)).toEqual([
      { necessary: true, analytics: false },
      { necessary: true, analytics: false },
      { necessary: true, analytics: true },
    ])
    expect(stamps[2]?.receipt).toMatchObject({ source: 'user', policyVersion: '2025-06' })
    await page.context().close()
  })

  it('a stored decision loads the tag on the next page without asking again', async () => {
    const { page } = await open()
    await page.click('#allow')
    await page.waitForFunction(() => (window as { externalTagRan?: boolean }).externalTagRan === true)
    await page.reload()
    await page.waitForFunction(() => (window as { externalTagRan?: boolean }).externalTagRan === true)
    expect(await page.evaluate(() => (window as unknown as { demo: { consent: { get(): { source: string } } } }).demo.consent.get().source)).toBe('storage')
    await page.context().close()
  })
})
