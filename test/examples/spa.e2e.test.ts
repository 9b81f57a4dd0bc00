import { readFileSync } from 'node:fs'
import type { BrowserContext, Page } from 'playwright-core'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { startHarness, type Harness } from '../e2e/browser.js'

// examples/spa/ in Chromium: the rollup bundle of consentry's dist/ entries and analytics-next,
// the fake OneTrust banner, the Segment CDN settings and destination scripts as static files, and
// the examples server's /sink/ answering the Segment API. Every request is recorded; none may
// leave the machine.
const PAGE = '/examples/spa/'
const UPDATED = 'Segment Consent Preference Updated'
const ALL = { necessary: true, analytics: true, advertising: true }
const NO_ADS = { necessary: true, analytics: true, advertising: false }

interface Payload {
  type: string
  event?: string
  integrations?: Record<string, boolean>
  context: { consent?: { categoryPreferences: Record<string, boolean>; receipt: { source: string; adapter?: string; status: string } }; page: { url: string } }
}
interface Received {
  dest: string
  type: string
  event?: string
  consent?: { categoryPreferences: Record<string, boolean> }
}

let h: Harness
beforeAll(async () => {
  h = await startHarness()
})
afterAll(() => h?.close())

const since = (from: number) => h.requests.slice(from)
const external = (from: number) =>
  since(from)
    .filter((r) => !['127.0.0.1', 'localhost'].includes(new URL(r.url()).hostname))
    .map((r) => r.url())
