import type { Page } from 'playwright-core'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { startHarness, type Harness } from '../e2e/browser.js'

// The real @rudderstack/analytics-js (bundled UMD build from node_modules) in Chromium; its
// source-config request is answered with a fixture and data-plane calls are recorded.
const PAGE = '/test/fixtures/integrations/rudderstack.html'
const sourceConfig = {
  isHosted: false,
  source: { id: 'src', name: 'web', writeKey: 'KEY', workspaceId: 'ws', enabled: true, config: {}, destinations: [] },
}
let h: Harness

beforeAll(async () => {
  h = await startHarness((url) => {
    if (url.hostname === 'api.rudderstack.com' && url.pathname.startsWith('/sourceConfig')) return { contentType: 'application/json', body: JSON.stringify(sourceConfig) }
    if (url.hostname === 'dataplane.rudder.test') return { contentType: 'application/json', body: '{}' }
    return undefined
  })
})
afterAll(() => h?.close())

const external = (from: number) => h.requests.slice(from).filter((r) => !['127.0.0.1', 'localhost'].includes(new URL(r.url()).hostname))
const sent = (from: number) =>
  external(from)
    .filter((r) => new URL(r.url()).hostname === 'dataplane.rudder.test' && r.method() === 'POST')
    .map((r) => r.postDataJSON() as { type: string; event?: string; context: { consent?: { categoryPreferences: Record<string, boolean> }; consentManagement?: { allowedConsentIds: string[]; deniedConsentIds: string[] } } })
const named = (from: number, event: string) => sent(from).filter((e) => e.event === event)
const cmp = (page: Page, reading: unknown) => page.evaluate((r) => (window as any).cmp(r), reading)

describe('withRudderStack with @rudderstack/analytics-js in Chromium', () => {
  it('sends nothing before consent, keeps held calls across a reload, then stamps and drives consent()', async () => {
    const from = h.requests.length
    const context = await h.newContext()
    const page = await context.newPage()
    page.on('pageerror', (error) => console.error('page error', error))
    await page.goto(`${h.server.url}${PAGE}`)
    await page.evaluate(() => (window as any).setup())
    await page.evaluate(() => (window as any).rudder.track('one', { n: 1 }))
    await page.reload()
    await page.evaluate(() => (window as any).setup())
    await page.evaluate(() => (window as any).rudder.track('two'))
    await page.waitForTimeout(1000)
    expect(external(from)).toEqual([])
    expect(await page.evaluate(() => document.cookie)).toBe('')

    await cmp(page, { analytics: true })
    await expect.poll(() => named(from, 'two').length, { timeout: 15_000 }).toBe(1)
    expect(sent(from).filter((e) => e.type === 'track').map((e) => e.event)).toEqual(['one', 'two'])
    const one = named(from, 'one')[0]!
    expect(one.context.consent!.categoryPreferences).toEqual({ analytics: true, marketing: false })
    expect(one.context.consentManagement).toMatchObject({ allowedConsentIds: ['analytics'], deniedConsentIds: ['marketing'] })

    // A real change reaches RudderStack's own consent state; the next event carries both.
    await page.evaluate(() => (document.cookie = '_mkt_id=1; path=/'))
    await cmp(page, { analytics: true, marketing: true })
    await page.evaluate(() => (window as any).rudder.track('mid'))
    await expect.poll(() => named(from, 'mid').length).toBe(1)
    expect(named(from, 'mid')[0]!.context.consentManagement).toMatchObject({ allowedConsentIds: ['analytics', 'marketing'], deniedConsentIds: [] })
    expect(await page.evaluate(() => document.cookie)).toMatch(/_mkt_id/)
    await cmp(page, { analytics: true, marketing: false })
    await page.evaluate(() => (window as any).rudder.track('three'))
    await expect.poll(() => named(from, 'three').length).toBe(1)
    const three = named(from, 'three')[0]!
    expect(three.context.consent!.categoryPreferences).toEqual({ analytics: true, marketing: false })
    expect(three.context.consentManagement).toMatchObject({ allowedConsentIds: ['analytics'], deniedConsentIds: ['marketing'] })
    expect(await page.evaluate(() => document.cookie)).not.toMatch(/_mkt_id/)
    await context.close()
  })
})
