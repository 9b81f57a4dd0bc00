import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { Page } from 'playwright-core'
import { collectErrors, startHarness, type Harness } from './browser.js'

// gateElements and Trusted Types on the production script tag in real Chromium. Third-party
// hosts are answered locally; what matters is which requests the browser makes, when.
const GIF = Buffer.from('R0lGODlhAQABAIAAAAAAAP///ywAAAAAAQABAAACAUwAOw==', 'base64')
const THIRD = ['frame.example.test', 'px.example.test', 'cdn.example.test', 'css.example.test', 'tags.example.test']

let h: Harness
beforeAll(async () => {
  h = await startHarness()
})
afterAll(() => h?.close())

const EMBEDS = `
<iframe id="f" data-src="https://frame.example.test/embed.html" data-consent="marketing" title="Video" width="320" height="180"></iframe>
<img id="i" data-src="https://px.example.test/p.gif" data-consent="marketing" alt="">
<video id="v" data-src="https://cdn.example.test/v.mp4" data-consent="marketing"></video>
<link id="l" rel="stylesheet" data-href="https://css.example.test/s.css" data-consent="marketing">
<script type="text/plain" data-consent="marketing" src="https://tags.example.test/tag.js"></script>
<script type="text/plain" data-consent="marketing">window.inlineRan = true</script>`

/** A page with the script tag, a manager (marketing opt-in) and gateElements; `csp` as a header. */
async function open(csp?: string): Promise<{ page: Page; pageErrors: string[]; thrown: string[]; hits: string[]; close: () => Promise<void> }> {
  const context = await h.newContext()
  const hits: string[] = []
  await context.route(/^https:\/\/(frame|px|cdn|css|tags)\.example\.test\//, (route) => {
    const url = new URL(route.request().url())
    hits.push(url.hostname)
    const bodies: Record<string, [string, string | Buffer]> = {
      'frame.example.test': ['text/html', '<!doctype html><title>embed</title><p>embedded</p>'],
      'px.example.test': ['image/gif', GIF],
      'css.example.test': ['text/css', 'body{margin:7px}'],
      'tags.example.test': ['application/javascript', 'window.tagRan = true'],
    }
    const [contentType, body] = bodies[url.hostname] ?? ['video/mp4', '']
    return route.fulfill({ status: 200, contentType, body, headers: { 'access-control-allow-origin': '*' } })
  })
  const url = `${h.server.url}/gate-elements-page.html`
  await context.route(url, (route) =>
    route.fulfill({
      contentType: 'text/html',
      headers: csp ? { 'content-security-policy': csp } : {},
      body: `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>embeds</title><style>body{margin:0}</style>
<script src="/dist/consentry.iife.min.js"></script>
<script>
  window.errors = []; window.order = []
  new MutationObserver(function (records) { records.forEach(function (r) { if (r.attributeName && r.target.getAttribute(r.attributeName)) order.push(r.target.id + ':' + r.attributeName) }) })
    .observe(document, { subtree: true, attributes: true, attributeFilter: ['src', 'href'] })
  window.consent = Consentry.createConsent({ cookie: false, onError: function (e) { errors.push(e.code + ': ' + e.message) },
    categories: [{ id: 'necessary', name: 'Necessary', enforcement: 'always' }, { id: 'marketing', name: 'Marketing', enforcement: 'opt-in' }] })
</script></head><body>${EMBEDS}
<script>Consentry.gateElements(consent)</script>
</body></html>`,
    }),
  )
  const page = await context.newPage()
  // Console errors (the browser's own CSP reports among them), and errors thrown into the page.
  const { consoleErrors: pageErrors, pageErrors: thrown } = collectErrors(page)
  await page.goto(url)
  return { page, pageErrors, thrown, hits, close: () => context.close() }
}

const state = (page: Page) =>
  page.evaluate(() => ({
    frame: document.querySelector('iframe')!.getAttribute('src'),
    img: document.querySelector('img')!.getAttribute('src'),
    video: document.querySelector('video')!.getAttribute('src'),
    link: document.querySelector('link#l')!.getAttribute('href'),
    margin: getComputedStyle(document.body).marginTop,
    tag: (window as any).tagRan === true,
    inline: (window as any).inlineRan === true,
    errors: (window as any).errors as string[],
  }))

