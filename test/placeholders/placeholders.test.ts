import { afterEach, describe, expect, it } from 'vitest'
import { gateElements } from 'consentry'
import { showPlaceholders } from '../../src/placeholders/index.js'
import { make } from '../core/setup.js'

// showPlaceholders in happy-dom: what is shown, and that texts stay text. Trusted clicks, sizing,
// axe and CSP are checked in Chromium (test/e2e/placeholders.e2e.test.ts).
afterEach(() => {
  document.body.innerHTML = ''
})
const hosts = () => Array.from(document.querySelectorAll<HTMLElement>('[data-consentry-placeholder]'))
const text = (host: HTMLElement) => host.shadowRoot!.textContent

describe('showPlaceholders()', () => {
  it('one placeholder per blocked iframe/video/audio, naming the embed and the category; none for pixels', () => {
    document.body.innerHTML = `<iframe id="a" data-src="https://www.youtube-nocookie.com/embed/x" data-consent="advertising"></iframe>
<video id="b" data-title="Product film" data-category="analytics advertising"></video>
<img data-src="/p.gif" data-consent="advertising" alt="">`
    const { consent } = make()
    consent.set({ analytics: false, advertising: false })
    showPlaceholders(consent, { loadOnce: true })
    expect(hosts()).toHaveLength(2)
    expect(text(hosts()[0]!)).toBe('www.youtube-nocookie.com is blocked until you allow Advertising.Allow AdvertisingLoad this once')
    expect(text(hosts()[1]!)).toBe('Product film is blocked until you allow Analytics, Advertising.Allow Analytics, AdvertisingLoad this once')
    expect((document.querySelector('#a') as HTMLElement).style.getPropertyValue('display')).toBe('none')
  })

  it('goes when the categories are granted, comes back on revoke, and the stop function cleans up', () => {
    document.body.innerHTML = '<iframe id="a" data-src="/x" data-consent="advertising" title="Clip"></iframe>'
    const { consent } = make()
    const stop = showPlaceholders(consent)
    gateElements(consent)
    consent.set({ advertising: true })
    expect(hosts()).toHaveLength(0)
    expect((document.querySelector('#a') as HTMLElement).style.getPropertyValue('display')).toBe('')
    consent.set({ advertising: false })
    expect(hosts()).toHaveLength(1)
    stop()
    expect(hosts()).toHaveLength(0)
    expect((document.querySelector('#a') as HTMLElement).style.getPropertyValue('display')).toBe('')
  })

  it.each([
    ['before the gate', (consent: ReturnType<typeof make>['consent']) => (showPlaceholders(consent), gateElements(consent))],
    ['after the gate', (consent: ReturnType<typeof make>['consent']) => (gateElements(consent), showPlaceholders(consent))],
  ])('none over an embed whose URL was in src (it loaded with the page), started %s; still one over a held-back embed', (_, start) => {
    document.body.innerHTML = `<iframe id="live" src="https://frame.example.test/x" data-consent="advertising" title="Live"></iframe>
<video id="media" src="https://cdn.example.test/v.mp4" data-consent="advertising"></video>
<iframe id="held" data-src="https://frame.example.test/y" data-consent="advertising" title="Held"></iframe>`
    const { consent } = make()
    consent.set({ advertising: false })
    start(consent)
    consent.set({ analytics: true })
    expect(hosts().map((host) => host.nextElementSibling?.id)).toEqual(['held'])
    expect(document.querySelector('#live')!.getAttribute('src')).toBe('about:blank')
    expect(document.querySelector('#media')!.hasAttribute('src')).toBe(false)
  })

  it('texts are configurable and rendered as text only; a non-string text is reported and replaced', () => {
    document.body.innerHTML = '<iframe data-src="/x" data-consent="advertising" data-title="<img src=x onerror=alert(1)>"></iframe>'
    const { consent, errors } = make()
    showPlaceholders(consent, { texts: { message: '<b>{title}</b> needs {category} $& $1', allow: 42 as never } })
    const root = hosts()[0]!.shadowRoot!
    expect(root.querySelector('p')!.textContent).toBe('<b><img src=x onerror=alert(1)></b> needs Advertising $& $1')
    expect(root.querySelectorAll('img, b')).toHaveLength(0)
    expect(root.querySelector('button')!.textContent).toBe('Allow Advertising')
    expect(errors.map((e) => e.message)).toEqual(['consentry: placeholder text "allow" must be a string; the default is used'])
  })

  it('a misspelled option or text key is reported, never dropped silently', () => {
    document.body.innerHTML = '<iframe data-src="/x" data-consent="advertising"></iframe>'
    const { consent, errors } = make()
    showPlaceholders(consent, { loadonce: true, texts: { mesage: 'Blocked', allow: 'Allow' } } as never)
    expect(errors.map((e) => e.message)).toEqual([
      'consentry: showPlaceholders option "loadonce" is not an option (misspelled?)',
      'consentry: showPlaceholders text "mesage" is not an option (misspelled?)',
    ])
    // Neither is read: no "Load this once" button, the default message.
    expect(hosts()[0]!.shadowRoot!.querySelectorAll('button')).toHaveLength(1)
  })

  it('an untrusted click changes nothing; an unknown category gets no button', () => {
    document.body.innerHTML = '<iframe data-src="/x" data-consent="advertising"></iframe><iframe data-src="/y" data-consent="advertizing"></iframe>'
    const { consent } = make()
    showPlaceholders(consent, { loadOnce: true })
    const [known, unknown] = hosts()
    for (const button of Array.from(known!.shadowRoot!.querySelectorAll('button'))) button.click()
    expect(consent.isGranted('advertising')).toBe(false)
    expect(hosts()).toHaveLength(2)
    expect(unknown!.shadowRoot!.querySelectorAll('button')).toHaveLength(0)
  })

  it('two calls (or a repeated mount without stop) show one placeholder per embed; a grant shows the embed again', () => {
    document.body.innerHTML = '<iframe id="a" data-src="/x" data-consent="advertising" title="Clip"></iframe>'
    const { consent } = make()
    gateElements(consent)
    const stops = [showPlaceholders(consent), showPlaceholders(consent, { loadOnce: true }), showPlaceholders(consent)]
    const display = () => (document.querySelector('#a') as HTMLElement).style.getPropertyValue('display')
    expect(hosts()).toHaveLength(1)
    consent.set({ advertising: true })
    expect(hosts()).toHaveLength(0)
    expect(display()).toBe('')
    consent.set({ advertising: false })
    expect(hosts()).toHaveLength(1)
    for (const stop of stops) stop()
    expect(hosts()).toHaveLength(0)
    expect(display()).toBe('')
  })

  it('an embed gated by a topic names its purpose too, since it loads only with both', () => {
    document.body.innerHTML = '<iframe data-src="/x" data-consent="newsletter" title="Tips"></iframe><iframe data-src="/y" data-consent="advertising newsletter" title="Both"></iframe>'
    const { consent } = make()
    showPlaceholders(consent)
    expect(hosts().map(text)).toEqual([
      'Tips is blocked until you allow Advertising, Newsletter tips.Allow Advertising, Newsletter tips',
      'Both is blocked until you allow Advertising, Newsletter tips.Allow Advertising, Newsletter tips',
    ])
  })

  it('sizes the placeholder from the width/height attributes, without a style attribute in markup', () => {
    document.body.innerHTML = '<iframe data-src="/x" data-consent="advertising" width="560" height="315"></iframe>'
    const { consent } = make()
    showPlaceholders(consent)
    const host = hosts()[0]!
    expect([host.style.width, host.style.height]).toEqual(['560px', '315px'])
  })
})
