import type { Page } from 'playwright-core'
import { describe, expect, it } from 'vitest'
import { cspPages, recordCspViolations } from './browser.js'

// The preference center and the placeholders as a script-tag user gets them (the production files
// dist/consentry.iife.min.js + consentry.widget.min.js + consentry.placeholders.min.js) in Chromium
// under a strict CSP, against what a hostile or careless page does: steering a key press onto a
// consent button by moving focus, mounting twice, and passing malformed options.
const CSP = "default-src 'self'; style-src 'self'; script-src 'self'; frame-src https://video.example.test"
const PAGE = '/__ui_addons__/'
const HTML = `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>ui add-ons</title>
<script src="/dist/consentry.iife.min.js"></script><script src="/dist/consentry.widget.min.js"></script><script src="/dist/consentry.placeholders.min.js"></script>
</head><body><main><label>Search <input id="search"></label><a href="#" id="settings" data-consentry-open>Privacy settings</a>
<iframe id="video" data-src="https://video.example.test/embed" data-consent="marketing" title="Video" width="400" height="220"></iframe></main></body></html>`

const pages = cspPages(PAGE, CSP)

type Page2 = Page & { thrown: string[] }

/** The page with the three files loaded and a manager on `window.consent`; its onError collects on `window.reported`. */
async function openPage(): Promise<Page2> {
  const context = await pages.newContext()
  await context.route('**/*', (route) => {
    const url = new URL(route.request().url())
    if (url.pathname === PAGE) return route.fulfill({ contentType: 'text/html', body: HTML, headers: { 'content-security-policy': CSP } })
    if (url.hostname === '127.0.0.1') return route.continue()
    return route.fulfill({ contentType: 'text/html', body: '<!doctype html><title>embed</title>' })
  })
  const page = (await context.newPage()) as Page2
  await recordCspViolations(page)
  page.thrown = []
  page.on('pageerror', (error) => page.thrown.push(error.message))
  await page.goto(`${pages.url}${PAGE}`)
  await page.evaluate(() => {
    const w = window as any
    w.reported = []
    w.consent = w.Consentry.createConsent({
      cookie: false,
      categories: [
        { id: 'necessary', name: 'Necessary', enforcement: 'always' },
        { id: 'analytics', name: 'Analytics', enforcement: 'opt-in' },
        { id: 'marketing', name: 'Marketing', enforcement: 'opt-in' },
      ],
      onError: (error: { code: string; message: string }) => w.reported.push(`${error.code}: ${error.message}`),
    })
    w.Consentry.gateElements(w.consent)
  })
  return page
}

const run = (page: Page, code: string) => page.evaluate((code) => new Function(code)(), code)
const preferences = (page: Page) => page.evaluate(() => (window as any).consent.get().categoryPreferences as Record<string, boolean>)
const reported = (page: Page) => page.evaluate(() => (window as any).reported as string[])
const violations = (page: Page) => page.evaluate(() => (window as unknown as { violations: string[] }).violations)
const placeholders = (page: Page) => page.locator('[data-consentry-placeholder]')

/**
 * A hostile page script: while the visitor types Enter in the search box, it moves focus to the
 * consent button named `name` (in the widget's or a placeholder's open shadow root).
 */
const steerEnterTo = (page: Page, name: string) =>
  page.evaluate((name) => {
    document.querySelector('#search')!.addEventListener('keydown', (event) => {
      if ((event as KeyboardEvent).key !== 'Enter') return
      const hosts = document.querySelectorAll('[data-consentry-widget], [data-consentry-placeholder]')
      const buttons = Array.from(hosts).flatMap((host) => Array.from(host.shadowRoot!.querySelectorAll('button')))
      buttons.find((button) => button.textContent === name && button.offsetParent !== null)?.focus()
    })
  }, name)

const pressEnterInSearch = async (page: Page) => {
  await page.locator('#search').click()
  await page.keyboard.type('shoes')
  await page.keyboard.press('Enter')
}

