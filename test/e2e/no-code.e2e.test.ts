// examples/no-code in real Chromium with the production files from dist/: the JSON configuration
// alone creates the manager, reads the OneTrust fake, drives Google Consent Mode and gates the
// page's tag and embeds, whichever order the core and the add-on files load in.
import { readFileSync } from 'node:fs'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { Page } from 'playwright-core'
import { collectErrors, startHarness, type Harness } from './browser.js'

const root = new URL('../../', import.meta.url)
const TAG = 'https://tags.example-analytics.test/analytics.js'
const PIXEL = 'https://pixel.example-ads.test/p.gif?e=pageview'
const VIDEO = 'https://www.youtube-nocookie.com/embed/M7lc1UVf-VE'

let harness: Harness
beforeAll(async () => {
  harness = await startHarness((url) => {
    // The analytics tag does what gtag.js does first: sets its _ga cookies.
    if (url.href === TAG) return { body: "document.cookie = '_ga=GA1.1.1.1; path=/'; document.cookie = '_ga_TEST=GS1.1.1; path=/'; window.analyticsRan = (window.analyticsRan || 0) + 1" }
    if (url.hostname === 'www.youtube-nocookie.com') return { contentType: 'text/html', body: '<p>video</p>' }
    if (url.hostname === 'pixel.example-ads.test') return { contentType: 'image/gif', body: 'GIF89a' }
    return undefined
  })
})
afterAll(() => harness?.close())

const CORE = '<script src="/dist/consentry.core.min.js"></script>'

/** The example page, with the add-ons moved before the core, or the page rewritten by `edit`. */
async function open(edit: (html: string) => string = (html) => html) {
  const context = await harness.newContext()
  await context.route('**/examples/no-code/', async (route) => {
    const html = readFileSync(new URL('examples/no-code/index.html', root), 'utf8')
    await route.fulfill({ contentType: 'text/html', body: edit(html) })
  })
  const page = await context.newPage()
  const { consoleErrors, pageErrors } = collectErrors(page)
  await page.goto(`${harness.server.url}/examples/no-code/`)
  return { page, consoleErrors, pageErrors }
}

/** OneTrust's full API arrives 300 ms after its stub (the fake follows otSDKStub.js); its banner buttons work only then. */
const clickOneTrust = async (page: Page, button: '#accept' | '#reject') => {
  await page.waitForFunction(() => typeof (window as unknown as { OneTrust?: { AllowAll?: unknown } }).OneTrust?.AllowAll === 'function')
  await page.click(button)
}

const addonsFirst = (html: string) => html.replace(`${CORE}\n`, '').replace('<!-- 3.', `${CORE}\n    <!-- 3.`)

const requested = (prefix: string) => harness.requests.filter((r) => r.url().startsWith(prefix)).length
type W = Window & {
  Consentry: { consent?: { get(): { status: string; source: string; categoryPreferences: Record<string, boolean> } }; addons: string[] }
  dataLayer: IArguments[]
  analyticsRan?: number
}
const gcm = (page: Page) =>
  page.evaluate(() =>
    (window as unknown as W).dataLayer
      .filter((entry) => entry[0] === 'consent')
      .map((entry) => [entry[1], (entry[2] as Record<string, string>).analytics_storage, (entry[2] as Record<string, string>).ad_storage]),
  )

