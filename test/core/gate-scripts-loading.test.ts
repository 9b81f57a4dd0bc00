import { afterEach, describe, expect, it, vi } from 'vitest'
import { gateScripts } from 'consentry'
import { make } from './setup.js'

// gateScripts while external tags are still loading. happy-dom fetches nothing and fires `load`
// (or `error`) the moment a script is inserted; here those events are held at the document
// (a capturing listener runs before the script's own) and delivered when the test says the
// file arrived, as a network would. Real network timing: the Chromium tests.
let delivering: Event | undefined
function holdLoads() {
  const hold = (event: Event) => {
    if (event.target instanceof HTMLScriptElement && event !== delivering) event.stopImmediatePropagation()
  }
  document.addEventListener('load', hold, true)
  document.addEventListener('error', hold, true)
  return () => {
    document.removeEventListener('load', hold, true)
    document.removeEventListener('error', hold, true)
  }
}
/** The file of active tag `id` arrived (`load`) or failed (`error`). */
function arrive(id: string, type: 'load' | 'error' = 'load') {
  delivering = new Event(type)
  try {
    document.getElementById(id)?.dispatchEvent(delivering)
  } finally {
    delivering = undefined
  }
}
const isActive = (id: string) => (document.getElementById(id) as HTMLScriptElement).type !== 'text/plain'
const blocked = (id: string, attrs = '', body = '') => `<script type="text/plain" data-consent="advertising" id="${id}" ${attrs}>${body}</script>`

let release = () => {}
afterEach(() => {
  release()
  document.body.innerHTML = ''
})

describe('gateScripts() with files still loading', () => {
  it('an inline tag waits for the external tags before it to load or fail; the tags after it wait for it', () => {
    release = holdLoads()
    document.body.innerHTML = [blocked('lib', 'src="/lib.js"'), blocked('use-lib', '', 'lib()'), blocked('plugin', 'src="/plugin.js"'), blocked('use-plugin', '', 'plugin()')].join('')
    const { consent } = make()
    gateScripts(consent)
    consent.set({ advertising: true })
    expect(['lib', 'use-lib', 'plugin', 'use-plugin'].map(isActive)).toEqual([true, false, false, false])
    arrive('lib')
    expect(['lib', 'use-lib', 'plugin', 'use-plugin'].map(isActive)).toEqual([true, true, true, false])
    // A file that fails to load does not hold the page's other tags forever.
    arrive('plugin', 'error')
    expect(isActive('use-plugin')).toBe(true)
  })

  it('consecutive external tags are all inserted at once (the browser keeps their order)', () => {
    release = holdLoads()
    document.body.innerHTML = [blocked('a', 'src="/a.js"'), blocked('b', 'src="/b.js"'), blocked('c', '', 'a(); b()')].join('')
    const { consent } = make()
    gateScripts(consent)
    consent.set({ advertising: true })
    expect(['a', 'b', 'c'].map(isActive)).toEqual([true, true, false])
    arrive('a')
    expect(isActive('c')).toBe(false)
    arrive('b')
    expect(isActive('c')).toBe(true)
  })

  it('stopped while tags wait, it activates none of them when the files arrive', () => {
    release = holdLoads()
    document.body.innerHTML = [blocked('lib', 'src="/lib.js"'), blocked('use-lib', '', 'lib()')].join('')
    const { consent } = make()
    const stop = gateScripts(consent)
    consent.set({ advertising: true })
    stop()
    arrive('lib')
    expect(isActive('use-lib')).toBe(false)
  })

  it('a tag revoked while it waits stays blocked', () => {
    release = holdLoads()
    document.body.innerHTML = [blocked('lib', 'src="/lib.js"'), blocked('use-lib', '', 'lib()')].join('')
    const { consent } = make()
    gateScripts(consent)
    consent.set({ advertising: true })
    consent.set({ advertising: false })
    arrive('lib')
    expect(isActive('use-lib')).toBe(false)
  })
})

