import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { startHarness, type Harness } from '../e2e/browser.js'

// gateScripts on the production script tag in Chromium, against the same page without gating:
// real network-served tags whose load times differ (the slowest is the library the others need).
// The gated page must run them in the order the ungated page does.
const HOST = 'https://tags.example.test'
const TAGS: Record<string, { delay: number; body: string }> = {
  'lib.js': { delay: 400, body: "order.push('lib'); window.lib = { use: function (n) { order.push(n) } }" },
  'plugin.js': { delay: 30, body: "lib.use('plugin')" },
  'deferred.js': { delay: 10, body: "lib.use('deferred'); window.deferredState = document.readyState" },
  'async.js': { delay: 0, body: "order.push('async')" },
  'module.js': { delay: 5, body: "lib.use('module:' + (this === undefined))" },
}

/** The page's tags, gated under `category` or (no category) as the ungated page has them. */
function tags(category?: string): string {
  const tag = (attrs: string, body = '', type?: string) => {
    const typed = type ? (category ? ` data-type="${type}"` : ` type="${type}"`) : ''
    return category ? `<script type="text/plain" data-consent="${category}"${typed} ${attrs}>${body}</script>` : `<script${typed} ${attrs}>${body}</script>`
  }
  return [
    tag(`src="${HOST}/lib.js"`),
    tag('', "lib.use('inline')"),
    tag(`defer src="${HOST}/deferred.js"`),
    tag(`async src="${HOST}/async.js"`),
    tag(`src="${HOST}/plugin.js"`),
    tag('', "lib.use('module-inline')", 'module'),
    tag(`src="${HOST}/module.js"`, '', 'module'),
    tag('', "lib.use('tail')"),
  ].join('\n')
}

let h: Harness
beforeAll(async () => {
  h = await startHarness()
})
afterAll(() => h?.close())

/** Opens a page (served locally) holding the consentry script tag, a manager and gateScripts, then `body`. */
async function open(body: string) {
  const context = await h.newContext()
  await context.route(`${HOST}/**`, async (route) => {
    const tag = TAGS[new URL(route.request().url()).pathname.slice(1)]!
    await new Promise((resolve) => setTimeout(resolve, tag.delay))
    await route.fulfill({ contentType: 'application/javascript', body: tag.body, headers: { 'access-control-allow-origin': '*' } })
  })
  const url = `${h.server.url}/gated-order-page.html`
  await context.route(url, (route) =>
    route.fulfill({
      contentType: 'text/html',
      body: `<!doctype html><html><head><meta charset="utf-8"><title>order</title>
<script src="/dist/consentry.iife.min.js"></script>
<script>
  window.order = []; window.errors = []
  addEventListener('error', function (e) { errors.push(e.message) })
  window.consent = Consentry.createConsent({ cookie: false, categories: [{ id: 'necessary', name: 'Necessary', enforcement: 'always' }, { id: 'analytics', name: 'Analytics', enforcement: 'opt-in' }] })
  Consentry.gateScripts(consent)
</script></head><body>
${body}
</body></html>`,
    }),
  )
  const page = await context.newPage()
  await page.goto(url)
  return { page, close: () => context.close() }
}

const settle = async (page: import('playwright-core').Page) => {
  await page.waitForFunction(() => (window as unknown as { order: string[] }).order.length >= 8, undefined, { timeout: 10_000 })
  await page.waitForTimeout(200)
  return page.evaluate(() => ({ order: (window as any).order as string[], errors: (window as any).errors as string[], deferredState: (window as any).deferredState as string }))
}
/** The order without the async tag, which may run at any point. */
const ordered = (order: string[]) => order.filter((name) => name !== 'async')

describe('gateScripts keeps the ungated page order (production script tag, Chromium)', () => {
  let ungated: { order: string[]; errors: string[] }
  it('the ungated page: plain tags in order, then defer and module tags after parsing, async whenever', async () => {
    const { page, close } = await open(tags())
    ungated = await settle(page)
    expect(ungated.errors).toEqual([])
    expect(ordered(ungated.order)).toEqual(['lib', 'inline', 'plugin', 'tail', 'deferred', 'module-inline', 'module:true'])
    expect(ungated.order.filter((name) => name === 'async')).toHaveLength(1)
    await close()
  })

  it('tags granted while the page is parsed run in the same order, deferred ones after parsing', async () => {
    const { page, close } = await open(tags('necessary'))
    const gated = await settle(page)
    expect(gated.errors).toEqual([])
    expect(ordered(gated.order)).toEqual(ordered(ungated.order))
    expect(gated.order.filter((name) => name === 'async')).toHaveLength(1)
    expect(gated.deferredState).not.toBe('loading')
    await close()
  })

  it('tags granted later, all at once, run in the same order', async () => {
    const { page, close } = await open(tags('analytics'))
    await page.waitForTimeout(300)
    expect(await page.evaluate(() => (window as any).order)).toEqual([])
    await page.evaluate(() => (window as any).consent.set({ analytics: true }))
    const gated = await settle(page)
    expect(gated.errors).toEqual([])
    expect(ordered(gated.order)).toEqual(ordered(ungated.order))
    expect(gated.order.filter((name) => name === 'async')).toHaveLength(1)
    await close()
  })

  it('a tag revoked while it waits for an earlier one stays blocked', async () => {
    const { page, close } = await open(tags('analytics'))
    await page.evaluate(() => {
      const consent = (window as any).consent
      consent.set({ analytics: true })
      consent.set({ analytics: false })
    })
    await page.waitForTimeout(1000)
    const { order } = await page.evaluate(() => ({ order: (window as any).order as string[] }))
    // lib.js, plugin.js and async.js were already requested; the inline tags waited and never ran.
    expect(order).not.toContain('inline')
    expect(order).not.toContain('tail')
    expect(await page.evaluate(() => document.querySelectorAll('script[type="text/plain"]').length)).toBeGreaterThan(0)
    await close()
  })
})
