import { afterEach, describe, expect, it, vi } from 'vitest'
import { gateScripts } from 'consentry'
import { make } from './setup.js'

// The order in which gateScripts activates tags (the browser's own order for ungated tags):
// `async` tags and types that never run at once; plain tags in document order, an inline one only
// once the external ones before it have loaded; `defer` tags and modules after all of those.
// happy-dom fetches nothing and fires `load` synchronously on insertion, so the order in which
// blocked tags are replaced by active ones is the activation order. Timing with real network
// delays is checked in Chromium (test/integrations/gate-scripts.e2e.test.ts).
function page(html: string) {
  document.body.innerHTML = html
  const { consent } = make()
  const stop = gateScripts(consent)
  const replaced = vi.spyOn(Element.prototype, 'replaceWith')
  const activated = () => {
    const order = replaced.mock.calls.map(([node]) => node as HTMLScriptElement).map((s) => `${s.id}${s.hasAttribute('async') ? ':async' : ''}${s.type ? `:${s.type}` : ''}`)
    replaced.mockClear()
    return order
  }
  return { consent, stop, activated }
}

const blocked = (id: string, attrs = '', body = '') => `<script type="text/plain" data-consent="advertising" id="${id}" ${attrs}>${body}</script>`

afterEach(() => {
  document.body.innerHTML = ''
})

describe('gateScripts() activation order', () => {
  it('async first; plain tags in order; deferred tags and modules last, none of them async', () => {
    const { consent, activated } = page(
      [
        blocked('lib', 'src="/lib.js"'),
        blocked('inline', '', 'lib.use(1)'),
        blocked('deferred', 'defer src="/deferred.js"'),
        blocked('async', 'async src="/async.js"'),
        blocked('plugin', 'src="/plugin.js"'),
        blocked('module', 'data-type="module" src="/module.js"'),
        blocked('module-inline', 'data-type="module"', 'use(2)'),
        blocked('tail', '', 'lib.use(3)'),
      ].join(''),
    )
    expect(activated()).toEqual([])
    consent.set({ advertising: true })
    expect(activated()).toEqual(['async:async', 'lib', 'inline', 'plugin', 'tail', 'deferred', 'module:module', 'module-inline:module'])
  })

  it('types that never run, nomodule tags and async modules go at once; classic types and inline async/defer tags keep their place', () => {
    const { consent, activated } = page(
      [
        blocked('classic', 'data-type="application/javascript"', 'x()'),
        blocked('deferred', 'defer src="/d.js"'),
        blocked('inline-defer', 'defer', 'y()'),
        blocked('inline-async', 'async', 'z()'),
        blocked('template', 'data-type="text/template"', '<p>x</p>'),
        blocked('legacy', 'nomodule src="/legacy.js"'),
        blocked('async-module', 'data-type="module" async src="/m.js"'),
        blocked('ecma', 'data-type="text/ecmascript"', 'w()'),
      ].join(''),
    )
    consent.set({ advertising: true })
    expect(activated()).toEqual(['template:text/template', 'legacy', 'async-module:async:module', 'classic:application/javascript', 'inline-defer', 'inline-async', 'ecma:text/ecmascript', 'deferred'])
  })

  it('a tag removed while waiting stays out; after stop() nothing is activated', () => {
    const { consent, stop, activated } = page([blocked('lib', 'src="/lib.js"'), blocked('inline', '', 'x()')].join(''))
    document.getElementById('inline')!.remove()
    consent.set({ advertising: true })
    expect(activated()).toEqual(['lib'])
    consent.set({ advertising: false })
    document.body.insertAdjacentHTML('beforeend', blocked('late', 'src="/late.js"'))
    activated()
    stop()
    consent.set({ advertising: true })
    expect(activated()).toEqual([])
  })

  it('while the page is still parsing, deferred tags wait; one revoked or removed meanwhile stays blocked', () => {
    const readyState = vi.spyOn(document, 'readyState', 'get').mockReturnValue('loading')
    const { consent, activated } = page(
      [
        blocked('lib', 'src="/lib.js"'),
        blocked('gone', 'defer src="/gone.js"'),
        blocked('later', 'defer src="/later.js"'),
        `<script type="text/plain" data-consent="analytics" id="other" defer src="/o.js"></script>`,
      ].join(''),
    )
    consent.set({ advertising: true })
    expect(activated()).toEqual(['lib'])
    document.getElementById('gone')!.remove()
    consent.set({ analytics: false })
    readyState.mockReturnValue('interactive')
    document.dispatchEvent(new Event('DOMContentLoaded'))
    expect(activated()).toEqual(['later'])
    expect((document.getElementById('other') as HTMLScriptElement).type).toBe('text/plain')
  })

  it('data-consent may carry extra whitespace between and around the ids', () => {
    const { consent, activated } = page(`<script type="text/plain" data-consent="  advertising   analytics " id="spaced">x()</script>`)
    consent.set({ advertising: true })
    expect(activated()).toEqual(['spaced'])
  })
})
