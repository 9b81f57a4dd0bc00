import { afterEach, describe, expect, it } from 'vitest'
import { allowOnce, gateElements, gateScripts } from 'consentry'
import { make } from './setup.js'

// gateElements (issue 16) in happy-dom: which attribute moves where, when. Loading for real
// (network, media, Trusted Types) is checked in Chromium: test/e2e/gate-elements.e2e.test.ts.
const page = (html: string) => {
  document.body.innerHTML = html
  return document.body
}
const $ = (selector: string) => document.querySelector(selector)!
const tick = () => new Promise((resolve) => setTimeout(resolve))
afterEach(() => {
  document.body.innerHTML = ''
})

const EMBEDS = `
<iframe id="f" data-src="https://www.youtube-nocookie.com/embed/x" data-consent="advertising" title="Video"></iframe>
<img id="i" data-src="https://px.example.test/p.gif" data-srcset="https://px.example.test/p2.gif 2x" data-category="analytics" alt="">
<img id="keep" src="/placeholder.png" data-src="https://px.example.test/real.png" data-consent="analytics" alt="">
<video id="v" data-src="https://cdn.example.test/v.mp4" data-consent="advertising"></video>
<audio id="a" data-consent="advertising"><source id="s" data-src="https://cdn.example.test/a.mp3" data-consent="advertising"></audio>
<link id="l" rel="stylesheet" data-href="https://fonts.example.test/f.css" data-consent="analytics advertising">`

describe('gateElements()', () => {
  it('moves each kind of embed’s URLs into place only once all its categories are granted', () => {
    page(EMBEDS)
    const { consent, errors } = make()
    consent.set({ analytics: false, advertising: false })
    gateElements(consent)
    for (const id of ['f', 'i', 'v', 's']) expect($(`#${id}`).hasAttribute('src')).toBe(false)
    expect($('#l').hasAttribute('href')).toBe(false)
    consent.set({ analytics: true })
    expect($('#i').getAttribute('src')).toBe('https://px.example.test/p.gif')
    expect($('#i').getAttribute('srcset')).toBe('https://px.example.test/p2.gif 2x')
    expect($('#keep').getAttribute('src')).toBe('https://px.example.test/real.png')
    expect($('#l').hasAttribute('href')).toBe(false) // needs advertising too
    consent.set({ advertising: true })
    expect($('#f').getAttribute('src')).toBe('https://www.youtube-nocookie.com/embed/x')
    expect($('#v').getAttribute('src')).toBe('https://cdn.example.test/v.mp4')
    expect($('#s').getAttribute('src')).toBe('https://cdn.example.test/a.mp3')
    expect($('#l').getAttribute('href')).toBe('https://fonts.example.test/f.css')
    // <audio data-consent> without data-src: gated, nothing to move.
    expect($('#a').hasAttribute('src')).toBe(false)
    expect(errors).toEqual([])
  })

  it('blanks them again on revoke, restoring what the markup had', () => {
    page(EMBEDS)
    const { consent } = make()
    consent.set({ analytics: true, advertising: true })
    gateElements(consent)
    consent.set({ analytics: false, advertising: false })
    expect($('#f').getAttribute('src')).toBe('about:blank')
    expect($('#i').hasAttribute('src')).toBe(false)
    expect($('#i').hasAttribute('srcset')).toBe(false)
    expect($('#keep').getAttribute('src')).toBe('/placeholder.png')
    expect($('#v').hasAttribute('src')).toBe(false)
    expect($('#s').hasAttribute('src')).toBe(false)
    expect($('#l').hasAttribute('href')).toBe(false)
    consent.set({ advertising: true })
    expect($('#f').getAttribute('src')).toBe('https://www.youtube-nocookie.com/embed/x')
  })

  it('gates elements added later, and stops when told', async () => {
    page('')
    const { consent } = make()
    consent.set({ analytics: true })
    const stop = gateElements(consent)
    document.body.insertAdjacentHTML('beforeend', '<img id="late" data-src="/late.gif" data-consent="analytics" alt="">')
    await tick()
    expect($('#late').getAttribute('src')).toBe('/late.gif')
    stop()
    consent.set({ analytics: false })
    expect($('#late').getAttribute('src')).toBe('/late.gif')
  })

  it('also gates scripts, and accepts data-category on them', () => {
    page('<script type="text/plain" data-category="analytics" id="s1">window.ranS1 = true</script>')
    const { consent } = make()
    consent.set({ analytics: true })
    gateElements(consent)
    expect(($('#s1') as HTMLScriptElement).type).toBe('')
    page('<script type="text/plain" data-category="analytics" id="s2"></script>')
    gateElements(consent, { scripts: false })
    expect(($('#s2') as HTMLScriptElement).type).toBe('text/plain')
  })

  it('fails closed and reports: no category, an unknown one, a javascript: URL', () => {
    page(`<iframe id="n" data-src="/a" data-consent=" " title="a"></iframe>
<iframe id="u" data-src="/b" data-consent="analytics Analytics" title="b"></iframe>
<iframe id="j" data-src=" JavaScript:alert(1)" data-consent="analytics" title="c"></iframe>
<script type="text/plain" data-consent="nope" id="sc"></script>`)
    const { consent, errors } = make()
    consent.set({ analytics: true })
    gateElements(consent)
    consent.set({ advertising: true })
    for (const id of ['n', 'u', 'j']) expect($(`#${id}`).hasAttribute('src')).toBe(false)
    expect(errors.map((e) => `${e.code}: ${e.message}`)).toEqual([
      'unknown-category: consentry: a gated <script> needs "nope", which is not a configured category; it stays blocked',
      'unknown-category: consentry: a gated <iframe> names no category; it stays blocked',
      'unknown-category: consentry: a gated <iframe> needs "Analytics", which is not a configured category; it stays blocked',
      'invalid-option: consentry: a gated <iframe> has a script URL ( JavaScript:alert(1)); it stays blocked',
      'invalid-option: consentry: a gated <iframe> has a script URL ( JavaScript:alert(1)); it stays blocked',
    ])
  })
})