describe('gateElements (production script tag, Chromium)', () => {
  it('no embed loads before its category is granted; all load, in document order, after', async () => {
    const { page, pageErrors, thrown, hits, close } = await open()
    // gateElements has run (the page's last script) and consent is settled: nothing was fetched.
    await page.evaluate(() => (window as any).consent.ready())
    expect(await state(page)).toMatchObject({ frame: null, img: null, video: null, link: null, tag: false, inline: false })
    await page.waitForTimeout(300)
    expect(hits).toEqual([])
    await page.evaluate(() => (window as any).consent.set({ marketing: true }))
    await page.waitForFunction(() => (window as any).tagRan === true && getComputedStyle(document.body).marginTop === '7px')
    await page.waitForFunction(() => (document.querySelector('img') as HTMLImageElement).complete)
    expect(await page.evaluate(() => (window as any).order)).toEqual(['f:src', 'i:src', 'v:src', 'l:href'])
    expect([...new Set(hits)].sort()).toEqual([...THIRD].sort())
    expect(await page.evaluate(() => (document.querySelector('img') as HTMLImageElement).naturalWidth)).toBe(1)
    expect(await page.frames()[1]?.evaluate(() => document.title)).toBe('embed')
    const s = await state(page)
    expect(s).toMatchObject({ inline: true, errors: [] })
    expect([...pageErrors, ...thrown]).toEqual([])
    await close()
  })

  it('a revoke blanks them again: iframe to about:blank, image and media without source, stylesheet gone', async () => {
    const { page, pageErrors, close } = await open()
    await page.evaluate(() => (window as any).consent.set({ marketing: true }))
    await page.waitForFunction(() => getComputedStyle(document.body).marginTop === '7px')
    await page.evaluate(() => (window as any).consent.set({ marketing: false }))
    await page.waitForFunction(() => getComputedStyle(document.body).marginTop === '0px')
    expect(await state(page)).toMatchObject({ frame: 'about:blank', img: null, video: null, link: null, errors: [] })
    await page.waitForFunction(() => (window as any).frames[0]?.location.href === 'about:blank')
    expect(pageErrors).toEqual([])
    await close()
  })
})

describe("Trusted Types (require-trusted-types-for 'script')", () => {
  it('with `trusted-types consentry`, gated tags and embeds activate through the policy, with no violation', async () => {
    const { page, pageErrors, thrown, close } = await open("require-trusted-types-for 'script'; trusted-types consentry")
    await page.evaluate(() => (window as any).consent.set({ marketing: true }))
    await page.waitForFunction(() => (window as any).tagRan === true && (window as any).inlineRan === true)
    expect(await state(page)).toMatchObject({ frame: 'https://frame.example.test/embed.html', link: 'https://css.example.test/s.css', errors: [] })
    // The policy passes nothing but values read from gated markup.
    expect(
      await page.evaluate(() => {
        try {
          ;(window as any).trustedTypes.createPolicy('consentry', {})
          return 'created'
        } catch {
          return 'refused'
        }
      }),
    ).toBe('refused')
    // The one console error is the browser refusing this test's own second policy of that name.
    expect(pageErrors).toEqual([expect.stringMatching(/TrustedTypePolicy named 'consentry'.*already exists/)])
    expect(thrown).toEqual([])
    await close()
  })

  it('with a trusted-types directive lacking consentry: reported once, naming the directive; nothing runs; no page error', async () => {
    const { page, pageErrors, thrown, close } = await open("require-trusted-types-for 'script'; trusted-types site-policy")
    await page.evaluate(() => (window as any).consent.set({ marketing: true }))
    // The grant was acted on (the frame loads, the blocked tags were reported); then give a tag that
    // got through time to run before checking that none did.
    await page.waitForFunction(() => (window as any).errors.length > 0 && document.querySelector('iframe')?.hasAttribute('src'))
    await page.waitForTimeout(500)
    const s = await state(page)
    expect(s.tag).toBe(false)
    expect(s.inline).toBe(false)
    expect(s.errors).toEqual([expect.stringMatching(/^blocked-by-csp: .*trusted-types consentry/)])
    // The embeds are not Trusted Types sinks: they still follow consent.
    expect(s.frame).toBe('https://frame.example.test/embed.html')
    // Nothing thrown into the page; the console holds only the browser's own CSP reports.
    expect(thrown).toEqual([])
    expect(pageErrors.every((e) => /Trusted ?Type|The action has been blocked/i.test(e))).toBe(true)
    await close()
  })
})
