import { afterEach, describe, expect, it, vi } from 'vitest'
import { allowOnce, gateElements as startGating } from 'consentry'
import { make } from './setup.js'

// What gated embeds do beyond moving URLs (test/core/gate-elements.test.ts): media start over from
// their new source and stop on a revoke, script URLs and odd arguments are refused and reported,
// allowOnce reaches a player's gated <source> children. happy-dom's media elements do what the HTML
// standard says a browser does: load() fires "emptied", pause() sets `paused` and fires "pause".
const $ = <E extends Element = HTMLElement>(selector: string) => document.querySelector<E>(selector)!
// Every gate is stopped after its test: a gate left observing the document would blank the next
// test's elements (the set of active embeds is shared by every gate on the page).
const stops: (() => void)[] = []
const gateElements: typeof startGating = (...args) => {
  const stop = startGating(...args)
  stops.push(stop)
  return stop
}
afterEach(() => {
  for (const stop of stops.splice(0)) stop()
  document.body.innerHTML = ''
})

/** Counts the "emptied" (load()) and "pause" events a media element fires. */
function watchMedia(media: HTMLMediaElement) {
  const seen = { loads: 0, pauses: 0 }
  media.addEventListener('emptied', () => seen.loads++)
  media.addEventListener('pause', () => seen.pauses++)
  return seen
}

describe('gated media', () => {
  it('a <video> or <audio> reloads once when granted; a playing one stops and reloads on revoke', async () => {
    document.body.innerHTML = '<video id="v" data-src="/clip.mp4" data-consent="advertising"></video><audio id="a" data-src="/clip.mp3" data-consent="advertising"></audio>'
    const players = [$<HTMLMediaElement>('#v'), $<HTMLMediaElement>('#a')]
    const seen = players.map(watchMedia)
    const { consent } = make()
    gateElements(consent)
    expect(seen).toEqual([
      { loads: 0, pauses: 0 },
      { loads: 0, pauses: 0 },
    ])
    consent.set({ advertising: true })
    expect(seen).toEqual([
      { loads: 1, pauses: 0 },
      { loads: 1, pauses: 0 },
    ])
    // A change that leaves the players granted does not restart them.
    consent.set({ analytics: false })
    consent.set({ analytics: true })
    expect(seen.map((s) => s.loads)).toEqual([1, 1])
    for (const player of players) await player.play()
    expect(players.map((p) => p.paused)).toEqual([false, false])
    consent.set({ advertising: false })
    expect(players.map((p) => p.paused)).toEqual([true, true])
    expect(seen).toEqual([
      { loads: 2, pauses: 1 },
      { loads: 2, pauses: 1 },
    ])
  })

  it('a gated <source> reloads its player, not itself; an image or iframe has nothing to reload', () => {
    document.body.innerHTML = `<video id="v"><source id="s" data-src="/clip.webm" data-consent="advertising"></video>
<img id="i" data-src="/p.gif" data-consent="advertising" alt=""><iframe id="f" data-src="/f" data-consent="advertising" title="f"></iframe>`
    const seen = watchMedia($<HTMLMediaElement>('#v'))
    const { consent, errors } = make()
    gateElements(consent)
    consent.set({ advertising: true })
    expect($('#s').getAttribute('src')).toBe('/clip.webm')
    expect(seen).toEqual({ loads: 1, pauses: 0 })
    consent.set({ advertising: false })
    expect($('#s').hasAttribute('src')).toBe(false)
    expect(seen.loads).toBe(2)
    expect(errors).toEqual([])
  })

  it('a <video> that is not gated, around a gated <source>, stays as the markup has it', () => {
    document.body.innerHTML = `<video id="v" src="/trailer.mp4"><source id="s" data-src="/clip.webm" data-consent="advertising"></video>`
    const { consent } = make()
    gateElements(consent)
    consent.set({ advertising: true })
    consent.set({ advertising: false })
    expect($('#v').getAttribute('src')).toBe('/trailer.mp4')
  })
})

