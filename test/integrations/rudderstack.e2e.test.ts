import { readFileSync } from 'node:fs'
import type { Page } from 'playwright-core'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { startHarness, type Harness } from '../e2e/browser.js'

// The real @rudderstack/analytics-js (bundled UMD build from node_modules) in Chromium; its
// source-config request is answered with a fixture and data-plane calls are recorded.
const PAGE = '/test/fixtures/integrations/rudderstack.html'
// One device-mode destination, Hotjar, consented to `marketing` through RudderStack's `custom`
// provider (the per-destination consent config shape of the source config).
const hotjar = {
  id: 'hj1',
  name: 'Hotjar web',
  enabled: true,
  deleted: false,
  config: { siteID: '1', consentManagement: [{ provider: 'custom', resolutionStrategy: 'and', consents: [{ consent: 'marketing' }] }] },
  destinationDefinition: { name: 'HOTJAR', displayName: 'Hotjar' },
}
const sourceConfig = {
  isHosted: false,
  source: { id: 'src', name: 'web', writeKey: 'KEY', workspaceId: 'ws', enabled: true, config: {}, destinations: [hotjar] },
}
// A stand-in for RudderStack's Hotjar integration script (same global and method contract as the
// CDN integrations): it sets a cookie on init and records every event it is handed.
const hotjarScript = `
  window.hotjarEvents = []
  function Hotjar(config) { this.config = config }
  Hotjar.prototype.init = function () { document.cookie = '_hjSession_1=1; path=/' }
  Hotjar.prototype.isReady = function () { return window.hotjarReady !== false }
  Hotjar.prototype.track = function (e) { hotjarEvents.push(e.message.event) }
  Hotjar.prototype.page = function (e) { hotjarEvents.push('page') }
  Hotjar.prototype.identify = function (e) { hotjarEvents.push('identify') }
  window.Hotjar_RS = { Hotjar: Hotjar }
`
// RudderStack's CDN build (what the v3 snippet loads): the same SDK as the bundled UMD build, which
// it stands in for, but run as the CDN's script does: the RudderAnalytics constructor reads the
// snippet's array (window.rudderanalytics) and sets `globalThis.rudderanalytics = this`. The UMD
// wrapper assigns its exports to that global first, so the array is put back before constructing.
const cdnBuild = () =>
  `;(function () { var preload = window.rudderanalytics; ${readFileSync(new URL('../../node_modules/@rudderstack/analytics-js/dist/npm/modern/bundled/umd/index.js', import.meta.url), 'utf8')}
  var RudderAnalytics = window.rudderanalytics.RudderAnalytics; window.rudderanalytics = preload; new RudderAnalytics() })()`
let h: Harness

beforeAll(async () => {
  h = await startHarness((url) => {
    if (url.hostname === 'api.rudderstack.com' && url.pathname.startsWith('/sourceConfig')) return { contentType: 'application/json', body: JSON.stringify(sourceConfig) }
    if (url.hostname === 'dataplane.rudder.test') return { contentType: 'application/json', body: '{}' }
    if (url.hostname === 'cdn.rudder.test' && url.pathname.endsWith('/Hotjar.min.js')) return { body: hotjarScript }
    if (url.hostname === 'cdn.rudderlabs.com' && url.pathname === '/v3/modern/rsa.min.js') return { body: cdnBuild() }
    return undefined
  })
})
afterAll(() => h?.close())

const external = (from: number) => h.requests.slice(from).filter((r) => !['127.0.0.1', 'localhost'].includes(new URL(r.url()).hostname))
const sent = (from: number) =>
  external(from)
    .filter((r) => new URL(r.url()).hostname === 'dataplane.rudder.test' && r.method() === 'POST')
    .map(
      (r) =>
        r.postDataJSON() as {
          type: string
          event?: string
          integrations?: Record<string, unknown>
          context: { consent?: { categoryPreferences: Record<string, boolean> }; consentManagement?: { allowedConsentIds: string[]; deniedConsentIds: string[] } }
        },
    )
const named = (from: number, event: string) => sent(from).filter((e) => e.event === event)
const cmp = (page: Page, reading: unknown) => page.evaluate((r) => (window as any).cmp(r), reading)
const track = (page: Page, event: string) => page.evaluate((e) => (window as any).rudder.track(e), event)
const hotjarEvents = (page: Page) => page.evaluate(() => (window as any).hotjarEvents as string[] | undefined)
const hotjarRequests = (from: number) => external(from).filter((r) => r.url().endsWith('/Hotjar.min.js')).length
const open = async (raw = false, optOut = false) => {
  const context = await h.newContext()
  const page = await context.newPage()
  page.on('pageerror', (error) => console.error('page error', error))
  await page.goto(`${h.server.url}${PAGE}`)
  await page.evaluate(([r, o]) => (window as any).setup(r, o), [raw, optOut])
  return { context, page }
}
// Waits for `event` to reach the data plane, then gives the device-mode queue (which runs on the
// next task after the same enqueue) time to hand it on as well.
const delivered = async (from: number, event: string) => {
  await expect.poll(() => named(from, event).length, { timeout: 15_000 }).toBe(1)
  await new Promise((resolve) => setTimeout(resolve, 500))
  return named(from, event)[0]!
}

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
    expect(
      sent(from)
        .filter((e) => e.type === 'track')
        .map((e) => e.event),
    ).toEqual(['one', 'two'])
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