describe.each([
  ['the core first, then the add-ons', (html: string) => html],
  ['the add-ons first, then the core', addonsFirst],
])('examples/no-code (dist/consentry.core.min.js + add-ons, %s)', (_, order) => {
  it('gates everything until OneTrust says yes, updates Google Consent Mode, blanks again on revoke', async () => {
    const before = { tag: requested(TAG), pixel: requested(PIXEL), video: requested(VIDEO) }
    const { page, consoleErrors, pageErrors } = await open(order)
    const html = await page.content()
    if (order !== addonsFirst) expect(html.indexOf('consentry.core.min.js')).toBeLessThan(html.indexOf('consentry.onetrust.min.js'))
    else expect(html.indexOf('consentry.core.min.js')).toBeGreaterThan(html.indexOf('consentry.google-consent-mode.min.js'))
    await page.waitForFunction(() => (window as unknown as W).Consentry?.consent !== undefined)
    expect(await page.evaluate(() => [...(window as unknown as W).Consentry.addons].sort())).toEqual(['google-consent-mode', 'onetrust', 'placeholders'])
    // The fake OneTrust loads after 300 ms and reports the visitor has not chosen yet: wait for the
    // manager to have read that answer, so the checks below see what it did with it.
    await page.waitForFunction(() => (window as unknown as W).Consentry.consent?.get().source === 'cmp')
    expect(await page.evaluate(() => (window as unknown as W).Consentry.consent?.get().status)).toBe('default')
    const early = await gcm(page)
    expect(early[0]).toEqual(['default', 'denied', 'denied'])
    expect(early.every(([, analytics, ads]) => analytics === 'denied' && ads === 'denied')).toBe(true)
    expect([requested(TAG), requested(PIXEL), requested(VIDEO)]).toEqual([before.tag, before.pixel, before.video])

    await clickOneTrust(page, '#accept')
    await page.waitForFunction(() => (window as unknown as W).analyticsRan === 1)
    expect((await gcm(page)).at(-1)).toEqual(['update', 'granted', 'granted'])
    expect(await page.evaluate(() => document.cookie)).toContain('_ga=')
    await page.waitForFunction((src) => document.querySelector('iframe')?.getAttribute('src') === src, VIDEO)
    expect(await page.evaluate(() => document.querySelector('img')?.getAttribute('src'))).toBe(PIXEL)

    await clickOneTrust(page, '#reject')
    await page.waitForFunction(() => (window as unknown as W).Consentry.consent?.get().categoryPreferences.analytics === false)
    expect((await gcm(page)).at(-1)).toEqual(['update', 'denied', 'denied'])
    expect(await page.evaluate(() => document.cookie)).not.toMatch(/_ga/)
    expect(await page.evaluate(() => document.querySelector('iframe')?.getAttribute('src') ?? '')).not.toBe(VIDEO)
    expect(pageErrors).toEqual([])
    expect(consoleErrors).toEqual([])
    await page.context().close()
  })
})