describe('script URLs in gated embeds', () => {
  // The URL parser drops tabs and newlines and lowercases the scheme: each of these runs as code.
  it.each(['javascript:alert(1)', 'JAVASCRIPT:alert(1)', 'java\tscript:alert(1)', '\njavascript:alert(1)', 'vbscript:msgbox(1)', 'VBScript:msgbox(1)'])(
    '%j never loads, in src or srcset, and is reported',
    (url) => {
      document.body.innerHTML = '<img id="a" data-consent="analytics" alt=""><img id="b" data-src="/fine.gif" data-consent="analytics" alt="">'
      $('#a').setAttribute('data-src', url)
      $('#b').setAttribute('data-srcset', url)
      const { consent, errors } = make()
      consent.set({ analytics: true })
      gateElements(consent)
      for (const id of ['a', 'b']) {
        expect($(`#${id}`).hasAttribute('src')).toBe(false)
        expect($(`#${id}`).hasAttribute('srcset')).toBe(false)
      }
      expect(errors.map((e) => e.code)).toEqual(['invalid-option', 'invalid-option'])
    },
  )

  it.each(['notjavascript:x', 'javascript-docs/intro', 'https://example.test/javascript:', '/vbscript:x', 'data:image/gif;base64,R0lGODlhAQABAAAAACw='])('%j is not a script URL: it loads', (url) => {
    document.body.innerHTML = '<img id="a" data-consent="analytics" alt="">'
    $('#a').setAttribute('data-src', url)
    const { consent, errors } = make()
    consent.set({ analytics: true })
    gateElements(consent)
    expect($('#a').getAttribute('src')).toBe(url)
    expect(errors).toEqual([])
  })

  it('a URL the parser rejects is no script: it is moved into place for the browser to refuse', () => {
    document.body.innerHTML = '<iframe id="f" data-src="http://[not-a-host" data-consent="analytics" title="f"></iframe>'
    const { consent, errors } = make()
    consent.set({ analytics: true })
    gateElements(consent)
    expect($('#f').getAttribute('src')).toBe('http://[not-a-host')
    expect(errors).toEqual([])
  })

  it('the report quotes at most the first 40 characters of the URL', () => {
    const url = `javascript:${'a'.repeat(100)}`
    document.body.innerHTML = `<iframe id="f" data-src="${url}" data-consent="analytics" title="f"></iframe>`
    const { consent, errors } = make()
    consent.set({ analytics: true })
    gateElements(consent)
    expect(errors.map((e) => e.message)).toEqual([`consentry: a gated <iframe> has a script URL (${url.slice(0, 40)}); it stays blocked`])
  })
})

function scriptTag() {
  const script = document.body.appendChild(document.createElement('script'))
  script.type = 'text/plain'
  script.setAttribute('data-consent', 'advertising')
  return script
}

describe('allowOnce() arguments', () => {
  it.each([
    ['null', () => null],
    ['a text node', () => document.createTextNode('video')],
    ['a plain object', () => ({})],
    ['an ungated iframe', () => document.body.appendChild(document.createElement('iframe'))],
    ['a gated script', () => scriptTag()],
  ])('%s is reported, not thrown, and loads nothing', (_, target) => {
    document.body.innerHTML = '<iframe id="f" data-src="/f" data-consent="advertising" title="f"></iframe>'
    const { consent, errors } = make()
    gateElements(consent, { scripts: false })
    const element = target()
    expect(() => allowOnce(consent, element as Element)).not.toThrow()
    expect($('#f').hasAttribute('src')).toBe(false)
    expect(errors.map((e) => `${e.code}: ${e.message}`)).toEqual(['invalid-option: consentry: allowOnce() needs a gated iframe, img, video, audio, source or link'])
  })

  it('on a gated player, also loads its gated <source> children for this page view, and leaves others alone', () => {
    document.body.innerHTML = `<video id="v" data-consent="advertising">
<source id="a" data-src="/a.webm" data-consent="advertising"><source id="b" data-src="/b.mp4" data-category="advertising"><source id="c" data-src="/c.ogv"></video>
<video id="w"><source id="d" data-src="/d.webm" data-consent="advertising"></video>`
    const seen = watchMedia($<HTMLMediaElement>('#v'))
    const { consent, errors } = make()
    gateElements(consent)
    allowOnce(consent, $('#v'))
    expect($('#a').getAttribute('src')).toBe('/a.webm')
    expect($('#b').getAttribute('src')).toBe('/b.mp4')
    expect($('#c').hasAttribute('src')).toBe(false)
    expect($('#d').hasAttribute('src')).toBe(false)
    expect(seen.loads).toBeGreaterThan(0)
    consent.set({ advertising: true })
    consent.set({ advertising: false })
    // Loaded once: a revoke does not blank them; the other player's source follows consent.
    expect($('#a').getAttribute('src')).toBe('/a.webm')
    expect($('#b').getAttribute('src')).toBe('/b.mp4')
    expect($('#d').hasAttribute('src')).toBe(false)
    expect(errors).toEqual([])
  })

  it('loads an element that is not in the page (yet): it has no player to reload', () => {
    const { consent, errors } = make()
    for (const tag of ['img', 'iframe']) {
      const element = document.createElement(tag)
      element.setAttribute('data-src', `/${tag}`)
      element.setAttribute('data-consent', 'advertising')
      allowOnce(consent, element)
      expect(element.getAttribute('src')).toBe(`/${tag}`)
    }
    expect(errors).toEqual([])
  })

  it('is not undone by a later revoke even before gateElements ran', () => {
    document.body.innerHTML = '<img id="i" data-src="/i.gif" data-consent="advertising" alt="">'
    const { consent } = make()
    allowOnce(consent, $('#i'))
    expect($('#i').getAttribute('src')).toBe('/i.gif')
    gateElements(consent)
    consent.set({ advertising: false })
    expect($('#i').getAttribute('src')).toBe('/i.gif')
  })
})