describe('@rudderstack/analytics-js v3 on its own (what consentry has to make up for)', () => {
  const all = { allowedConsentIds: ['analytics', 'marketing'], deniedConsentIds: [] }
  const noMarketing = { allowedConsentIds: ['analytics'], deniedConsentIds: ['marketing'] }
  const load = (page: Page, consentManagement: unknown) =>
    page.evaluate(
      (cm) => (window as any).rudder.load('KEY', 'https://dataplane.rudder.test', { ...(window as any).loadOptions, consentManagement: { enabled: true, provider: 'custom', ...(cm as object) } }),
      consentManagement,
    )

  it('keeps sending events to a loaded device-mode destination after consent() revokes its category', async () => {
    const from = h.requests.length
    const { context, page } = await open(true)
    await load(page, all)
    await track(page, 'r1')
    await delivered(from, 'r1')
    expect(await hotjarEvents(page)).toEqual(['r1'])
    await page.evaluate((cm) => (window as any).rudder.consent({ consentManagement: cm }), noMarketing)
    await track(page, 'r2')
    expect((await delivered(from, 'r2')).context.consentManagement).toMatchObject(noMarketing)
    expect(await hotjarEvents(page)).toEqual(['r1', 'r2'])
    await context.close()
  })

  it('does not load a device-mode destination consented after load', async () => {
    const from = h.requests.length
    const { context, page } = await open(true)
    await load(page, noMarketing)
    await track(page, 'r1')
    await delivered(from, 'r1')
    await page.evaluate((cm) => (window as any).rudder.consent({ consentManagement: cm }), all)
    await track(page, 'r2')
    await delivered(from, 'r2')
    expect(hotjarRequests(from)).toBe(0)
    expect(await hotjarEvents(page)).toBeUndefined()
    await context.close()
  })
})

describe('withRudderStack device-mode revocation in Chromium', () => {
  it('stops a loaded destination at once on revoke, runs its unload hook, deletes its cookies, resumes it on re-grant', async () => {
    const from = h.requests.length
    const { context, page } = await open()
    await cmp(page, { analytics: true, marketing: true })
    await track(page, 'a')
    await delivered(from, 'a')
    expect(hotjarRequests(from)).toBe(1)
    expect(await hotjarEvents(page)).toEqual(['a'])
    expect(await page.evaluate(() => document.cookie)).toMatch(/_hjSession_1/)

    await cmp(page, { analytics: true, marketing: false })
    await track(page, 'b')
    const b = await delivered(from, 'b')
    expect(await hotjarEvents(page)).toEqual(['a'])
    expect(b.integrations).toMatchObject({ Hotjar: false })
    expect(b.context.consent!.categoryPreferences).toEqual({ analytics: true, marketing: false })
    expect(b.context.consentManagement).toMatchObject({ allowedConsentIds: ['analytics'], deniedConsentIds: ['marketing'] })
    expect(await page.evaluate(() => (window as any).log)).toEqual({ errors: [], unloaded: 1, granted: [] })
    expect(await page.evaluate(() => document.cookie)).not.toMatch(/_hjSession/)

    await cmp(page, { analytics: true, marketing: true })
    await track(page, 'c')
    await delivered(from, 'c')
    expect(await hotjarEvents(page)).toEqual(['a', 'c'])
    expect(hotjarRequests(from)).toBe(1)
    expect(await page.evaluate(() => (window as any).log)).toEqual({ errors: [], unloaded: 1, granted: [] })
    await context.close()
  })

  it('drops, for a destination revoked before RudderStack is ready, the calls made while it was loading', async () => {
    const from = h.requests.length
    const { context, page } = await open()
    await page.evaluate(() => ((window as any).hotjarReady = false))
    await cmp(page, { analytics: true, marketing: true })
    await track(page, 'q')
    await expect.poll(() => hotjarRequests(from)).toBe(1)
    await expect.poll(() => page.evaluate(() => Array.isArray((window as any).hotjarEvents))).toBe(true)
    await cmp(page, { analytics: true, marketing: false })
    await page.evaluate(() => ((window as any).hotjarReady = true))
    const q = await delivered(from, 'q')
    expect(q.integrations).toMatchObject({ Hotjar: false })
    expect(q.context.consent!.categoryPreferences).toEqual({ analytics: true, marketing: false })
    expect(await hotjarEvents(page)).toEqual([])
    expect(await page.evaluate(() => (window as any).log.unloaded)).toBe(1)
    await context.close()
  })

  it('opt-out: loads at once with the enforcement defaults while the CMP is pending, so the destination loads and gets events', async () => {
    const from = h.requests.length
    const { context, page } = await open(false, true)
    expect(await page.evaluate(() => (window as any).consent.get().status)).toBe('pending')
    await expect.poll(() => hotjarRequests(from), { timeout: 15_000 }).toBe(1)
    // The CMP answers with the defaults: nothing to load later, nothing to unload.
    await cmp(page, { analytics: true, marketing: true })
    await track(page, 'a')
    const a = await delivered(from, 'a')
    expect(a.integrations).not.toHaveProperty('Hotjar')
    expect(await hotjarEvents(page)).toEqual(['a'])
    expect(await page.evaluate(() => (window as any).log)).toEqual({ errors: [], unloaded: 0, granted: [] })
    await context.close()
  })

  it('never requests a destination denied at load and reports its later grant instead', async () => {
    const from = h.requests.length
    const { context, page } = await open()
    await cmp(page, { analytics: true })
    await track(page, 'a')
    expect((await delivered(from, 'a')).integrations).toMatchObject({ Hotjar: false })
    await cmp(page, { analytics: true, marketing: true })
    await track(page, 'b')
    expect((await delivered(from, 'b')).integrations).not.toHaveProperty('Hotjar')
    expect(hotjarRequests(from)).toBe(0)
    expect(await page.evaluate(() => (window as any).log)).toEqual({ errors: [], unloaded: 0, granted: [['Hotjar']] })
    await context.close()
  })
})

