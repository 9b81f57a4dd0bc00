import { readFileSync } from 'node:fs'
import type { Page } from 'playwright-core'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { startHarness, type Harness } from '../e2e/browser.js'
import { cdnSettings, destinationScript, slug, type FakeDestination } from '../fixtures/integrations/segment-cdn.js'

// Real analytics-next (its UMD build from node_modules) and the built consentry script tag in
// Chromium. cdn.segment.com answers with fixture settings and recording destination scripts;
// api.segment.io calls are recorded. Nothing leaves the machine.
const UPDATED = 'Segment Consent Preference Updated'
const PAGE = '/test/fixtures/integrations/segment.html'
let destinations: FakeDestination[] = []
let consentSettings: Parameters<typeof cdnSettings>[1]
/** How long the CDN takes to answer a destination's script: analytics-next is loading meanwhile. */
let scriptDelayMs = 0
let h: Harness

beforeAll(async () => {
  h = await startHarness(async (url) => {
    if (url.hostname === 'cdn.segment.com') {
      if (url.pathname.startsWith('/v1/projects/')) return { contentType: 'application/json', body: JSON.stringify(cdnSettings(destinations, consentSettings)) }
      const action = /^\/next-integrations\/actions\/([^/]+)\//.exec(url.pathname)
      const found = action && destinations.find((d) => slug(d.name) === action[1])
      if (found) await new Promise((resolve) => setTimeout(resolve, scriptDelayMs))
      if (found) return { body: destinationScript(found.name) }
      if (/^\/analytics\.js\/v1\/KEY\/analytics\.min\.js$/.test(url.pathname))
        return { body: readFileSync(new URL('../../node_modules/@segment/analytics-next/dist/umd/standalone.js', import.meta.url), 'utf8') }
      const bundle = /^\/analytics-next\/bundles\/([\w.-]+\.js)$/.exec(url.pathname)
      if (bundle) return { body: readFileSync(new URL(`../../node_modules/@segment/analytics-next/dist/umd/${bundle[1]}`, import.meta.url), 'utf8') }
    }
    if (url.hostname === 'api.segment.io') return { contentType: 'application/json', body: '{}' }
    return undefined
  })
})
afterAll(() => h?.close())

const external = (from: number) => h.requests.slice(from).filter((r) => !['127.0.0.1', 'localhost'].includes(new URL(r.url()).hostname))
/** Events Segment's API received (not its metrics). */
const delivered = (from: number) =>
  external(from)
    .filter((r) => new URL(r.url()).hostname === 'api.segment.io' && !r.url().endsWith('/m'))
    .map(
      (r) =>
        r.postDataJSON() as {
          type: string
          event?: string
          anonymousId?: string
          integrations?: Record<string, boolean>
          context: { consent?: { categoryPreferences: Record<string, boolean>; extra?: number }; page?: { url: string } }
        },
    )
const named = (from: number, event: string) => delivered(from).filter((e) => e.event === event)
const scripts = (from: number) =>
  external(from)
    .filter((r) => r.url().includes('/next-integrations/'))
    .map((r) => r.url().split('/')[5])
const received = (page: Page) => page.evaluate(() => ((window as any).received ?? []) as { dest: string; event?: string; type: string }[])

/** A fresh context on `path`; the test page is then set up with `config` (the snippet page sets itself up). */
async function open(config: Record<string, unknown> = {}, path = PAGE) {
  const context = await h.newContext()
  const page = await context.newPage()
  page.on('pageerror', (error) => console.error('page error', error))
  await page.goto(`${h.server.url}${path}`)
  if (path === PAGE) await page.evaluate((c) => (window as any).setup(c), config)
  return { page, close: () => context.close() }
}
const cmp = (page: Page, reading: unknown) => page.evaluate((r) => (window as any).cmp(r), reading)
const call = (page: Page, method: string, ...args: unknown[]) => page.evaluate(([m, a]) => void (window as any).seg[m as string](...(a as unknown[])), [method, args] as const)

const MAPPED = { allCategories: ['Analytics', 'Advertising'], hasUnmappedDestinations: true }
const TWO: FakeDestination[] = [
  { name: 'Analytics Tool', categories: ['Analytics'] },
  { name: 'Ads Pixel', categories: ['Advertising'] },
]
const ANALYTICS_ONLY: FakeDestination[] = [{ name: 'Analytics Tool', categories: ['Analytics'] }]
/** Has the fake CDN serve `list` and `settings`, opens the test page with `config`; `from` marks where its requests start. */
async function scenario(list: FakeDestination[], settings: typeof consentSettings, config?: Record<string, unknown>, path?: string) {
  destinations = list
  consentSettings = settings
  const from = h.requests.length
  return { from, ...(await open(config, path)) }
}
/** The destinations that received `event` on the page, sorted. */
const receivers = (page: Page, event: string) =>
  received(page).then((r) =>
    r
      .filter((e) => e.event === event)
      .map((e) => e.dest)
      .sort(),
  )