describe('a gated <link>', () => {
  it('moves only data-href, never a data-src', () => {
    document.body.innerHTML = '<link id="l" rel="stylesheet" data-href="/a.css" data-src="/b.css" data-consent="analytics">'
    const { consent } = make()
    gateElements(consent)
    consent.set({ analytics: true })
    expect($('#l').getAttribute('href')).toBe('/a.css')
    expect($('#l').hasAttribute('src')).toBe(false)
  })
})

describe('a gated iframe or player without data-srcset', () => {
  it.each(['iframe', 'video', 'audio'])('<%s> never gets a srcset', (tag) => {
    document.body.innerHTML = `<${tag} id="e" data-src="/e" data-srcset="/e2 2x" data-consent="analytics"></${tag}>`
    const { consent } = make()
    gateElements(consent)
    consent.set({ analytics: true })
    expect($('#e').getAttribute('src')).toBe('/e')
    expect($('#e').hasAttribute('srcset')).toBe(false)
  })
})

describe('gateElements() lifecycle', () => {
  it('stopped from a consent listener during the same change, it activates nothing more', () => {
    document.body.innerHTML = '<img id="i" data-src="/i.gif" data-consent="advertising" alt=""><script type="text/plain" id="s" data-consent="advertising"></script>'
    const { consent } = make()
    let stop = () => {}
    consent.subscribe(() => stop())
    stop = gateElements(consent)
    consent.set({ advertising: true })
    expect($('#i').hasAttribute('src')).toBe(false)
    expect($<HTMLScriptElement>('#s').type).toBe('text/plain')
  })

  it('works without MutationObserver (then it follows consent changes only), and stops', () => {
    vi.stubGlobal('MutationObserver', undefined)
    try {
      document.body.innerHTML = '<img id="i" data-src="/i.gif" data-consent="analytics" alt="">'
      const { consent, errors } = make()
      const stop = gateElements(consent, { scripts: false })
      consent.set({ analytics: true })
      expect($('#i').getAttribute('src')).toBe('/i.gif')
      document.body.insertAdjacentHTML('beforeend', '<img id="late" data-src="/late.gif" data-consent="analytics" alt="">')
      consent.set({ advertising: true })
      expect($('#late').getAttribute('src')).toBe('/late.gif')
      expect(() => stop()).not.toThrow()
      consent.set({ analytics: false })
      expect($('#i').getAttribute('src')).toBe('/i.gif')
      expect(errors).toEqual([])
    } finally {
      vi.unstubAllGlobals()
    }
  })

  it('with scripts: false, stop() still stops the embeds', async () => {
    document.body.innerHTML = '<img id="i" data-src="/i.gif" data-consent="advertising" alt="">'
    const { consent } = make()
    const stop = gateElements(consent, { scripts: false })
    expect(() => stop()).not.toThrow()
    document.body.insertAdjacentHTML('beforeend', '<img id="late" data-src="/late.gif" data-consent="advertising" alt="">')
    consent.set({ advertising: true })
    await new Promise((resolve) => setTimeout(resolve))
    expect($('#i').hasAttribute('src')).toBe(false)
    expect($('#late').hasAttribute('src')).toBe(false)
  })
})

