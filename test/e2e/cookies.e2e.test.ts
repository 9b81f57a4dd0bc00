import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { BrowserContext } from 'playwright-core'
import { startHarness, type Harness } from './browser.js'

// The core `cookies` option in Chromium, production script tag, on a page served as
// a.shop.example.test/shop/cart/ (every request to that host is answered locally): cookies set
// host-only and on each parent domain, on each path prefix, are all gone after a revoke.
const ORIGIN = 'http://a.shop.example.test'
const PAGE = `${ORIGIN}/shop/cart/`
const DOMAINS = ['a.shop.example.test (host-only)', '.a.shop.example.test', '.shop.example.test', '.example.test']
const PATHS = ['/', '/shop', '/shop/', '/shop/cart', '/shop/cart/']

let h: Harness
beforeAll(async () => {
  h = await startHarness()
})
afterAll(() => h?.close())

async function open(stored?: 'denied', origin = ORIGIN) {
  const context = await h.newContext()
  await context.route(`${origin}/**`, (route) => {
    const url = new URL(route.request().url())
    if (url.pathname === '/consentry.js') return route.fulfill({ path: 'dist/consentry.iife.min.js', contentType: 'application/javascript' })
    return route.fulfill({
      contentType: 'text/html',
      body: `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>cart</title>
<script src="/consentry.js"></script>
<script>
  window.errors = []
  window.consent = Consentry.createConsent({
    cookie: false,
    onError: function (e) { errors.push(e.message) },
    categories: [{ id: 'necessary', name: 'Necessary', enforcement: 'always' }, { id: 'analytics', name: 'Analytics', enforcement: '${stored === 'denied' ? 'opt-in' : 'opt-out'}' }],
    cookies: { analytics: ['_ga', '_ga_*'] },
  })
</script></head><body></body></html>`,
    })
  })
  return context
}

/** Every cookie the browser holds for names that start `_ga`, and the others, as "name domain path". */
async function held(context: BrowserContext) {
  const all = await context.cookies()
  return all.map((c) => `${c.name} ${c.domain} ${c.path}`).sort()
}

async function plant(context: BrowserContext) {
  // One cookie per parent domain and path (a name per pair, so none replaces another), plus the
  // host-only ones (a domain without the leading dot, in Playwright's addCookies).
  const domained = DOMAINS.slice(1).flatMap((domain, d) => PATHS.map((path, p) => ({ name: `_ga_${d}${p}`, value: '1', domain, path })))
  const hostOnly = PATHS.map((path) => ({ name: '_ga', value: 'h', domain: 'a.shop.example.test', path }))
  await context.addCookies([...domained, ...hostOnly, { name: 'keep', value: '1', domain: '.example.test', path: '/' }])
}

describe('cookies option (production script tag, Chromium)', () => {
  it('a revoke expires the category’s cookies on every path prefix, host-only and on every parent domain', async () => {
    const context = await open()
    await plant(context)
    const before = await held(context)
    expect(before.filter((c) => c.startsWith('_ga'))).toHaveLength(20)
    const page = await context.newPage()
    await page.goto(PAGE)
    await page.evaluate(() => (window as any).consent.ready())
    // analytics is opt-out: granted, nothing deleted yet.
    expect(await held(context)).toEqual(before)
    await page.evaluate(() => (window as any).consent.set({ analytics: false }))
    // The renderer hands cookie writes to the network service asynchronously: wait for them to land.
    await expect.poll(() => held(context)).toEqual(['keep .example.test /'])
    expect(await page.evaluate(() => (window as any).errors)).toEqual([])
    await context.close()
  })

  it('a category denied at start loses its cookies as soon as consent is known', async () => {
    const context = await open('denied')
    await plant(context)
    const page = await context.newPage()
    await page.goto(PAGE)
    await page.evaluate(() => (window as any).consent.ready())
    // The renderer hands cookie writes to the network service asynchronously: wait for them to land.
    await expect.poll(() => held(context)).toEqual(['keep .example.test /'])
    await context.close()
  })
})