describe('withSegment with analytics-next in Chromium (opt-in)', () => {
  it('holds everything before consent, gates device-mode scripts at load, stamps per event (scenarios 12, 13, 16-20, 31, 35, 36)', async () => {
    const { from, page, close } = await scenario(
      [
        ...TWO,
        { name: 'Ads Pixel Two', categories: ['Advertising'] },
        { name: 'Ads Pixel Three', categories: ['Advertising'] },
        { name: 'Multi Tool', categories: ['Analytics', 'Advertising'] },
        { name: 'Plain Tool' },
      ],
      MAPPED,
    )
    await call(page, 'track', 'early', { n: 1 })
    await page.waitForTimeout(1500)
    // 16: nothing reaches any third party, no cookie or storage id written before consent.
    expect(external(from)).toEqual([])
    expect(await page.evaluate(() => document.cookie)).toBe('')
    expect(await page.evaluate(() => Object.keys(localStorage).filter((k) => k.startsWith('ajs')))).toEqual([])

    await cmp(page, { Analytics: true, Advertising: false })
    await expect.poll(() => named(from, 'early').length, { timeout: 10_000 }).toBe(1)
    await expect.poll(() => named(from, UPDATED).length).toBe(1)
    // 16 + 12: the held event is delivered with the decided, full map (false entries included).
    expect(named(from, 'early')[0]!.context.consent!.categoryPreferences).toEqual({ necessary: true, Analytics: true, Advertising: false })
    // 31: exactly one change event, with the map and the anonymous id.
    const change = named(from, UPDATED)[0]!
    expect(change.context.consent!.categoryPreferences).toEqual({ necessary: true, Analytics: true, Advertising: false })
    expect(change.anonymousId).toMatch(/.+/)
    // 17, 19: consented and unmapped destinations load; 18, 20: partly or not consented never do.
    await expect.poll(() => receivers(page, 'early')).toEqual(['Analytics Tool', 'Plain Tool'])
    expect(scripts(from).sort()).toEqual(['analytics-tool', 'plain-tool'])
    const transformed = await page.evaluate(() => (window as any).log.transformed[0])
    expect(transformed).toEqual({ integrations: ['Analytics Tool', 'Plain Tool', 'Segment.io'], remotePlugins: ['Analytics Tool', 'Plain Tool'] })

    // 12: other keys under context.consent survive the stamp.
    await call(page, 'track', 'a', {}, { consent: { extra: 1 } })
    await expect.poll(() => named(from, 'a').length).toBe(1)
    expect(named(from, 'a')[0]!.context.consent!.extra).toBe(1)
    // 13 + 36: a later grant switches the stamp at once and reports the never-loaded destinations.
    await page.evaluate(() => (window as any).consent.set({ Advertising: true }))
    await call(page, 'track', 'b')
    await expect.poll(() => named(from, 'b').length).toBe(1)
    expect(named(from, 'a')[0]!.context.consent!.categoryPreferences.Advertising).toBe(false)
    expect(named(from, 'b')[0]!.context.consent!.categoryPreferences.Advertising).toBe(true)
    expect((await page.evaluate(() => (window as any).log.granted as string[])).sort()).toEqual(['Ads Pixel', 'Ads Pixel Three', 'Ads Pixel Two', 'Multi Tool'])
    await expect.poll(() => named(from, UPDATED).length).toBe(2)
    // 35: the CMP re-firing the same state sends no further change event.
    await cmp(page, { Analytics: true, Advertising: true })
    await call(page, 'track', 'c')
    await expect.poll(() => named(from, 'c').length).toBe(1)
    expect(named(from, UPDATED)).toHaveLength(2)
    expect(scripts(from).filter((s) => s!.startsWith('ads') || s === 'multi-tool')).toEqual([])
    await close()
  })

  it('revokes a destination without reload: no events, unload hooks, cookies deleted; re-grant resumes', async () => {
    const { from, page, close } = await scenario(TWO, MAPPED)
    await cmp(page, { Analytics: true, Advertising: true })
    await call(page, 'track', 'before')
    await expect.poll(() => receivers(page, 'before'), { timeout: 10_000 }).toEqual(['Ads Pixel', 'Analytics Tool'])
    await page.evaluate(() => {
      document.cookie = '_ads_id=1; path=/'
      document.cookie = '_ads_deep=1; path=/test/fixtures'
      document.cookie = 'keep=1; path=/'
    })
    await page.evaluate(() => (window as any).consent.set({ Advertising: false }))
    await call(page, 'track', 'after')
    await expect.poll(() => named(from, 'after').length).toBe(1)
    await expect.poll(() => receivers(page, 'after')).toEqual(['Analytics Tool'])
    await page.waitForTimeout(300)
    expect((await received(page)).filter((e) => e.dest === 'Ads Pixel' && e.event !== 'before' && e.event !== UPDATED)).toEqual([])
    expect(named(from, 'after')[0]!.integrations).toMatchObject({ 'Ads Pixel': false })
    expect(await page.evaluate(() => (window as any).log.unloaded)).toEqual(['plugin:Ads Pixel', 'hook:Ads Pixel'])
    const jar = await page.evaluate(() => document.cookie)
    expect(jar).not.toMatch(/_ads/)
    expect(jar).toMatch(/keep=1/)
    // Granted again: the same plugin is registered again, no reload.
    await page.evaluate(() => (window as any).consent.set({ Advertising: true }))
    await call(page, 'track', 'again')
    await expect.poll(() => receivers(page, 'again')).toEqual(['Ads Pixel', 'Analytics Tool'])
    await close()
  })

  it('unloads a destination revoked while analytics-next is still loading it, once loaded: its unload, then the hook', async () => {
    scriptDelayMs = 1500
    try {
      const { from, page, close } = await scenario(TWO, MAPPED)
      await cmp(page, { Analytics: true, Advertising: true })
      // The CDN settings were read and Ads Pixel kept: its script is on its way, the load not done.
      await expect.poll(() => scripts(from).sort(), { timeout: 10_000 }).toEqual(['ads-pixel', 'analytics-tool'])
      await page.evaluate(() => (window as any).consent.set({ Advertising: false }))
      await expect.poll(() => page.evaluate(() => (window as any).log.unloaded), { timeout: 10_000 }).toEqual(['plugin:Ads Pixel', 'hook:Ads Pixel'])
      expect(await page.evaluate(() => (window as any).seg.instance.queue.plugins.map((p: { name: string }) => p.name))).not.toContain('Ads Pixel')
      await call(page, 'track', 'after')
      await expect.poll(() => receivers(page, 'after')).toEqual(['Analytics Tool'])
      // Granted again: the plugin analytics-next loaded is registered again, no reload.
      await page.evaluate(() => (window as any).consent.set({ Advertising: true }))
      await call(page, 'track', 'again')
      await expect.poll(() => receivers(page, 'again')).toEqual(['Ads Pixel', 'Analytics Tool'])
      expect(await page.evaluate(() => (window as any).log.unloaded)).toEqual(['plugin:Ads Pixel', 'hook:Ads Pixel'])
      await close()
    } finally {
      scriptDelayMs = 0
    }
  })

  it('with buffer: false, calls held in memory before consent keep their callbacks; the default buffer (sessionStorage) cannot', async () => {
    for (const buffer of [false, undefined]) {
      const { from, page, close } = await scenario(ANALYTICS_ONLY, MAPPED, { options: { buffer } })
      await page.evaluate(() => {
        const w = window as any
        w.callbacks = []
        w.seg.track('held', {}, {}, () => w.callbacks.push('held'))
      })
      await cmp(page, { Analytics: true })
      await expect.poll(() => named(from, 'held').length, { timeout: 10_000 }).toBe(1)
      await page.evaluate(() => (window as any).seg.track('later', {}, {}, () => (window as any).callbacks.push('later')))
      await expect.poll(() => page.evaluate(() => (window as any).callbacks)).toContain('later')
      expect(await page.evaluate(() => (window as any).callbacks)).toEqual(buffer === false ? ['held', 'later'] : ['later'])
      expect(await page.evaluate(() => (window as any).log.errors)).toEqual([])
      await close()
    }
  })

  it('keeps held calls across a reload and replays them only to granted destinations', async () => {
    const { from, page, close } = await scenario(TWO, MAPPED)
    await call(page, 'track', 'one')
    await call(page, 'page')
    await page.reload()
    await page.evaluate(() => (window as any).setup({}))
    await call(page, 'track', 'two')
    await page.waitForTimeout(500)
    expect(external(from)).toEqual([])
    await cmp(page, { Analytics: true, Advertising: false })
    await expect.poll(() => named(from, 'two').length, { timeout: 10_000 }).toBe(1)
    const order = delivered(from)
      .filter((e) => e.event !== UPDATED)
      .map((e) => e.event ?? e.type)
    expect(order).toEqual(['one', 'page', 'two'])
    expect(delivered(from).find((e) => e.type === 'page')!.context.page!.url).toContain(PAGE)
    expect(named(from, 'one')[0]!.context.consent!.categoryPreferences).toEqual({ necessary: true, Analytics: true, Advertising: false })
    await expect
      .poll(() => received(page).then((r) => r.filter((e) => e.event === 'one' || e.event === 'two').map((e) => `${e.dest}:${e.event}`)))
      .toEqual(['Analytics Tool:one', 'Analytics Tool:two'])
    expect(scripts(from)).toEqual(['analytics-tool'])
    expect(await page.evaluate(() => sessionStorage.getItem('consentry:segment'))).toBeNull()
    await close()
  })

  it('sends the change event registered before load() once loaded (33), not at all when disabled (34), and survives a bad reading (32)', async () => {
    const first = await scenario(ANALYTICS_ONLY, MAPPED, { load: false })
    await cmp(first.page, { Analytics: true })
    await first.page.waitForTimeout(300)
    expect(external(first.from)).toEqual([])
    await first.page.evaluate(() => (window as any).load())
    await expect.poll(() => named(first.from, UPDATED).length, { timeout: 10_000 }).toBe(1)
    await first.close()

    const second = await scenario(ANALYTICS_ONLY, MAPPED, { options: { consentChangedEvent: false } })
    await cmp(second.page, 'garbage')
    expect(await second.page.evaluate(() => (window as any).log.errors)).toEqual(['invalid-reading'])
    await cmp(second.page, { Analytics: true })
    await call(second.page, 'track', 'x')
    await expect.poll(() => named(second.from, 'x').length, { timeout: 10_000 }).toBe(1)
    expect(named(second.from, UPDATED)).toEqual([])
    await second.close()
  })

  it('runs with no cookies and no tracking requests when nothing relevant is granted and nothing is unmapped', async () => {
    const { from, page, close } = await scenario(ANALYTICS_ONLY, { allCategories: ['Analytics'], hasUnmappedDestinations: false })
    await call(page, 'track', 'early')
    await cmp(page, { Advertising: true })
    await page.waitForTimeout(1500)
    await call(page, 'track', 'later')
    await page.waitForTimeout(500)
    expect(delivered(from)).toEqual([])
    expect(scripts(from)).toEqual([])
    expect(await page.evaluate(() => document.cookie)).toBe('')
    await close()
  })
})