/** Requests to the local stand-ins for Segment: its CDN (settings, destination scripts) and its API. */
const segment = (from: number) =>
  since(from)
    .filter((r) => /^\/(sink\/segment|examples\/spa\/cdn)\//.test(new URL(r.url()).pathname))
    .map((r) => new URL(r.url()).pathname)
const delivered = (from: number) =>
  since(from)
    .filter((r) => r.method() === 'POST' && new URL(r.url()).pathname.startsWith('/sink/segment/v1/'))
    .map((r) => r.postDataJSON() as Payload)
const calls = (from: number) => delivered(from).filter((e) => e.event !== UPDATED)
/** Segment's consent-changed events (withSegment sends one per change), and nothing else. */
const updates = (from: number) => delivered(from).filter((e) => e.event === UPDATED)
const label = (e: Payload) => (e.type === 'page' ? `page ${new URL(e.context.page.url).search}` : `${e.type} ${e.event}`)
const received = (page: Page) => page.evaluate(() => ((window as any).received ?? []) as Received[])
const view = (page: Page) => page.locator('#view h2').textContent()

async function open(): Promise<{ page: Page; context: BrowserContext }> {
  const context = await h.newContext()
  const page = await context.newPage()
  page.on('pageerror', (error) => console.error('page error', error))
  await page.goto(`${h.server.url}${PAGE}`)
  await expect.poll(() => view(page)).toBe('Home')
  return { page, context }
}

describe('the SPA example (examples/spa/)', () => {
  it('is bundled from the published dist/ files, not from the sources', () => {
    const modules = JSON.parse(readFileSync(new URL('../../examples/spa/dist/modules.json', import.meta.url), 'utf8')) as string[]
    expect(modules).toEqual(expect.arrayContaining(['dist/index.js', 'dist/adapters/onetrust/index.js', 'dist/segment.js', 'dist/widget.js', 'examples/spa/main.js']))
    expect(modules.filter((path) => !path.startsWith('dist/') && path !== 'examples/spa/main.js')).toEqual([])
    // And their code is in the bundle.
    const bundle = readFileSync(new URL('../../examples/spa/dist/app.js', import.meta.url), 'utf8')
    for (const name of ['createConsent', 'oneTrust', 'withSegment', 'mountPreferenceCenter', 'AnalyticsBrowser']) expect(bundle).toContain(`function ${name}`)
  })

  let page: Page
  let context: BrowserContext
  let start: number
  let afterAccept: number

  it('switches views without reloads and sends nothing anywhere before the OneTrust banner is answered', async () => {
    start = h.requests.length
    ;({ page, context } = await open())
    await expect.poll(() => page.locator('#onetrust-banner-sdk').isVisible()).toBe(true)
    await page.evaluate(() => ((window as any).marker = 'same document'))

    await page.getByRole('link', { name: 'Pricing' }).click()
    await expect.poll(() => view(page)).toBe('Pricing')
    expect(new URL(page.url()).search).toBe('?view=pricing')
    await page.getByRole('button', { name: 'Start free trial' }).click()
    await page.getByRole('link', { name: 'Settings' }).click()
    await expect.poll(() => view(page)).toBe('Settings')
    // The preference center waits for OneTrust's answer (its own banner would duplicate OneTrust's).
    await expect(page.getByRole('button', { name: 'Privacy preferences' }).isDisabled()).resolves.toBe(true)
    await page.goBack()
    await expect.poll(() => view(page)).toBe('Pricing')

    expect(await page.evaluate(() => (window as any).marker)).toBe('same document')
    expect(since(start).filter((r) => r.resourceType() === 'document')).toHaveLength(1)
    await page.waitForTimeout(1000)
    // Opt-in: no settings fetch, no destination script, no event, no Segment cookie or storage.
    expect(segment(start)).toEqual([])
    expect(external(start)).toEqual([])
    expect(await page.evaluate(() => document.cookie)).not.toMatch(/ajs_|_demo_pixel/)
    expect(await page.evaluate(() => Object.keys(localStorage).filter((key) => key.startsWith('ajs')))).toEqual([])
    // OneTrust's pre-choice defaults: an answer without a choice, never a decision.
    expect(await page.locator('#state').textContent()).toMatch(/^default \(source: cmp, adapter: onetrust\)/)
  })

  it('on Accept All in OneTrust, delivers the held calls in order, stamped with the decided map, to Segment and both destinations', async () => {
    afterAccept = h.requests.length
    await page.locator('#onetrust-accept-btn-handler').click()
    await expect.poll(() => calls(start).length, { timeout: 15_000 }).toBe(5)
    // Held calls keep the page they were made on.
    expect(calls(start).map(label)).toEqual(['page ', 'page ?view=pricing', 'track Trial Started', 'page ?view=settings', 'page ?view=pricing'])
    for (const e of calls(start)) {
      expect(e.context.consent!.categoryPreferences).toEqual(ALL)
      expect(e.context.consent!.receipt).toMatchObject({ source: 'cmp', adapter: 'onetrust', status: 'decided' })
    }
    await expect.poll(() => updates(start).map((e) => e.context.consent!.categoryPreferences)).toEqual([ALL])
    // The examples server's sink answered each one (analytics-next would retry otherwise).
    const posts = since(start).filter((r) => r.method() === 'POST')
    expect(await Promise.all(posts.map(async (r) => (await r.response())?.status()))).toEqual(posts.map(() => 200))
    await expect
      .poll(async () =>
        (await received(page))
          .filter((r) => r.event === 'Trial Started')
          .map((r) => r.dest)
          .sort(),
      )
      .toEqual(['Demo Analytics', 'Demo Pixel'])
    expect(
      segment(afterAccept)
        .filter((path) => path.includes('/next-integrations/'))
        .sort(),
    ).toEqual(['/examples/spa/cdn/next-integrations/actions/demo-analytics/demo-analytics.js', '/examples/spa/cdn/next-integrations/actions/demo-pixel/demo-pixel.js'])
    // The live panel shows it.
    await expect.poll(() => page.locator('#prefs').textContent()).toBe('necessary ✓  analytics ✓  advertising ✓')
    await expect.poll(() => page.locator('#outgoing-log').textContent()).toContain('track Trial Started')
    expect(await page.evaluate(() => (window as any).OnetrustActiveGroups)).toBe(',C0001,C0002,C0004,')
    expect(await page.evaluate(() => document.cookie)).toMatch(/_demo_pixel_id=/)
    expect(external(start)).toEqual([])
  })

  it('revoking Advertising in the preference center stops the gated destination at once, stamps the new map and writes back to OneTrust', async () => {
    await page.getByRole('link', { name: 'Settings' }).click()
    await expect.poll(() => calls(start).filter((e) => e.type === 'page').length).toBe(5)
    const pixelBefore = (await received(page)).filter((r) => r.dest === 'Demo Pixel').length
    const from = h.requests.length

    await page.getByRole('button', { name: 'Privacy preferences' }).click()
    const dialog = page.getByRole('dialog')
    await dialog.getByRole('switch', { name: 'Advertising' }).click()
    await dialog.getByRole('button', { name: 'Save choices' }).click()

    await expect.poll(() => page.evaluate(() => (window as any).OnetrustActiveGroups)).toBe(',C0001,C0002,')
    await expect.poll(() => page.locator('#prefs').textContent()).toBe('necessary ✓  analytics ✓  advertising ✗')
    await expect.poll(() => updates(from).map((e) => e.context.consent!.categoryPreferences)).toEqual([NO_ADS])
    expect(updates(from)[0]!.context.consent!.receipt.source).toBe('user')
    // withSegment's `cookies` option deleted the pixel's cookie.
    expect(await page.evaluate(() => document.cookie)).not.toMatch(/_demo_pixel/)

    await page.getByRole('link', { name: 'Pricing' }).click()
    await page.getByRole('button', { name: 'Start free trial' }).click()
    await expect.poll(() => calls(from).map(label)).toEqual(['page ?view=pricing', 'track Trial Started'])
    for (const e of calls(from)) {
      expect(e.context.consent!.categoryPreferences).toEqual(NO_ADS)
      expect(e.integrations).toMatchObject({ 'Demo Pixel': false })
    }
    await expect
      .poll(async () =>
        (await received(page))
          .filter((r) => r.dest === 'Demo Analytics')
          .slice(-2)
          .map((r) => `${r.type} ${r.event ?? ''}`),
      )
      .toEqual(['page ', 'track Trial Started'])
    await page.waitForTimeout(500)
    expect((await received(page)).filter((r) => r.dest === 'Demo Pixel')).toHaveLength(pixelBefore)
    expect(await page.evaluate(() => (window as any).marker)).toBe('same document')
    expect(since(start).filter((r) => r.resourceType() === 'document')).toHaveLength(1)
    expect(external(start)).toEqual([])
  })

  it('a reload (the marker is gone) restores the choice from OneTrust and never loads the revoked destination', async () => {
    const from = h.requests.length
    await page.reload()
    await expect.poll(() => view(page)).toBe('Pricing')
    expect(await page.evaluate(() => (window as any).marker)).toBeUndefined()
    await expect.poll(() => calls(from).map(label), { timeout: 15_000 }).toEqual(['page ?view=pricing'])
    expect(calls(from)[0]!.context.consent!.categoryPreferences).toEqual(NO_ADS)
    await expect.poll(async () => (await received(page)).map((r) => `${r.dest}: ${r.type}`)).toEqual(['Demo Analytics: page'])
    expect(segment(from).filter((path) => path.includes('/next-integrations/'))).toEqual(['/examples/spa/cdn/next-integrations/actions/demo-analytics/demo-analytics.js'])
    expect(await page.locator('#onetrust-banner-sdk').count()).toBe(0)
    expect(external(start)).toEqual([])
    await context.close()
  })

  it('Reject All in OneTrust: nothing reaches Segment and no destination script loads', async () => {
    const from = h.requests.length
    const { page, context } = await open()
    await page.getByRole('link', { name: 'Pricing' }).click()
    await page.getByRole('button', { name: 'Start free trial' }).click()
    await page.locator('#onetrust-reject-all-handler').click()
    await expect.poll(() => page.locator('#prefs').textContent()).toBe('necessary ✓  analytics ✗  advertising ✗')
    await page.getByRole('button', { name: 'Start free trial' }).click()
    await page.waitForTimeout(1500)
    expect(delivered(from)).toEqual([])
    // Only the settings are read (they say which destinations need which category).
    expect(segment(from)).toEqual(['/examples/spa/cdn/v1/projects/consentry-demo/settings'])
    expect(await received(page)).toEqual([])
    expect(external(from)).toEqual([])
    await context.close()
  })
})