describe('deleteCookies in a secure context (production script tag, Chromium)', () => {
  // A partitioned (CHIPS) cookie is keyed by its partition too: only an expiry written with
  // Partitioned (which needs Secure) removes it. document.cookie lists it like any other.
  const SECURE = 'https://a.shop.example.test'
  const partitioned = async (context: BrowserContext) => (await context.cookies()).filter((c) => c.partitionKey).map((c) => c.name)

  it('a revoke expires partitioned cookies too', async () => {
    const context = await open(undefined, SECURE)
    const page = await context.newPage()
    await page.goto(`${SECURE}/shop/cart/`)
    await page.evaluate(() => (window as any).consent.ready())
    await page.evaluate(() => {
      document.cookie = '_ga_p=1; Secure; SameSite=None; Partitioned; Path=/'
      document.cookie = '_ga=1; Secure; Path=/shop'
      document.cookie = 'keep=1; Path=/'
    })
    await expect.poll(() => partitioned(context)).toEqual(['_ga_p'])
    await page.evaluate(() => (window as any).consent.set({ analytics: false }))
    await expect.poll(() => held(context)).toEqual(['keep a.shop.example.test /'])
    await context.close()
  })

  it('deleteCookies returns only the names the page can no longer read', async () => {
    const context = await open(undefined, SECURE)
    const page = await context.newPage()
    await page.goto(`${SECURE}/shop/cart/`)
    const result = await page.evaluate(() => {
      document.cookie = '_hj_p=1; Secure; SameSite=None; Partitioned; Path=/'
      document.cookie = '_hj=1; Path=/shop/'
      const expired = (window as any).Consentry.deleteCookies([/^_hj/])
      return { expired, left: document.cookie }
    })
    expect(result.expired.sort()).toEqual(['_hj', '_hj_p'])
    expect(result.left).not.toMatch(/_hj/)
    await expect.poll(() => partitioned(context)).toEqual([])
    await context.close()
  })
})

describe('the decision cookie’s expiry (dist/consentry.iife.min.js in Chromium)', () => {
  it.each([1e6, 1e9, Number.MAX_VALUE])('expires %d days: the decision outlives the browser session; a value past the limit is reported and read as 365', async (expires) => {
    const context = await h.newContext()
    const page = await context.newPage()
    await page.goto(`${h.server.url}/test/bench/pages/blank.html`)
    await page.addScriptTag({ path: new URL('../../dist/consentry.iife.min.js', import.meta.url).pathname })
    const errors = await page.evaluate((expires) => {
      const reported: string[] = []
      const { createConsent } = (window as unknown as { Consentry: typeof import('consentry') }).Consentry
      const consent = createConsent({ categories: [{ id: 'analytics', name: 'Analytics', enforcement: 'opt-in' }], cookie: { expires }, onError: (e) => reported.push(e.code) })
      consent.set({ analytics: true })
      return reported
    }, expires)
    const [cookie] = (await context.cookies()).filter((c) => c.name === 'consentry')
    // -1 is Playwright's "session cookie": gone with the browser, and the visitor's choice with it.
    expect(cookie?.expires).toBeGreaterThan(Date.now() / 1000 + 300 * 86400)
    expect(errors).toEqual(expires <= 1e6 ? [] : ['invalid-option'])
    await context.close()
  })
})

describe('a sibling site’s shared decision (dist/consentry.iife.min.js in Chromium)', () => {
  // blog.example.test shares its decision with `cookie: { domain: 'example.test' }`; shop.example.test
  // sees that cookie through the parent domain.
  const categories = [
    { id: 'analytics', name: 'Analytics', enforcement: 'opt-in' },
    { id: 'marketing', name: 'Marketing', enforcement: 'opt-in' },
  ]
  async function sites() {
    const context = await h.newContext()
    await context.route('http://*.example.test/**', (route) => {
      if (new URL(route.request().url()).pathname === '/consentry.js') return route.fulfill({ path: 'dist/consentry.iife.min.js', contentType: 'application/javascript' })
      return route.fulfill({ contentType: 'text/html', body: '<!doctype html><html lang="en"><title>site</title><script src="/consentry.js"></script></html>' })
    })
    const page = await context.newPage()
    const visit = async (host: string, cookie: object, set?: Record<string, boolean>) => {
      await page.goto(`http://${host}/`)
      return page.evaluate(
        ([categories, cookie, set]) => {
          const { createConsent } = (window as unknown as { Consentry: typeof import('consentry') }).Consentry
          const consent = createConsent({ categories: categories as never, cookie, onError: () => {} })
          if (set) consent.set(set)
          return consent.get()
        },
        [categories, cookie, set] as const,
      )
    }
    return { context, visit }
  }

  it('grants nothing on a site with a host-only cookie, and that site’s own decision leaves it in place', async () => {
    const { context, visit } = await sites()
    await visit('blog.example.test', { domain: 'example.test' }, { analytics: true, marketing: true })
    expect(await visit('shop.example.test', {})).toMatchObject({ status: 'default', categoryPreferences: { analytics: false, marketing: false } })
    await visit('shop.example.test', {}, { analytics: false })
    expect(await visit('shop.example.test', {})).toMatchObject({ source: 'storage', categoryPreferences: { analytics: false, marketing: false } })
    expect(await visit('blog.example.test', { domain: 'example.test' })).toMatchObject({ source: 'storage', categoryPreferences: { analytics: true, marketing: true } })
    await context.close()
  })

  it('is the decision of a site configured with the same domain', async () => {
    const { context, visit } = await sites()
    await visit('blog.example.test', { domain: 'example.test' }, { analytics: true })
    expect(await visit('shop.example.test', { domain: '.example.test' })).toMatchObject({ source: 'storage', categoryPreferences: { analytics: true, marketing: false } })
    await context.close()
  })
})