describe('withSegment load options (scenarios 21, 23, 26)', () => {
  it('a local mapping overrides the CDN categories, and the caller updateCDNSettings sees the filtered settings', async () => {
    const { from, page, close } = await scenario(TWO, MAPPED, { options: { integrationCategoryMappings: { 'Ads Pixel': ['Analytics'], 'Analytics Tool': ['Advertising'] } } })
    await cmp(page, { Analytics: true })
    await call(page, 'track', 'x')
    await expect.poll(() => receivers(page, 'x'), { timeout: 10_000 }).toEqual(['Ads Pixel'])
    expect(scripts(from)).toEqual(['ads-pixel'])
    expect(await page.evaluate(() => (window as any).log.transformed[0].remotePlugins)).toEqual(['Ads Pixel'])
    await close()
  })

  it('a mapping that is not a list of category ids is reported and its destination never loads, whatever is granted', async () => {
    const { from, page, close } = await scenario(TWO, MAPPED, { options: { integrationCategoryMappings: { 'Ads Pixel': 'Advertising', 'Analytics Tool': ['Analytics'] } } })
    expect(await page.evaluate(() => (window as any).log.errors)).toEqual(['invalid-option'])
    await cmp(page, { Analytics: true, Advertising: true })
    await call(page, 'track', 'x')
    await expect.poll(() => receivers(page, 'x'), { timeout: 10_000 }).toEqual(['Analytics Tool'])
    expect(scripts(from)).toEqual(['analytics-tool'])
    await expect.poll(() => named(from, 'x').length).toBe(1)
    expect(named(from, 'x')[0]!.integrations).toMatchObject({ 'Ads Pixel': false })
    await close()
  })

  it("the caller's disable: true wins over consent; a caller function that says false cannot re-enable a consent-disabled SDK", async () => {
    const off = await scenario(ANALYTICS_ONLY, MAPPED, { disable: true })
    await cmp(off.page, { Analytics: true })
    await call(off.page, 'track', 'x')
    await off.page.waitForTimeout(1000)
    expect(external(off.from)).toEqual([])
    await off.close()

    const consentOff = await scenario(ANALYTICS_ONLY, { allCategories: ['Analytics'], hasUnmappedDestinations: false }, { disable: 'function' })
    await cmp(consentOff.page, { Advertising: true })
    await call(consentOff.page, 'track', 'y')
    await consentOff.page.waitForTimeout(1000)
    expect(delivered(consentOff.from)).toEqual([])
    await consentOff.close()
  })
})