describe("withRudderStack on RudderStack's v3 snippet in Chromium", () => {
  // The snippet loads the SDK at once, and the SDK replaces window.rudderanalytics (the snippet's
  // array, which withRudderStack wrapped) with its own instance: the page's later calls go there.
  it('calls through the global are held until consent, stamped, and stop reaching a revoked destination', async () => {
    const from = h.requests.length
    const context = await h.newContext()
    const page = await context.newPage()
    await page.goto(`${h.server.url}/test/fixtures/integrations/rudderstack-snippet.html`)
    await expect.poll(() => page.evaluate(() => Array.isArray((window as any).rudderanalytics))).toBe(false)
    const global = (event: string) => page.evaluate((e) => (window as any).rudderanalytics.track(e), event)
    await global('before consent')
    await page.waitForTimeout(500)
    expect(external(from).map((r) => new URL(r.url()).hostname)).toEqual(['cdn.rudderlabs.com'])
    await cmp(page, { analytics: true, marketing: true })
    expect((await delivered(from, 'before consent')).context.consent!.categoryPreferences).toEqual({ analytics: true, marketing: true })
    await global('granted')
    expect((await delivered(from, 'granted')).context.consent!.categoryPreferences).toEqual({ analytics: true, marketing: true })
    expect(await hotjarEvents(page)).toEqual(['before consent', 'granted'])
    await page.evaluate(() => (window as any).consent.set({ marketing: false }))
    await global('after revoke')
    const revoked = await delivered(from, 'after revoke')
    expect(revoked.integrations).toMatchObject({ Hotjar: false })
    expect(revoked.context.consent!.categoryPreferences).toEqual({ analytics: true, marketing: false })
    expect(await hotjarEvents(page)).toEqual(['before consent', 'granted'])
    expect(await page.evaluate(() => (window as any).log)).toEqual({ errors: [], unloaded: 1 })
    await context.close()
  })

  it("the snippet's own load line left in place, wrapped after it: the load waits for consent and is reported", async () => {
    const from = h.requests.length
    const context = await h.newContext()
    const page = await context.newPage()
    await page.goto(`${h.server.url}/test/fixtures/integrations/rudderstack-snippet.html?form=late`)
    await expect.poll(() => page.evaluate(() => Array.isArray((window as any).rudderanalytics))).toBe(false)
    await page.evaluate(() => (window as any).rudderanalytics.track('before consent'))
    await page.waitForTimeout(500)
    expect(external(from).map((r) => new URL(r.url()).hostname)).toEqual(['cdn.rudderlabs.com'])
    const log = await page.evaluate(() => (window as any).log)
    expect(log.errors).toEqual(['invalid-option'])
    expect(log.printed).toEqual([expect.stringMatching(/withRudderStack\(\) got the snippet after its own load\(\) line/)])
    await cmp(page, { analytics: true, marketing: false })
    const first = await delivered(from, 'before consent')
    expect(first.context.consent!.categoryPreferences).toEqual({ analytics: true, marketing: false })
    expect(first.context.consentManagement!.deniedConsentIds).toEqual(['marketing'])
    expect(hotjarRequests(from)).toBe(0)
    await context.close()
  })
})