// A second copy of consentry on the page (another bundle) is its own module instance: it must
// gate every kind of embed exactly as the first. `vi.resetModules()` gives this test that copy.
describe('a second copy of the entry', () => {
  it('gates every kind of embed, by either attribute, as the first copy does', async () => {
    vi.resetModules()
    const copy = await import('consentry')
    document.body.innerHTML = `<iframe id="f" data-src="/f" data-category="advertising" title="f"></iframe>
<img id="i" src="/placeholder.gif" data-src="/i.gif" data-srcset="/i2.gif 2x" data-consent="advertising" alt="">
<video id="v" data-src="/v.mp4" data-category="advertising"></video>
<audio id="a"><source id="s" data-src="/a.mp3" data-srcset="/a2.mp3" data-consent="advertising"></audio>
<link id="l" rel="stylesheet" data-href="/l.css" data-category="advertising">
<div id="d" data-src="/d" data-consent="advertising"></div><embed id="e" data-src="/e.swf" data-category="advertising">`
    const seen = [watchMedia($<HTMLMediaElement>('#v')), watchMedia($<HTMLMediaElement>('#a'))]
    const { consent, errors } = make()
    stops.push(copy.gateElements(consent))
    const attributes = () =>
      ['f', 'i', 'v', 's', 'l'].map((id) =>
        Object.fromEntries(
          Array.from($(`#${id}`).attributes)
            .filter(({ name }) => ['src', 'srcset', 'href'].includes(name))
            .map(({ name, value }) => [name, value]),
        ),
      )
    expect(attributes()).toEqual([{}, { src: '/placeholder.gif' }, {}, {}, {}])
    consent.set({ advertising: true })
    expect(attributes()).toEqual([{ src: '/f' }, { src: '/i.gif', srcset: '/i2.gif 2x' }, { src: '/v.mp4' }, { src: '/a.mp3', srcset: '/a2.mp3' }, { href: '/l.css' }])
    expect(seen.map((s) => s.loads)).toEqual([1, 1])
    // Only the kinds it knows (an <embed> among them): a <div> carrying the attributes is no embed it moves.
    expect([$('#d').hasAttribute('src'), $('#e').getAttribute('src')]).toEqual([false, '/e.swf'])
    consent.set({ advertising: false })
    expect(attributes()).toEqual([{ src: 'about:blank' }, { src: '/placeholder.gif' }, {}, {}, {}])
    expect(seen.map((s) => s.loads)).toEqual([2, 2])
    copy.allowOnce(consent, $('#f'))
    expect($('#f').getAttribute('src')).toBe('/f')
    expect(errors).toEqual([])
  })
})