describe('a page that cannot use cookies at all (dist/consentry.iife.min.js in Chromium)', () => {
  // A sandboxed frame without allow-same-origin: reading document.cookie throws. No decision can be
  // read or kept there, so an opt-out category starts granted at every load; that is said at once,
  // as for a page outside the cookie's path, not only after the visitor's first choice.
  it('a sandboxed frame: reported when the manager is created, once, and again by no later read', async () => {
    const context = await h.newContext()
    const frame = `<!doctype html><script src="/consentry.js"></script><script>
  window.errors = []
  var consent = Consentry.createConsent({ onError: function (e) { errors.push(e.code + ': ' + e.message) },
    categories: [{ id: 'necessary', name: 'Necessary', enforcement: 'always' }, { id: 'analytics', name: 'Analytics', enforcement: 'opt-out' }] })
  consent.ready().then(function () { parent.postMessage(JSON.stringify(errors), '*') })
</script>`
    await context.route(`${ORIGIN}/**`, (route) => {
      const url = new URL(route.request().url())
      if (url.pathname === '/consentry.js') return route.fulfill({ path: 'dist/consentry.iife.min.js', contentType: 'application/javascript' })
      if (url.pathname === '/frame/') return route.fulfill({ contentType: 'text/html', body: frame })
      return route.fulfill({
        contentType: 'text/html',
        body: `<!doctype html><script>window.said = new Promise(function (resolve) { addEventListener('message', function (e) { resolve(e.data) }) })</script><iframe sandbox="allow-scripts" src="/frame/"></iframe>`,
      })
    })
    const page = await context.newPage()
    await page.goto(`${ORIGIN}/`)
    const errors = JSON.parse(await page.evaluate(() => (window as any).said))
    expect(errors).toEqual([expect.stringMatching(/^invalid-cookie: consentry: this page cannot use cookies .*sandbox.*no decision is kept or read here/)])
    await context.close()
  })

  it('cookies disabled in the browser (navigator.cookieEnabled false): reported when the manager is created', async () => {
    const context = await open()
    const page = await context.newPage()
    // What a visitor's "block all cookies" setting does to the page: reads give '', writes are dropped.
    await (await context.newCDPSession(page)).send('Emulation.setDocumentCookieDisabled', { disabled: true })
    await page.goto(PAGE)
    expect(await page.evaluate(() => navigator.cookieEnabled)).toBe(false)
    await page.evaluate(() => (window as any).consent.ready())
    // cookie: false in this page's options: no decision cookie, so nothing to say about it.
    expect(await page.evaluate(() => (window as any).errors)).toEqual([])
    const errors = await page.evaluate(async () => {
      const said: string[] = []
      const consent = (window as any).Consentry.createConsent({
        cookie: { name: 'other' },
        onError: (e: Error) => said.push(e.message),
        categories: [{ id: 'analytics', name: 'Analytics', enforcement: 'opt-out' }],
      })
      await consent.ready()
      // Asked from the first task after start-up (a first navigator read costs start-up time).
      await new Promise((resolve) => setTimeout(resolve, 10))
      return said
    })
    expect(errors).toEqual([expect.stringMatching(/^consentry: this page cannot use cookies .*blocked.*no decision is kept or read here/)])
    await context.close()
  })
})