describe('a key press steered onto a consent button by moving focus changes nothing', () => {
  it.each([
    ['Accept all', { necessary: true, analytics: true, marketing: true }],
    ['Reject all', { necessary: true, analytics: false, marketing: false }],
  ])('widget banner: %s', async (name, byTheVisitor) => {
    const page = await openPage()
    await run(page, 'Consentry.mountPreferenceCenter(consent)')
    await steerEnterTo(page, name)
    const before = await preferences(page)
    await pressEnterInSearch(page)
    expect(await preferences(page)).toEqual(before)
    expect(await page.evaluate(() => (window as any).consent.get().status)).not.toBe('decided')
    // The same key pressed by the visitor on the focused button does act.
    await page.getByRole('button', { name }).focus()
    await page.keyboard.press('Enter')
    expect(await preferences(page)).toEqual(byTheVisitor)
    expect(await violations(page)).toEqual([])
    expect(page.thrown).toEqual([])
  })

  it('a key pressed on the button earlier (Tab on from it) does not arm it for a steered Enter; the visitor still can act', async () => {
    const page = await openPage()
    await run(page, 'Consentry.mountPreferenceCenter(consent)')
    const accept = page.getByRole('button', { name: 'Accept all' })
    // Tab away from it: its keydown lands on the button, its keyup on the next one.
    await accept.focus()
    await page.keyboard.press('Tab')
    await steerEnterTo(page, 'Accept all')
    await pressEnterInSearch(page)
    expect(await page.evaluate(() => (window as any).consent.get().status)).not.toBe('decided')
    // Right after a steered press, the visitor's own pointer click acts.
    await accept.click()
    expect(await preferences(page)).toEqual({ necessary: true, analytics: true, marketing: true })
    expect(page.thrown).toEqual([])
  })

  it.each(['Allow Marketing', 'Load this once'])('placeholder: %s', async (name) => {
    const page = await openPage()
    await run(page, 'Consentry.showPlaceholders(consent, { loadOnce: true })')
    await expect.poll(() => placeholders(page).count()).toBe(1)
    await steerEnterTo(page, name)
    await pressEnterInSearch(page)
    expect(await preferences(page)).toEqual({ necessary: true, analytics: false, marketing: false })
    expect(await page.locator('#video').getAttribute('src')).toBeNull()
    expect(await placeholders(page).count()).toBe(1)
    // The visitor's own key press on the button acts.
    await page.getByRole('button', { name }).focus()
    await page.keyboard.press('Enter')
    await expect.poll(() => page.locator('#video').getAttribute('src')).toBe('https://video.example.test/embed')
    expect(await violations(page)).toEqual([])
    expect(page.thrown).toEqual([])
  })
})

describe('a placeholder over an embed gated by a topic', () => {
  it('“Allow” grants the topic with its purpose (both named on it), so the embed loads', async () => {
    const page = await openPage()
    await page.evaluate(() => {
      const w = window as any
      w.consent.destroy()
      w.consent = w.Consentry.createConsent({
        cookie: false,
        categories: [
          { id: 'marketing', name: 'Marketing', enforcement: 'opt-in' },
          { id: 'videos', name: 'Video embeds', enforcement: 'opt-in', parent: 'marketing' },
        ],
      })
      document.querySelector('#video')!.setAttribute('data-consent', 'videos')
      w.Consentry.gateElements(w.consent)
      w.Consentry.showPlaceholders(w.consent)
    })
    await page.getByRole('button', { name: 'Allow Marketing, Video embeds' }).click()
    expect(await preferences(page)).toEqual({ marketing: true, videos: true })
    await expect.poll(() => page.locator('#video').getAttribute('src')).toBe('https://video.example.test/embed')
    expect(await placeholders(page).count()).toBe(0)
    expect(page.thrown).toEqual([])
  })
})