// Every way the markup may set an image's or an iframe's URL attributes, with or without their
// data- twins: while denied, nothing the browser would show comes from a gated URL or from a live
// URL left unreported; a grant shows the gated one; a revoke is the denied state again.
describe('live URLs beside data- twins, every combination', () => {
  const KINDS = [
    {
      tag: 'img',
      pairs: [
        ['data-src', 'src'],
        ['data-srcset', 'srcset'],
      ],
    },
    {
      tag: 'iframe',
      pairs: [
        ['data-src', 'src'],
        ['data-srcdoc', 'srcdoc'],
      ],
    },
  ] as const
  // An attribute absent, a placeholder of the markup's, or the same value as its twin.
  const VALUES = ['absent', 'placeholder', 'copy'] as const
  for (const { tag, pairs } of KINDS) {
    for (const low of VALUES)
      for (const high of VALUES)
        for (const twins of [0, 1, 2, 3]) {
          it(`<${tag}> ${pairs[0][1]}: ${low}, ${pairs[1][1]}: ${high}, twins ${twins}`, () => {
            const el = document.createElement(tag)
            const markup: Record<string, string> = {}
            pairs.forEach(([from, to], i) => {
              const twin = twins & (1 << i) ? `/gated-${to}` : undefined
              if (twin) markup[from] = twin
              const value = [low, high][i]
              if (value === 'placeholder') markup[to] = `/placeholder-${to}`
              // A src without its twin beside a data-srcset (data-srcdoc) twin is the documented
              // placeholder: the browser prefers the gated attribute once it is set.
              if (value === 'copy') markup[to] = twin ?? (i === 0 && twins & 2 ? `/placeholder-${to}` : `/live-${to}`)
            })
            for (const [name, value] of Object.entries(markup)) el.setAttribute(name, value)
            el.setAttribute('data-consent', 'advertising')
            document.body.append(el)
            const { consent, errors } = make()
            gateElements(consent)
            // What the browser shows: the attribute it prefers (srcset, srcdoc) if set, else src.
            const shown = () => el.getAttribute(pairs[1][1]) ?? (el.getAttribute(pairs[0][1]) === 'about:blank' ? null : el.getAttribute(pairs[0][1]))
            const gated = pairs.map(([from]) => markup[from]).filter(Boolean)
            const denied = shown()
            // Never a gated URL nor a live one: nothing, or a placeholder of the markup's.
            expect(gated).not.toContain(denied)
            expect(denied === null || denied.startsWith('/placeholder-')).toBe(true)
            // A URL copied into a URL attribute (beside its twin, or with none) loaded with the page: reported.
            if (Object.values(markup).some((v) => v.startsWith('/live-') || (v.startsWith('/gated-') && Object.values(markup).indexOf(v) !== Object.values(markup).lastIndexOf(v))))
              expect(errors.length).toBeGreaterThan(0)
            // Whatever the markup showed and no longer shows while denied was reported, once each.
            const before = markup[pairs[1][1]] ?? markup[pairs[0][1]] ?? null
            if (before !== null && before !== denied) expect(errors.length).toBeGreaterThan(0)
            consent.set({ advertising: true })
            const granted = shown()
            expect(granted).toBe(el.getAttribute(pairs[1][0]) ?? el.getAttribute(pairs[0][0]))
            consent.set({ advertising: false })
            expect(shown()).toBe(denied)
            expect(errors.every((e) => e.code === 'invalid-option')).toBe(true)
          })
        }
  }
})

describe('a <source> without categories that a gated embed takes its URL from', () => {
  it('is gated with it (a picture’s, a player’s), reported once; other sources are left alone', () => {
    document.body.innerHTML = `<picture><source id="p1" srcset="/a.webp" type="image/webp"><source id="p2" data-srcset="/b.jpg" data-consent="analytics"><source id="p3"><img id="i" data-src="/i.gif" data-consent="advertising" alt=""></picture>
<audio id="a" data-category="advertising"><source id="a1" src="/a.mp3"></audio>
<video id="v" data-src="/v.mp4" data-consent="advertising"><source id="v1" src="/fallback.mp4"></video>
<video id="w"><source id="w1" src="/free.mp4"></video><picture><source id="f1" srcset="/f.webp"><img id="f" src="/f.gif" alt=""></picture>`
    const { consent, errors } = make()
    gateElements(consent)
    const urls = () => ['p1', 'a1', 'v1', 'w1', 'f1'].map((id) => $(`#${id}`).getAttribute('src') ?? $(`#${id}`).getAttribute('srcset'))
    // Denied: the three sources the gated embeds would load are blanked; the ungated embeds' stay.
    expect(urls()).toEqual([null, null, null, '/free.mp4', '/f.webp'])
    expect(errors.map((e) => e.message)).toEqual([
      expect.stringMatching(/<img> has a <source> without data-consent whose URL is in srcset/),
      expect.stringMatching(/<audio> has a <source> without data-consent whose URL is in src/),
      expect.stringMatching(/<video> has a <source> without data-consent whose URL is in src/),
    ])
    // They carry the embed's categories now (data-category for the audio's), and follow them.
    expect([$('#a1').getAttribute('data-category'), $('#p3').hasAttribute('data-consent')]).toEqual(['advertising', false])
    consent.set({ advertising: true })
    expect(urls()).toEqual(['/a.webp', '/a.mp3', '/fallback.mp4', '/free.mp4', '/f.webp'])
    consent.set({ advertising: false })
    expect(urls()).toEqual([null, null, null, '/free.mp4', '/f.webp'])
    expect(errors).toHaveLength(3)
  })
})