describe('the JSON configuration fails closed and says why', () => {
  const withConfig = (json: string) => (html: string) => html.replace(/(<script type="application\/json" id="consentry-config">)[\s\S]*?(<\/script>)/, `$1${json}$2`)

  it('invalid JSON: nothing is created or activated, and the console says so', async () => {
    const { page, consoleErrors, pageErrors } = await open(withConfig('{ "categories": [ }'))
    // The core has read the configuration and refused it; then OneTrust says yes, and nothing may follow.
    await expect.poll(() => consoleErrors.join('\n')).toMatch(/#consentry-config is not valid JSON/)
    await clickOneTrust(page, '#accept')
    await page.waitForTimeout(700)
    expect(await page.evaluate(() => (window as unknown as W).Consentry.consent)).toBeUndefined()
    expect(await page.evaluate(() => (window as unknown as W).analyticsRan)).toBeUndefined()
    expect(pageErrors).toEqual([])
    await page.context().close()
  })

  it('bad values and unknown keys: each reported with its key and rule, read as their most restrictive value', async () => {
    const config = {
      categories: [
        { id: 'necessary', name: 'Necessary', enforcement: 'always' },
        { id: 'analytics', name: 'Analytics', enforcement: 'opt-outt' },
      ],
      adapter: { name: 'onetrust', options: { groups: { analytics: 'C0002' } } },
      googleConsentMode: { mapping: { analytics_storage: 'analytics', ad_storag: ['analytics'] } },
      gatee: true,
    }
    const { page, consoleErrors } = await open(withConfig(JSON.stringify(config)))
    await page.waitForFunction(() => (window as unknown as W).Consentry?.consent !== undefined)
    const text = consoleErrors.join('\n')
    expect(text).toMatch(/"categories\[1\]\.enforcement" must be one of opt-in, opt-out, always/)
    expect(text).toMatch(/"gatee" is not an option/)
    expect(text).toMatch(/"googleConsentMode\.mapping\.analytics_storage" must be true or a non-empty array/)
    expect(text).toMatch(/"googleConsentMode\.mapping\.ad_storag" is not a consent type/)
    await clickOneTrust(page, '#accept')
    await page.waitForFunction(() => (window as unknown as W).Consentry.consent?.get().status === 'decided')
    // OneTrust granted C0002 and analytics is read as opt-in: the tag runs; Google Consent Mode's
    // analytics_storage had an invalid mapping and stays denied.
    await page.waitForFunction(() => (window as unknown as W).analyticsRan === 1)
    expect((await gcm(page)).at(-1)).toEqual(['update', 'denied', 'denied'])
    await page.context().close()
  })

  it('a missing add-on is named; with no CMP, opt-out categories are not granted until the visitor chooses', async () => {
    const config = {
      categories: [{ id: 'analytics', name: 'Analytics', enforcement: 'opt-out' }],
      adapter: { name: 'trustarc' },
      addonWaitMs: 200,
    }
    const { page, consoleErrors } = await open((html) => withConfig(JSON.stringify(config))(html))
    await page.waitForFunction(() => (window as unknown as W).Consentry?.consent !== undefined)
    await expect.poll(() => consoleErrors.join('\n')).toMatch(/"adapter" needs the add-on file consentry\.trustarc\.min\.js, which did not load within 200 ms/)
    expect(await page.evaluate(() => (window as unknown as W).Consentry.consent?.get().categoryPreferences)).toEqual({ analytics: false })
    expect(await page.evaluate(() => (window as unknown as W).analyticsRan)).toBeUndefined()
    await page.context().close()
  })
})

describe('add-on registration on window.Consentry (production files)', () => {
  const file = (name: string) => ({ path: new URL(`dist/consentry.${name}.min.js`, root).pathname })
  async function blank() {
    const context = await harness.newContext()
    const page = await context.newPage()
    const consoleErrors: string[] = []
    page.on('console', (message) => message.type() === 'error' && consoleErrors.push(message.text()))
    await page.goto(`${harness.server.url}/test/bench/pages/blank.html`)
    return { page, consoleErrors }
  }
  type R = Window & { Consentry: { addons: string[]; adapters: Record<string, unknown>; q?: unknown; createConsent?: unknown } }

  it('queues add-ons that come first, applies them when the core arrives, then takes later ones at once; a broken one is reported and skipped', async () => {
    const { page, consoleErrors } = await blank()
    await page.addScriptTag(file('onetrust'))
    // An add-on following the same protocol whose body throws.
    await page.addScriptTag({ content: '!function(f){var C=window.Consentry=window.Consentry||{};C.use?C.use("broken",f):(C.q=C.q||[]).push(["broken",f])}(function(){throw new Error("boom")})' })
    expect(await page.evaluate(() => [typeof (window as unknown as R).Consentry.createConsent, ((window as unknown as R).Consentry.q as unknown[]).length])).toEqual(['undefined', 2])
    await page.addScriptTag(file('core'))
    expect(await page.evaluate(() => [(window as unknown as R).Consentry.addons, typeof (window as unknown as R).Consentry.adapters.oneTrust])).toEqual([['onetrust'], 'function'])
    expect(consoleErrors.join('\n')).toMatch(/the add-on "broken" failed to start/)
    await page.addScriptTag(file('ketch'))
    await page.addScriptTag(file('widget'))
    expect(
      await page.evaluate(() => [
        (window as unknown as R).Consentry.addons,
        typeof (window as unknown as R).Consentry.adapters.ketch,
        typeof ((window as unknown as R).Consentry as { mountPreferenceCenter?: unknown }).mountPreferenceCenter,
      ]),
    ).toEqual([['onetrust', 'ketch', 'widget'], 'function', 'function'])
    await page.context().close()
  })

  it('the all-in-one file skips add-on files for what it holds, and a second core keeps the first global', async () => {
    const { page } = await blank()
    await page.addScriptTag(file('iife'))
    await page.evaluate(() => ((window as unknown as { first: unknown }).first = (window as unknown as R).Consentry.adapters.oneTrust))
    await page.addScriptTag(file('onetrust'))
    await page.addScriptTag(file('core'))
    expect(await page.evaluate(() => (window as unknown as R).Consentry.adapters.oneTrust === (window as unknown as { first: unknown }).first)).toBe(true)
    expect(await page.evaluate(() => (window as unknown as R).Consentry.addons.filter((name) => name === 'onetrust').length)).toBe(1)
    await page.context().close()
  })
})