describe('allowOnce()', () => {
  it('loads one embed for this page view; a revoke does not blank it; others stay blocked', () => {
    page(`<iframe id="one" data-src="/one" data-consent="advertising" title="1"></iframe><iframe id="two" data-src="/two" data-consent="advertising" title="2"></iframe>`)
    const { consent, errors } = make()
    gateElements(consent)
    allowOnce(consent, $('#one'))
    expect($('#one').getAttribute('src')).toBe('/one')
    expect($('#two').hasAttribute('src')).toBe(false)
    consent.set({ advertising: true })
    consent.set({ advertising: false })
    expect($('#one').getAttribute('src')).toBe('/one')
    expect($('#two').getAttribute('src')).toBe('about:blank')
    allowOnce(consent, document.body)
    expect(errors.map((e) => e.code)).toEqual(['invalid-option'])
  })
})

// Fuzz: random category attributes on every kind of gated element, random grants. An element is
// active exactly when every ASCII-whitespace-separated token of both attributes is a configured
// category that is granted; anything else (case, Unicode spaces, prototype names, empty) blocks.
describe('gateElements fuzz: never active unless every named category is exactly granted', () => {
  const ids = ['necessary', 'analytics', 'advertising', 'newsletter']
  const tokens = [...ids, 'Analytics', 'analytics\u00a0advertising', '__proto__', 'constructor', 'toString', 'hasOwnProperty', 'analytics,advertising', '*', '']
  const spaces = [' ', '\t', '\n', '  ', '\u00a0', '\u2003']
  let seed = 16
  const rnd = (n: number) => ((seed = (seed * 1103515245 + 12345) % 2 ** 31), seed % n)
  const pick = <T>(list: readonly T[]) => list[rnd(list.length)]!
  const attr = () => Array.from({ length: rnd(4) }, () => pick(tokens)).join(pick(spaces))
  const TAGS = ['iframe', 'img', 'video', 'source', 'link']

  it('holds over 400 random elements and grant sequences', () => {
    for (let round = 0; round < 40; round++) {
      document.body.innerHTML = ''
      const els = Array.from({ length: 10 }, (_, i) => {
        const el = document.createElement(pick(TAGS))
        el.setAttribute(el.localName === 'link' ? 'data-href' : 'data-src', `/r${round}-${i}`)
        if (rnd(3)) el.setAttribute('data-consent', attr())
        if (rnd(3)) el.setAttribute(rnd(2) ? 'data-category' : 'data-consent', attr())
        document.body.append(el)
        return el
      })
      const { consent } = make({ cookie: false, onError: () => {} })
      const stop = gateElements(consent)
      for (let step = 0; step < 4; step++) {
        consent.set(Object.fromEntries(ids.slice(1).map((id) => [id, rnd(2) === 1])))
        const granted = (id: string) => ids.includes(id) && consent.get().categoryPreferences[id] === true
        for (const el of els) {
          const needed = `${el.getAttribute('data-consent') ?? ''} ${el.getAttribute('data-category') ?? ''}`.split(/[\t\n\f\r ]+/).filter(Boolean)
          const expected = needed.length > 0 && needed.every(granted)
          const url = el.getAttribute(el.localName === 'link' ? 'href' : 'src')
          expect(url !== null && url !== 'about:blank', `${el.outerHTML} after ${JSON.stringify(consent.get().categoryPreferences)}`).toBe(expected)
        }
      }
      stop()
      consent.destroy()
    }
  })
})

// The same rule for scripts, through gateScripts alone. Before issue 16 gateScripts split on
// JavaScript's \s, which includes U+00A0 and U+2003: "analytics\u00a0advertising" ran once both
// were granted, though HTML reads it as one token that names no configured category.
describe('gateScripts fuzz: the same exact-token rule', () => {
  const tokens = ['analytics', 'advertising', 'Analytics', '__proto__', 'constructor', 'analytics\u00a0advertising', 'advertising\u2003analytics']
  let seed = 7
  const rnd = (n: number) => ((seed = (seed * 1103515245 + 12345) % 2 ** 31), seed % n)
  it('runs a tag only when every ASCII-whitespace token is a granted category', () => {
    for (let round = 0; round < 30; round++) {
      const values = Array.from({ length: 6 }, () => Array.from({ length: 1 + rnd(2) }, () => tokens[rnd(tokens.length)]).join(' '))
      document.body.innerHTML = values.map((v, i) => `<script type="text/plain" id="t${i}" data-consent="${v}"></script>`).join('')
      const { consent } = make({ cookie: false, onError: () => {} })
      consent.set({ analytics: true, advertising: true })
      const stop = gateScripts(consent)
      values.forEach((value, i) => {
        const expected = value.split(' ').every((id) => id === 'analytics' || id === 'advertising')
        expect(($(`#t${i}`) as HTMLScriptElement).type === '', JSON.stringify(value)).toBe(expected)
      })
      stop()
      consent.destroy()
    }
  })
})