describe('the gate’s own blanking is not a live URL', () => {
  it('an iframe whose data-src is about:blank (what a revoke sets) is not reported, and the gate settles', async () => {
    document.body.innerHTML = '<iframe id="f" src="about:blank" data-src="about:blank" data-consent="advertising" title="f"></iframe>'
    const { consent, errors } = make()
    let scans = 0
    // Stops the gate after 50 rounds of mutations, so that a gate that never settles fails this test
    // instead of hanging the run in an endless chain of microtasks.
    const observer = new MutationObserver(() => ++scans > 50 && stop())
    observer.observe(document.body, { attributes: true, subtree: true })
    const stop = gateElements(consent)
    // A consent change rescans while the observer listens: each blanking must not start another.
    consent.set({ advertising: false })
    await new Promise((resolve) => setTimeout(resolve, 50))
    observer.disconnect()
    expect(errors).toEqual([])
    // It settles: a few mutations, not one per microtask for ever.
    expect(scans).toBeLessThan(5)
  })
})

describe('two gates that disagree (two managers) on one embed', () => {
  it('do not answer each other’s writes for ever: the page settles, blanked', async () => {
    document.body.innerHTML = '<img id="i" data-src="/i.gif" data-consent="advertising" alt="">'
    const { consent } = make()
    // A second configuration without the category: its deny-safe view never grants the embed.
    const { consent: other } = make({ categories: [{ id: 'necessary', name: 'Strictly necessary', enforcement: 'always' }] })
    let rounds = 0
    const stops: (() => void)[] = []
    // Stops both gates after 50 rounds of mutations: a ping-pong fails this test instead of hanging the run.
    const observer = new MutationObserver(() => ++rounds > 50 && stops.forEach((stop) => stop()))
    observer.observe(document.body, { attributes: true, subtree: true })
    stops.push(gateElements(consent), gateElements(other))
    consent.set({ advertising: true })
    await new Promise((resolve) => setTimeout(resolve, 50))
    observer.disconnect()
    expect(rounds).toBeLessThan(5)
    expect($('#i').getAttribute('src')).toBeNull()
  })
})

// Every attribute a gated element fetches a URL from is held back, not only its main one: a
// player's poster, a preload's image candidates, an <embed>'s src and an <object>'s data. Each
// case: the gated form loads nothing while denied and its URL on a grant; the same URL live in the
// markup is reported and blanked while denied; a revoke blanks it again.
describe('every URL attribute of a gated element', () => {
  const CASES = [
    ['video', 'poster', 'data-poster', { 'data-src': '/gated-video.mp4' }],
    ['link', 'imagesrcset', 'data-imagesrcset', { rel: 'preload', as: 'image', 'data-href': '/gated-hero.png' }],
    ['embed', 'src', 'data-src', { type: 'image/svg+xml' }],
    ['object', 'data', 'data-data', { type: 'image/svg+xml' }],
  ] as const
  for (const [tag, to, from, extra] of CASES) {
    it(`<${tag} ${from}> sets ${to} only while granted`, () => {
      const el = document.createElement(tag)
      for (const [name, value] of Object.entries({ ...extra, [from]: `/gated-${to}`, 'data-consent': 'advertising' })) el.setAttribute(name, value)
      document.body.append(el)
      const { consent, errors } = make()
      gateElements(consent)
      expect(el.getAttribute(to)).toBeNull()
      consent.set({ advertising: true })
      expect(el.getAttribute(to)).toBe(`/gated-${to}`)
      consent.set({ advertising: false })
      expect(el.getAttribute(to)).toBeNull()
      expect(errors).toEqual([])
    })
    it(`<${tag}> with ${to} live in the markup is reported and blanked while denied`, () => {
      const el = document.createElement(tag)
      for (const [name, value] of Object.entries({ ...extra, [to]: `/live-${to}`, 'data-consent': 'advertising' })) el.setAttribute(name, value)
      document.body.append(el)
      const { consent, errors } = make()
      gateElements(consent)
      expect(el.getAttribute(to)).toBeNull()
      expect(errors.map((e) => e.message)).toEqual([expect.stringContaining(`has its URL in ${to}, so it loads without consent; move it to ${from}`)])
      consent.set({ advertising: true })
      expect(el.getAttribute(to)).toBe(`/live-${to}`)
    })
  }
})
