import { readFileSync } from 'node:fs'
import type { Page } from 'playwright-core'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { collectErrors, startHarness, type Harness } from '../e2e/browser.js'
import { cdnSettings, destinationScript, slug, type FakeDestination } from '../fixtures/integrations/segment-cdn.js'

// How sites actually wire analytics-next (README one-liner, new + load, the snippet), each in the
// consent-safe form src/segment/README.md shows and in the form copied from Segment's docs, with
// the real analytics-next and the production script tag (dist/consentry.iife.min.js) in Chromium.
// cdn.segment.com answers with fixture settings and recording destinations; nothing leaves the machine.
const PAGE = '/test/fixtures/integrations/segment-wiring.html'
let destinations: FakeDestination[] = []
let consentSettings: Parameters<typeof cdnSettings>[1]
let h: Harness

beforeAll(async () => {
  h = await startHarness((url) => {
    if (url.hostname === 'cdn.segment.com') {
      if (url.pathname.startsWith('/v1/projects/')) return { contentType: 'application/json', body: JSON.stringify(cdnSettings(destinations, consentSettings)) }
      const action = /^\/next-integrations\/actions\/([^/]+)\//.exec(url.pathname)
      const found = action && destinations.find((d) => slug(d.name) === action[1])
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
const delivered = (from: number) =>
  external(from)
    .filter((r) => new URL(r.url()).hostname === 'api.segment.io' && !r.url().endsWith('/m'))
    .map((r) => r.postDataJSON() as { type: string; event?: string; integrations?: Record<string, boolean>; context: { consent?: { categoryPreferences: Record<string, boolean> } } })
const named = (from: number, event: string) => delivered(from).filter((e) => e.event === event)
const scripts = (from: number) =>
  external(from)
    .filter((r) => r.url().includes('/next-integrations/'))
    .map((r) => r.url().split('/')[5])
const receivers = (page: Page, event: string) =>
  page.evaluate(
    (name) =>
      (((window as any).received ?? []) as { dest: string; event?: string }[])
        .filter((e) => e.event === name)
        .map((e) => e.dest)
        .sort(),
    event,
  )
const log = (page: Page) => page.evaluate(() => (window as any).log as { errors: string[]; messages: string[]; unloaded: string[] })
const cmp = (page: Page, reading: unknown) => page.evaluate((r) => (window as any).cmp(r), reading)
const track = (page: Page, name: string) => page.evaluate((n) => void (window as any).seg.track(n), name)

const TWO: FakeDestination[] = [
  { name: 'Analytics Tool', categories: ['Analytics'] },
  { name: 'Ads Pixel', categories: ['Advertising'] },
]
const MAPPED = { allCategories: ['Analytics', 'Advertising'], hasUnmappedDestinations: true }

async function open(query: string, list = TWO, settings: typeof consentSettings = MAPPED) {
  destinations = list
  consentSettings = settings
  const from = h.requests.length
  const context = await h.newContext()
  const page = await context.newPage()
  const { consoleErrors, pageErrors } = collectErrors(page)
  await page.goto(`${h.server.url}${PAGE}?${query}`)
  return { from, page, consoleErrors, pageErrors, close: () => context.close() }
}

describe('consent-safe wiring forms from src/segment/README.md', () => {
  for (const form of ['one-liner', 'two-step', 'snippet']) {
    it(`${form}: nothing before consent, then only consented destinations, nothing reported`, async () => {
      const { from, page, pageErrors, close } = await open(`form=${form}`)
      await track(page, 'early')
      await page.waitForTimeout(800)
      expect(external(from)).toEqual([])
      await cmp(page, { Analytics: true, Advertising: false })
      await expect.poll(() => named(from, 'early').length, { timeout: 15_000 }).toBe(1)
      await expect.poll(() => receivers(page, 'early')).toEqual(['Analytics Tool'])
      expect(scripts(from)).toEqual(['analytics-tool'])
      expect((await log(page)).errors).toEqual([])
      expect(pageErrors).toEqual([])
      await close()
    })
  }
})

describe("Segment's snippet: calls held before consent", () => {
  it('reach Segment once, with their own arguments and one page context (the snippet adds its own to each call it buffers)', async () => {
    const { from, page, close } = await open('form=snippet')
    await page.evaluate(() => {
      const seg = (window as any).seg
      seg.page()
      seg.track('early', { plan: 'pro' })
      seg.identify('u1', { tier: 'gold' })
    })
    await cmp(page, { Analytics: true, Advertising: false })
    await expect.poll(() => delivered(from).filter((e) => e.type === 'identify').length, { timeout: 15_000 }).toBe(1)
    await expect.poll(() => delivered(from).filter((e) => e.type === 'page').length).toBe(1)
    await expect.poll(() => named(from, 'early').length).toBe(1)
    const sent = delivered(from) as unknown as { type: string; event?: string; properties?: object; traits?: object; context: Record<string, unknown> }[]
    const early = sent.find((e) => e.event === 'early')!
    const identify = sent.find((e) => e.type === 'identify')!
    const pageview = sent.find((e) => e.type === 'page')!
    expect(early.properties).toEqual({ plan: 'pro' })
    expect(identify.traits).toEqual({ tier: 'gold' })
    expect(Object.keys(pageview.properties!).sort()).toEqual(['path', 'referrer', 'search', 'title', 'url'])
    for (const event of [early, identify, pageview]) {
      expect(event.context).not.toHaveProperty('__t')
      expect(event.context.page).toMatchObject({ path: PAGE })
    }
    await page.waitForTimeout(300)
    expect(sent.filter((e) => e.type !== 'track' || e.event === 'early')).toHaveLength(3)
    await close()
  })
})

describe('an instance whose load() already ran (copied from Segment docs, wrapped after)', () => {
  it('AnalyticsBrowser.load({ writeKey }) one-liner: reported as invalid-option and on the console; no event reaches a denied destination', async () => {
    const { from, page, consoleErrors, close } = await open('form=unsafe-one-liner')
    // It loads at once, consent or not: that is what is reported.
    await expect.poll(async () => (await log(page)).errors, { timeout: 10_000 }).toEqual(['invalid-option'])
    expect((await log(page)).messages[0]).toMatch(/withSegment\(\).*load\(\) already ran/)
    expect(consoleErrors.some((m) => /withSegment\(\)/.test(m))).toBe(true)
    // Before consent every mapped destination is denied: the ones that loaded are unloaded, and
    // the one granted later is registered again.
    await expect.poll(async () => (await log(page)).unloaded.sort()).toEqual(['plugin:Ads Pixel', 'plugin:Analytics Tool'])
    await track(page, 'held')
    await cmp(page, { Analytics: true, Advertising: false })
    await track(page, 'after')
    await expect.poll(() => named(from, 'after').length, { timeout: 10_000 }).toBe(1)
    await expect.poll(() => named(from, 'held').length).toBe(1)
    await expect.poll(() => receivers(page, 'after')).toEqual(['Analytics Tool'])
    expect(named(from, 'after')[0]!.integrations).toMatchObject({ 'Ads Pixel': false })
    await page.waitForTimeout(300)
    expect(await receivers(page, 'held')).toEqual(['Analytics Tool'])
    await close()
  })

  it("the snippet's own analytics.load(KEY), wrapped after: reported at once; no event reaches a denied destination", async () => {
    const { from, page, consoleErrors, close } = await open('form=unsafe-snippet')
    expect((await log(page)).errors).toEqual(['invalid-option'])
    expect(consoleErrors.some((m) => /withSegment\(\)/.test(m))).toBe(true)
    await cmp(page, { Analytics: true, Advertising: false })
    await track(page, 'after')
    await expect.poll(() => named(from, 'after').length, { timeout: 15_000 }).toBe(1)
    await expect.poll(() => receivers(page, 'after')).toEqual(['Analytics Tool'])
    await page.evaluate(() => (window as any).analytics.track('global'))
    await expect.poll(() => receivers(page, 'global')).toEqual(['Analytics Tool'])
    await close()
  })
})

describe('Segment category ids the manager does not know', () => {
  const ONETRUST: FakeDestination[] = [
    { name: 'Analytics Tool', categories: ['C0002'] },
    { name: 'Ads Pixel', categories: ['C0004'] },
  ]
  const settings = { allCategories: ['C0002', 'C0004'], hasUnmappedDestinations: true }

  it('are reported once, by name, when the manager uses other ids', async () => {
    const { from, page, close } = await open('form=two-step', ONETRUST, settings)
    await cmp(page, { Analytics: true, Advertising: true })
    await track(page, 'x')
    await track(page, 'y')
    await expect.poll(() => named(from, 'y').length, { timeout: 15_000 }).toBe(1)
    const { errors, messages } = await log(page)
    expect(errors).toEqual(['unknown-category'])
    expect(messages[0]).toMatch(/C0002, C0004/)
    await close()
  })

  it('deliver after "Accept all" when the manager names its categories by the CMP ids Segment uses', async () => {
    const { from, page, close } = await open('form=two-step&ids=onetrust', ONETRUST, settings)
    await cmp(page, { C0002: true, C0004: true })
    await track(page, 'x')
    await expect.poll(() => receivers(page, 'x'), { timeout: 15_000 }).toEqual(['Ads Pixel', 'Analytics Tool'])
    // The device-mode destinations above run in the page; the Segment.io request is a separate,
    // later send (analytics-next's delivery queue) and is seen here only once it was made.
    await expect.poll(() => named(from, 'x').length, { timeout: 15_000 }).toBe(1)
    expect(named(from, 'x')[0]!.context.consent!.categoryPreferences).toEqual({ necessary: true, C0002: true, C0004: true })
    expect((await log(page)).errors).toEqual([])
    await close()
  })
})

describe('revocation with a malformed cookie name elsewhere on the page', () => {
  it('still deletes the revoked category cookies', async () => {
    const { page, close } = await open('form=two-step')
    await cmp(page, { Analytics: true, Advertising: true })
    await track(page, 'x')
    await expect.poll(() => receivers(page, 'x'), { timeout: 15_000 }).toEqual(['Ads Pixel', 'Analytics Tool'])
    await page.evaluate(() => {
      document.cookie = '%E0%A4%A=1; path=/'
      document.cookie = '_ads_id=1; path=/'
      document.cookie = 'keep=1; path=/'
    })
    await page.evaluate(() => (window as any).consent.set({ Advertising: false }))
    const jar = await page.evaluate(() => document.cookie)
    expect(jar).not.toMatch(/_ads_id/)
    expect(jar).toMatch(/keep=1/)
    expect((await log(page)).errors).toEqual([])
    await close()
  })
})
