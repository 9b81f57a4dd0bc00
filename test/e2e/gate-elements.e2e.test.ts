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

/** A page with the script tag, a manager (marketing opt-in) and gateElements (after `body`); `csp` as a header. */
async function open(csp?: string, body = EMBEDS): Promise<{ page: Page; pageErrors: string[]; thrown: string[]; hits: string[]; close: () => Promise<void> }> {
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
</script></head><body>${body}
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

/** The title of the page's one iframe's document (cross-origin: read through Playwright). */
const frameTitle = (page: Page) =>
  page
    .frames()[1]
    ?.evaluate(() => document.title)
    .catch(() => '')

describe('a revoke reaches every embed the gate activated, in the page or not', () => {
  // A tab widget keeps its inactive panel detached: what was loaded there must not load again when
  // the panel comes back after a revoke.
  const PANEL = `<div id="tabs"><div id="panel">
<iframe id="f" data-src="https://frame.example.test/embed.html" data-consent="marketing" title="Video"></iframe>
<img id="i" data-src="https://px.example.test/p.gif" data-consent="marketing" alt="">
<video id="v" data-src="https://cdn.example.test/v.mp4" data-consent="marketing"></video>
<link id="l" rel="stylesheet" data-href="https://css.example.test/s.css" data-consent="marketing">
</div></div>`
  const held = (page: Page) =>
    page.evaluate(() => {
      const panel = (window as any).panel as HTMLElement
      return ['#f', '#i', '#v'].map((id) => panel.querySelector(id)!.getAttribute('src')).concat(panel.querySelector('#l')!.getAttribute('href'))
    })

  it('grant, detach the panel, revoke, put it back: blanked while detached, nothing requested again', async () => {
    const { page, pageErrors, thrown, hits, close } = await open(undefined, PANEL)
    await page.evaluate(() => (window as any).consent.set({ marketing: true }))
    await page.waitForFunction(() => getComputedStyle(document.body).marginTop === '7px' && (document.querySelector('img') as HTMLImageElement).complete)
    await expect.poll(() => frameTitle(page)).toBe('embed')
    const loaded = hits.length
    expect(hits.filter((h) => h === 'frame.example.test')).toHaveLength(1)
    await page.evaluate(() => {
      ;(window as any).panel = document.getElementById('panel')
      ;(window as any).panel.remove()
    })
    await page.evaluate(() => (window as any).consent.set({ marketing: false }))
    // Blanked while out of the page, by the revoke itself (no later mutation put it back yet).
    expect(await held(page)).toEqual(['about:blank', null, null, null])
    await page.evaluate(() => document.getElementById('tabs')!.append((window as any).panel))
    await page.waitForTimeout(500)
    expect(hits.slice(loaded)).toEqual([])
    expect(await page.evaluate(() => (window as any).frames[0]?.location.href)).toBe('about:blank')
    expect(await page.evaluate(() => getComputedStyle(document.body).marginTop)).toBe('0px')
    expect(await page.evaluate(() => (window as any).errors)).toEqual([])
    // Granted again while detached and put back: it loads, as any granted embed does.
    await page.evaluate(() => (window as any).panel.remove())
    await page.evaluate(() => (window as any).consent.set({ marketing: true }))
    await page.evaluate(() => document.getElementById('tabs')!.append((window as any).panel))
    await expect.poll(() => frameTitle(page)).toBe('embed')
    expect([...pageErrors, ...thrown]).toEqual([])
    await close()
  })
})

describe('an embed whose URL is in src, not data-src', () => {
  // The browser fetches it with the page, before any script: no gate can hold it back. What the gate
  // must do is say so, stop it while consent is missing, and never let a placeholder claim it was blocked.
  const LIVE = `<iframe id="f" src="https://frame.example.test/live.html" data-consent="marketing" title="Video"></iframe>
<img id="i" src="https://px.example.test/live.gif" data-consent="marketing" alt="">
<video id="v" src="https://cdn.example.test/live.mp4" data-consent="marketing"></video>
<iframe id="ctl" data-src="https://frame.example.test/embed.html" data-consent="marketing" title="Control"></iframe>
<script src="/dist/consentry.placeholders.min.js"></script>
<script>Consentry.showPlaceholders(consent)</script>`
  const attrs = (page: Page) => page.evaluate(() => ['iframe', 'img', 'video'].map((tag) => document.querySelector(tag)!.getAttribute('src')))

  it('denied: reported for each, blanked at once, no placeholder; a grant loads it, a revoke blanks it again', async () => {
    const { page, pageErrors, thrown, close } = await open(undefined, LIVE)
    await page.evaluate(() => (window as any).consent.ready())
    const errors: string[] = await page.evaluate(() => (window as any).errors)
    expect(errors).toEqual(['iframe', 'img', 'video'].map((tag) => expect.stringMatching(new RegExp(`^invalid-option: .*<${tag}> has its URL in src.*move it to data-src`))))
    expect(await attrs(page)).toEqual(['about:blank', null, null])
    await page.waitForFunction(() => (window as any).frames[0]?.location.href === 'about:blank')
    // The one placeholder is the control's, an embed that was held back.
    const placeholders = () => page.evaluate(() => Array.from(document.querySelectorAll('[data-consentry-placeholder]'), (p) => p.nextElementSibling?.id))
    expect(await placeholders()).toEqual(['ctl'])
    await page.evaluate(() => (window as any).consent.set({ marketing: true }))
    expect(await attrs(page)).toEqual(['https://frame.example.test/live.html', 'https://px.example.test/live.gif', 'https://cdn.example.test/live.mp4'])
    await page.evaluate(() => (window as any).consent.set({ marketing: false }))
    expect(await attrs(page)).toEqual(['about:blank', null, null])
    expect(await placeholders()).toEqual(['ctl'])
    // Reported once each, not on every scan.
    expect(await page.evaluate(() => (window as any).errors.length)).toBe(3)
    expect([...pageErrors.filter((e) => !/ConsentError/.test(e)), ...thrown]).toEqual([])
    await close()
  })

  it('granted from the start: reported, left running (not loaded a second time), blanked on a revoke', async () => {
    const { page, hits, close } = await open(undefined, LIVE.replace('<script>', '<script>consent.set({ marketing: true });'))
    await expect.poll(() => frameTitle(page)).toBe('embed')
    await page.waitForTimeout(300)
    // One request for the live embed, one for the control.
    expect(hits.filter((h) => h === 'frame.example.test')).toHaveLength(2)
    expect(await page.evaluate(() => (window as any).errors.length)).toBe(3)
    await page.evaluate(() => (window as any).consent.set({ marketing: false }))
    expect(await attrs(page)).toEqual(['about:blank', null, null])
    await close()
  })
})

describe('a script with data-consent but without type="text/plain"', () => {
  it('ran with the page: reported once; the gate’s own activated copies are not', async () => {
    const body = `<script data-consent="marketing">window.liveRan = true</script>
<script type="text/plain" data-consent="marketing">window.inlineRan = true</script>`
    const { page, close } = await open(undefined, body)
    await page.evaluate(() => (window as any).consent.ready())
    const reported = [expect.stringMatching(/^invalid-option: .*<script> with data-consent has no type="text\/plain".*add type="text\/plain"/)]
    expect(await page.evaluate(() => (window as any).errors)).toEqual(reported)
    expect(await page.evaluate(() => (window as any).liveRan)).toBe(true)
    await page.evaluate(() => (window as any).consent.set({ marketing: true }))
    await page.waitForFunction(() => (window as any).inlineRan === true)
    await page.evaluate(() => (window as any).consent.set({ marketing: false }))
    expect(await page.evaluate(() => (window as any).errors)).toEqual(reported)
    await close()
  })
})

describe('Trusted Types and a gated tag with an on* handler', () => {
  it('the handler goes through the policy: the tag runs, its onload fires, nothing is reported', async () => {
    const body = `<script type="text/plain" data-consent="marketing" src="https://tags.example.test/tag.js" onload="window.onloadRan = true"></script>`
    const { page, pageErrors, thrown, close } = await open("require-trusted-types-for 'script'; trusted-types consentry", body)
    await page.evaluate(() => (window as any).consent.set({ marketing: true }))
    await page.waitForFunction(() => (window as any).tagRan === true && (window as any).onloadRan === true)
    expect(await page.evaluate(() => (window as any).errors)).toEqual([])
    expect([...pageErrors, ...thrown]).toEqual([])
    await close()
  })

  it('where the policy is refused, the error names the directive to add (or the duplicate to allow)', async () => {
    const body = `<script type="text/plain" data-consent="marketing" src="https://tags.example.test/tag.js" onload="window.onloadRan = true"></script>`
    const { page, close } = await open("require-trusted-types-for 'script'; trusted-types other", body)
    await page.evaluate(() => (window as any).consent.set({ marketing: true }))
    await page.waitForFunction(() => (window as any).errors.length > 0)
    expect(await page.evaluate(() => (window as any).errors)).toEqual([expect.stringMatching(/^blocked-by-csp: .*refused the "consentry" policy.*trusted-types consentry.*'allow-duplicates'/)])
    expect(await page.evaluate(() => (window as any).tagRan)).toBeUndefined()
    await close()
  })
})

describe('a live URL the gate does not hold: beside its data- twin, in srcdoc, in srcset', () => {
  // Real markup: the URL copied into data-src but left in src too; an iframe whose content is its
  // srcdoc (which wins over src); an image whose srcset (which wins over src) stayed live. Each
  // loads with the page, whatever the visitor chose: reported, and blanked while denied.
  const MIXED = `<iframe id="a" src="https://frame.example.test/embed.html" data-src="https://frame.example.test/embed.html" data-consent="marketing" title="a"></iframe>
<iframe id="b" srcdoc="<img src='https://px.example.test/b.gif'>" data-consent="marketing" title="b"></iframe>
<img id="c" data-src="https://px.example.test/c.gif" srcset="https://px.example.test/c2.gif 1x" data-consent="marketing" alt="">
<img id="p" src="data:image/gif;base64,R0lGODlhAQABAIAAAAAAAP///ywAAAAAAQABAAACAUwAOw==" data-src="https://px.example.test/p.gif" data-consent="marketing" alt="">
<img id="q" src="data:image/gif;base64,R0lGODlhAQABAIAAAAAAAP///ywAAAAAAQABAAACAUwAOw==" data-srcset="https://px.example.test/q.gif 1x" data-consent="marketing" alt="">
<iframe id="r" src="about:blank" data-src="https://frame.example.test/embed.html" data-consent="marketing" title="r"></iframe>`
  const live = (page: Page) =>
    page.evaluate(() => ({
      a: document.getElementById('a')!.getAttribute('src'),
      b: document.getElementById('b')!.getAttribute('srcdoc'),
      c: document.getElementById('c')!.getAttribute('srcset'),
      bDocument: (document.getElementById('b') as HTMLIFrameElement).contentDocument?.body?.innerHTML ?? '',
    }))

  it('each is reported once and blanked while denied; a grant loads it, a revoke blanks it; placeholders are left alone', async () => {
    const { page, pageErrors, thrown, close } = await open(undefined, MIXED)
    await page.evaluate(() => (window as any).consent.ready())
    expect(await page.evaluate(() => (window as any).errors)).toEqual([
      expect.stringMatching(/^invalid-option: .*<iframe> has its URL in src, so it loads without consent; move it to data-src/),
      expect.stringMatching(/^invalid-option: .*<iframe> has its URL in srcdoc, so it loads without consent; move it to data-srcdoc/),
      expect.stringMatching(/^invalid-option: .*<img> has its URL in srcset, so it loads without consent; move it to data-srcset/),
    ])
    expect(await live(page)).toEqual({ a: 'about:blank', b: null, c: null, bDocument: '' })
    await page.evaluate(() => (window as any).consent.set({ marketing: true }))
    expect(await live(page)).toMatchObject({ a: 'https://frame.example.test/embed.html', b: "<img src='https://px.example.test/b.gif'>", c: 'https://px.example.test/c2.gif 1x' })
    await page.evaluate(() => (window as any).consent.set({ marketing: false }))
    expect(await live(page)).toEqual({ a: 'about:blank', b: null, c: null, bDocument: '' })
    // The placeholders (a data: image, about:blank) are put back, not reported.
    expect(await page.evaluate(() => ['p', 'q', 'r'].map((id) => document.getElementById(id)!.getAttribute('src')!.slice(0, 11)))).toEqual(['data:image/', 'data:image/', 'about:blank'])
    expect(await page.evaluate(() => (window as any).errors.length)).toBe(3)
    expect([...pageErrors.filter((e) => !/ConsentError/.test(e)), ...thrown]).toEqual([])
    await close()
  })
})

describe('attributes changed after the gate started', () => {
  it('an embed whose categories change to a denied one is blanked at once, without waiting for a consent change', async () => {
    const body = `<iframe id="d" data-src="https://frame.example.test/embed.html" data-consent="necessary" title="d"></iframe>`
    const { page, close } = await open(undefined, body)
    await expect.poll(() => frameTitle(page)).toBe('embed')
    // A framework reuses the element for a marketing embed (a keyed list, a re-render).
    await page.evaluate(() => document.getElementById('d')!.setAttribute('data-consent', 'marketing'))
    await expect.poll(() => page.evaluate(() => document.getElementById('d')!.getAttribute('src'))).toBe('about:blank')
    await close()
  })

  it('a lazy loader that copies data-src into src while denied: reported and blanked at once', async () => {
    const body = `<img id="e" data-src="https://px.example.test/e.gif" data-consent="marketing" alt="">`
    const { page, close } = await open(undefined, body)
    await page.evaluate(() => (window as any).consent.ready())
    await page.evaluate(() => {
      const img = document.getElementById('e')!
      img.setAttribute('src', img.getAttribute('data-src')!)
    })
    await expect.poll(() => page.evaluate(() => document.getElementById('e')!.getAttribute('src'))).toBe(null)
    expect(await page.evaluate(() => (window as any).errors)).toEqual([expect.stringMatching(/^invalid-option: .*<img> has its URL in src, so it loads without consent; move it to data-src/)])
    await close()
  })
})

describe('a gated image or player whose URL comes from a <source> that is not gated', () => {
  // A <picture>'s <source srcset> wins over its <img>; a player without src plays its first
  // <source>. Gating only the <img> or the <video> left the URL live: fetched while denied, again by
  // the player's reload on a revoke, and never reported.
  const SOURCES = `<picture><source id="ps" srcset="https://px.example.test/big.gif" media="(min-width: 1px)"><img id="a" data-src="https://px.example.test/small.gif" data-consent="marketing" alt=""></picture>
<video id="v" data-consent="marketing"><source id="vs" src="https://cdn.example.test/v.mp4"></video>`
  const urls = (page: Page) => page.evaluate(() => [document.getElementById('ps')!.getAttribute('srcset'), document.getElementById('vs')!.getAttribute('src')])

  it('reported once each and blanked while denied; a grant loads them, a revoke blanks them without a new request', async () => {
    const { page, hits, close } = await open(undefined, SOURCES)
    await page.evaluate(() => (window as any).consent.ready())
    expect(await page.evaluate(() => (window as any).errors)).toEqual([
      expect.stringMatching(/^invalid-option: .*<img> has a <source> without data-consent whose URL is in srcset, so it loads without consent/),
      expect.stringMatching(/^invalid-option: .*<video> has a <source> without data-consent whose URL is in src, so it loads without consent/),
    ])
    expect(await urls(page)).toEqual([null, null])
    await page.evaluate(() => (window as any).consent.set({ marketing: true }))
    expect(await urls(page)).toEqual(['https://px.example.test/big.gif', 'https://cdn.example.test/v.mp4'])
    await page.waitForFunction(() => (document.getElementById('a') as HTMLImageElement).currentSrc === 'https://px.example.test/big.gif')
    await page.evaluate(() => (window as any).consent.set({ marketing: false }))
    const after = hits.length
    expect(await urls(page)).toEqual([null, null])
    await page.waitForTimeout(300)
    expect(hits.slice(after)).toEqual([])
    expect(await page.evaluate(() => (window as any).errors.length)).toBe(2)
    await close()
  })
})

describe('every URL attribute of a gated element: a poster, a preload’s image candidates, <embed>, <object>', () => {
  // Each fetches its URL with the page once the attribute is set: a gate that moved only a player's
  // src, or knew no <embed> and <object>, let these load while denied, unreported.
  const MORE = `<video id="v" data-src="https://cdn.example.test/v.mp4" data-poster="https://px.example.test/poster.gif" data-consent="marketing"></video>
<link id="p" rel="preload" as="image" data-href="https://px.example.test/hero.gif" data-imagesrcset="https://px.example.test/hero2.gif 2x" data-consent="marketing">
<embed id="e" type="text/html" data-src="https://frame.example.test/embed" data-consent="marketing">
<object id="o" type="text/html" data-data="https://frame.example.test/object" data-consent="marketing"></object>`
  const urls = (page: Page) =>
    page.evaluate(() =>
      [
        ['v', 'poster'],
        ['p', 'imagesrcset'],
        ['e', 'src'],
        ['o', 'data'],
      ].map(([id, name]) => document.getElementById(id!)!.getAttribute(name!)),
    )

  it('nothing is fetched while denied; a grant sets each, a revoke removes each', async () => {
    const { page, hits, pageErrors, close } = await open(undefined, MORE)
    await page.evaluate(() => (window as any).consent.ready())
    await page.waitForTimeout(300)
    expect(hits).toEqual([])
    expect(await urls(page)).toEqual([null, null, null, null])
    await page.evaluate(() => (window as any).consent.set({ marketing: true }))
    expect(await urls(page)).toEqual(['https://px.example.test/poster.gif', 'https://px.example.test/hero2.gif 2x', 'https://frame.example.test/embed', 'https://frame.example.test/object'])
    await expect.poll(() => [...new Set(hits)].sort()).toEqual(['cdn.example.test', 'frame.example.test', 'px.example.test'])
    await page.evaluate(() => (window as any).consent.set({ marketing: false }))
    expect(await urls(page)).toEqual([null, null, null, null])
    expect(await page.evaluate(() => (window as any).errors)).toEqual([])
    expect(pageErrors).toEqual([])
    await close()
  })

  it('a poster live in the markup is reported and blanked while denied', async () => {
    const { page, close } = await open(undefined, `<video id="v" data-src="https://cdn.example.test/v.mp4" poster="https://px.example.test/live.gif" data-consent="marketing"></video>`)
    await page.evaluate(() => (window as any).consent.ready())
    expect(await page.evaluate(() => (window as any).errors)).toEqual([expect.stringMatching(/^invalid-option: .*<video> has its URL in poster, so it loads without consent; move it to data-poster/)])
    expect(await page.evaluate(() => document.getElementById('v')!.getAttribute('poster'))).toBeNull()
    await close()
  })
})