describe('mounting twice', () => {
  it('the preference center: one widget, reported; opening it leaves it usable (not inert), Escape closes it', async () => {
    const page = await openPage()
    await run(page, 'Consentry.mountPreferenceCenter(consent); window.second = Consentry.mountPreferenceCenter(consent, { lang: "en" })')
    expect(await page.locator('[data-consentry-widget]').count()).toBe(1)
    expect(await reported(page)).toEqual(['invalid-option: consentry: mountPreferenceCenter called while a preference center is mounted; destroy() it first'])
    await page.locator('#settings').click()
    expect(await page.locator('[data-consentry-widget]').evaluate((host) => (host as HTMLElement).inert)).toBe(false)
    await page.getByRole('switch', { name: 'Analytics' }).click()
    expect(await page.getByRole('switch', { name: 'Analytics' }).isChecked()).toBe(true)
    await page.keyboard.press('Escape')
    expect(await page.getByRole('dialog').count()).toBe(0)
    expect(await page.locator('main').evaluate((main) => (main as HTMLElement).inert)).toBe(false)
    // The handle of the mount that is on the page removes it.
    await run(page, 'window.second.destroy()')
    expect(await page.locator('[data-consentry-widget]').count()).toBe(0)
    expect(await violations(page)).toEqual([])
    expect(page.thrown).toEqual([])
  })

  it('the placeholders: one per embed; after Allow the embed is shown, and a revoke brings back one', async () => {
    const page = await openPage()
    await run(page, 'window.stops = [Consentry.showPlaceholders(consent), Consentry.showPlaceholders(consent, { loadOnce: true })]')
    expect(await placeholders(page).count()).toBe(1)
    await page.getByRole('button', { name: 'Allow Marketing' }).click()
    await expect.poll(() => page.locator('#video').getAttribute('src')).toBe('https://video.example.test/embed')
    expect(await placeholders(page).count()).toBe(0)
    expect(await page.locator('#video').isVisible()).toBe(true)
    await run(page, 'consent.set({ marketing: false })')
    await expect.poll(() => placeholders(page).count()).toBe(1)
    expect(await page.locator('#video').isHidden()).toBe(true)
    // Stopping the call that shows it hands the embed to the other one; stopping both shows the embed's own box.
    await run(page, 'window.stops[0]()')
    await expect.poll(() => placeholders(page).count()).toBe(1)
    await run(page, 'window.stops[1]()')
    expect(await placeholders(page).count()).toBe(0)
    expect(await page.locator('#video').evaluate((video) => (video as HTMLElement).style.display)).toBe('')
    expect(await violations(page)).toEqual([])
    expect(page.thrown).toEqual([])
  })
})

// Malformed options, each as a production page might pass it. Nothing may throw into the page,
// each problem is reported through onError, and the add-on keeps its defaults (never more).
const WIDGET_CASES: [string, string, RegExp][] = [
  ['null', 'null', /options must be an object/],
  ['lang: 5', '{ lang: 5 }', /options\.lang must be a language tag string, received 5/],
  ['a misspelled key', '{ floatingbutton: false }', /options\.floatingbutton is not an option/],
  ['a prototype key', 'JSON.parse(\'{"__proto__": {"floatingButton": false}}\')', /options\.__proto__ is not an option/],
  ['nonce: {}', '{ nonce: {} }', /options\.nonce must be a string/],
  ['texts: "de"', '{ texts: "de" }', /options\.texts must map language tags/],
  ['a text that is not a string', '{ texts: { en: { acceptAll: { toString() { return "<b>Yes</b>" } } } } }', /options\.texts\.en\.acceptAll must be a string/],
  ['a misspelled text', '{ texts: { en: { acceptall: "Yes" } } }', /options\.texts\.en\.acceptall is not an option/],
  ['a blank button text', '{ texts: { en: { acceptAll: " " } } }', /options\.texts\.en\.acceptAll must not be blank/],
  ['a blank category name', '{ texts: { en: { categories: { marketing: { name: "" } } } } }', /options\.texts\.en\.categories\.marketing\.name must not be blank/],
  ['dir: "up"', '{ texts: { en: { dir: "up" } } }', /options\.texts\.en\.dir must be "ltr" or "rtl"/],
  ['a category name that is not a string', '{ texts: { en: { categories: { marketing: { name: 7 } } } } }', /options\.texts\.en\.categories\.marketing\.name must be a string/],
  ['categories: "x"', '{ texts: { en: { categories: "x" } } }', /options\.texts\.en\.categories must map category ids/],
  ['a category id that is not configured', '{ texts: { en: { categories: { marketting: { name: "Ads" } } } } }', /options\.texts\.en\.categories\.marketting is not an option/],
]