describe('withSegment with analytics-next in Chromium (opt-out)', () => {
  it('sends at once with the defaults, drops per destination and whole events per consent (scenarios 27-29)', async () => {
    const { from, page, close } = await scenario(TWO, { allCategories: ['Analytics', 'Advertising'], hasUnmappedDestinations: false }, { enforcement: 'opt-out' })
    // 27: the CMP has not answered; the event goes out stamped with the defaults.
    await call(page, 'track', 'hello')
    await expect.poll(() => named(from, 'hello').length, { timeout: 10_000 }).toBe(1)
    expect(named(from, 'hello')[0]!.context.consent!.categoryPreferences).toEqual({ necessary: true, Analytics: true, Advertising: true })
    // 28: Advertising denied: its destination drops the event; Segment and Analytics get it.
    await cmp(page, { Analytics: true, Advertising: false })
    await call(page, 'track', 'x')
    await expect.poll(() => named(from, 'x').length).toBe(1)
    await expect.poll(() => receivers(page, 'x')).toEqual(['Analytics Tool'])
    // 29: nothing relevant granted, nothing unmapped: the whole event is dropped, the change event is not.
    await cmp(page, {})
    await call(page, 'track', 'nothing')
    await expect.poll(() => named(from, UPDATED).length).toBe(2)
    // Consent is read when analytics-next processes the event; let it be processed first.
    await page.waitForTimeout(500)
    await cmp(page, { Analytics: true })
    await call(page, 'track', 'back')
    await expect.poll(() => named(from, 'back').length).toBe(1)
    expect(named(from, 'nothing')).toHaveLength(0)
    expect(named(from, UPDATED)).toHaveLength(3)
    await close()
  })
})