describe('gateScripts() without MutationObserver', () => {
  it('still follows consent changes (tags added later are found on the next change), and stops', () => {
    vi.stubGlobal('MutationObserver', undefined)
    try {
      document.body.innerHTML = blocked('early', '', 'x()')
      const { consent, errors } = make()
      const stop = gateScripts(consent)
      consent.set({ advertising: true })
      expect(isActive('early')).toBe(true)
      document.body.insertAdjacentHTML('beforeend', blocked('late', '', 'y()'))
      consent.set({ analytics: false })
      expect(isActive('late')).toBe(true)
      stop()
      document.body.insertAdjacentHTML('beforeend', blocked('after-stop', '', 'z()'))
      consent.set({ analytics: true })
      expect(isActive('after-stop')).toBe(false)
      expect(errors).toEqual([])
    } finally {
      vi.unstubAllGlobals()
    }
  })
})

describe('the active copy of a tag', () => {
  it('keeps the nonce the browser hides from the attribute after parsing', () => {
    // HTML's "nonce hiding": once parsed, the nonce content attribute reads "" and only the
    // `nonce` property keeps the value (https://html.spec.whatwg.org/#nonce-attributes).
    document.body.innerHTML = blocked('tag', 'nonce=""', 'x()')
    const tag = document.getElementById('tag') as HTMLScriptElement
    Object.defineProperty(tag, 'nonce', { value: 'r4nd0m', configurable: true })
    const { consent } = make()
    consent.set({ advertising: true })
    gateScripts(consent)
    expect((document.getElementById('tag') as HTMLScriptElement).nonce).toBe('r4nd0m')
  })

  it('keeps every other attribute, and data-type becomes its type', () => {
    document.body.innerHTML = blocked('tag', 'src="/m.js" data-type="module" crossorigin="anonymous" integrity="sha384-x" referrerpolicy="no-referrer"')
    const { consent } = make()
    consent.set({ advertising: true })
    gateScripts(consent)
    const active = document.getElementById('tag') as HTMLScriptElement
    expect(Object.fromEntries(Array.from(active.attributes, ({ name, value }) => [name, value]))).toEqual({
      id: 'tag',
      src: '/m.js',
      type: 'module',
      'data-type': 'module',
      'data-consent': 'advertising',
      crossorigin: 'anonymous',
      integrity: 'sha384-x',
      referrerpolicy: 'no-referrer',
    })
  })
})

// A second copy of consentry on the page (another bundle) is its own module instance; it must
// read script types as the first does. `vi.resetModules()` gives this test that copy.
describe('a second copy of the entry', () => {
  it('holds classic tags of every JavaScript type behind a loading file, and releases types that never run at once', async () => {
    vi.resetModules()
    const copy = await import('consentry')
    release = holdLoads()
    document.body.innerHTML = [
      blocked('lib', 'src="/lib.js"'),
      blocked('plain', '', 'a()'),
      blocked('typed', 'data-type="text/javascript"', 'b()'),
      blocked('legacy', 'data-type="application/x-ecmascript"', 'c()'),
      blocked('upper', 'data-type="TEXT/JAVASCRIPT"', 'd()'),
      blocked('template', 'data-type="text/template"', '<p>e</p>'),
      blocked('json', 'data-type="application/json"', '{}'),
      `<script type="text/plain" data-category="advertising" id="by-category">f()</script>`,
    ].join('')
    const { consent } = make()
    const stop = copy.gateScripts(consent)
    consent.set({ advertising: true })
    const ids = ['lib', 'plain', 'typed', 'legacy', 'upper', 'template', 'json', 'by-category']
    expect(ids.map(isActive)).toEqual([true, false, false, false, false, true, true, false])
    arrive('lib')
    expect(ids.map(isActive)).toEqual(ids.map(() => true))
    stop()
  })
})