const PLACEHOLDER_CASES: [string, string, RegExp, number][] = [
  ['null', 'null', /options must be an object/, 1],
  ['root: "main"', '{ root: "main" }', /option "root" must be a document or an element/, 0],
  ['root: null (a querySelector that found nothing)', '{ root: document.querySelector("#comments") }', /option "root" must be a document or an element/, 0],
  ['loadOnce: "yes"', '{ loadOnce: "yes" }', /option "loadOnce" must be a boolean/, 1],
  ['nonce: 5', '{ nonce: 5 }', /option "nonce" must be a string/, 1],
  ['texts: "hello"', '{ texts: "hello" }', /option "texts" must be an object/, 1],
  ['texts: null', '{ texts: null }', /option "texts" must be an object/, 1],
  ['a blank button text', '{ texts: { allow: "" } }', /text "allow" must not be blank/, 1],
  ['a misspelled key', '{ loadonce: true }', /option "loadonce" is not an option/, 1],
]

describe('malformed options (production script tag)', () => {
  it.each(WIDGET_CASES)('preference center, %s: reported, defaults shown, nothing thrown', async (_, options, message) => {
    const page = await openPage()
    await run(page, `Consentry.mountPreferenceCenter(consent, ${options})`)
    const messages = await reported(page)
    expect(messages.length).toBeGreaterThan(0)
    expect(messages.every((m) => m.startsWith('invalid-option: '))).toBe(true)
    expect(messages.join('\n')).toMatch(message)
    // The English defaults, as text; the floating button and everything else as without options.
    expect(await page.getByRole('region', { name: 'Your privacy choices' }).getByRole('button').allTextContents()).toEqual(['Accept all', 'Reject all', 'Customise'])
    expect(await page.locator('[data-consentry-widget]').evaluate((host) => host.shadowRoot!.querySelector('[dir]')!.getAttribute('dir'))).toBe('ltr')
    await page.getByRole('button', { name: 'Customise' }).click()
    expect(await page.getByRole('switch', { name: 'Marketing' }).isChecked()).toBe(false)
    expect(await page.locator('[data-consentry-widget]').evaluate((host) => host.shadowRoot!.querySelectorAll('b').length)).toBe(0)
    expect(await preferences(page)).toEqual({ necessary: true, analytics: false, marketing: false })
    expect(page.thrown).toEqual([])
    expect(await violations(page)).toEqual([])
  })

  it.each(PLACEHOLDER_CASES)('placeholders, %s: reported, nothing thrown, no "Load this once"', async (_, options, message, count) => {
    const page = await openPage()
    await run(page, `Consentry.showPlaceholders(consent, ${options})`)
    expect((await reported(page)).join('\n')).toMatch(message)
    expect(await placeholders(page).count()).toBe(count)
    expect(await page.getByRole('button', { name: 'Load this once' }).count()).toBe(0)
    // Every button keeps an accessible name.
    const names = await placeholders(page).evaluateAll((hosts) => hosts.flatMap((host) => Array.from(host.shadowRoot!.querySelectorAll('button'), (b) => b.textContent!.trim())))
    expect(names).not.toContain('')
    expect(await preferences(page)).toEqual({ necessary: true, analytics: false, marketing: false })
    expect(page.thrown).toEqual([])
  })

  it('something that is not a manager: a console error, nothing mounted, nothing thrown', async () => {
    const page = await openPage()
    const consoleErrors: string[] = []
    page.on('console', (m) => m.type() === 'error' && consoleErrors.push(m.text()))
    await run(page, 'Consentry.mountPreferenceCenter({}); Consentry.showPlaceholders({ isGranted: () => true })')
    expect(consoleErrors.join('\n')).toMatch(/mountPreferenceCenter needs the manager[\s\S]*showPlaceholders needs the manager/)
    expect(await page.locator('[data-consentry-widget], [data-consentry-placeholder]').count()).toBe(0)
    expect(page.thrown).toEqual([])
  })
})