describe('withSegment with the snippet buffer and analytics-next standalone in Chromium', () => {
  it('holds calls on the buffer, loads the CDN script only after consent, then stamps and revokes on the real instance', async () => {
    const { from, page, close } = await scenario(TWO, MAPPED, undefined, '/test/fixtures/integrations/segment-snippet.html')
    await call(page, 'track', 'early')
    await page.waitForTimeout(1000)
    expect(external(from)).toEqual([])
    await cmp(page, { Analytics: true, Advertising: true })
    await expect.poll(() => named(from, 'early').length, { timeout: 15_000 }).toBe(1)
    expect(named(from, 'early')[0]!.context.consent!.categoryPreferences).toEqual({ necessary: true, Analytics: true, Advertising: true })
    expect(await page.evaluate(() => Array.isArray((window as any).analytics))).toBe(false)
    await expect.poll(() => receivers(page, 'early')).toEqual(['Ads Pixel', 'Analytics Tool'])
    await page.evaluate(() => (window as any).consent.set({ Advertising: false }))
    // Through the reference the page kept (the old buffer) and through the new global alike.
    await call(page, 'track', 'after')
    await page.evaluate(() => (window as any).analytics.track('after global'))
    await expect.poll(() => named(from, 'after global').length).toBe(1)
    await expect
      .poll(() =>
        received(page).then((r) =>
          r
            .filter((e) => e.event?.startsWith('after'))
            .map((e) => `${e.dest}:${e.event}`)
            .sort(),
        ),
      )
      .toEqual(['Analytics Tool:after', 'Analytics Tool:after global'])
    expect(named(from, 'after')[0]!.context.consent!.categoryPreferences.Advertising).toBe(false)
    expect(await page.evaluate(() => (window as any).log.unloaded)).toEqual(['plugin:Ads Pixel'])
    expect(await page.evaluate(() => (window as any).log.errors)).toEqual([])
    await close()
  })
})
