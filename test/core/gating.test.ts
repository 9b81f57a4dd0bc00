import { describe, expect, it, vi } from 'vitest'
import { gate, gateElements, gateScripts } from 'consentry'
import { make } from './setup.js'

describe('gate()', () => {
  it('loads once when allowed, unloads on revoke, loads again on a new grant', () => {
    const { consent } = make({ destinations: { Hotjar: ['advertising'] } })
    const load = vi.fn()
    const unload = vi.fn()
    gate(consent, { name: 'Hotjar', load, unload })
    expect(load).not.toHaveBeenCalled()
    consent.set({ advertising: true })
    consent.set({ analytics: false })
    expect(load).toHaveBeenCalledTimes(1)
    consent.set({ advertising: false })
    expect(unload).toHaveBeenCalledTimes(1)
    consent.set({ advertising: true })
    expect(load).toHaveBeenCalledTimes(2)
  })

  it('explicit categories need all of them; a throwing or rejecting load is reported', async () => {
    const { consent, errors } = make()
    const stop = gate(consent, {
      name: 'Pixel',
      categories: ['analytics', 'advertising'],
      load: () => {
        throw new Error('blocked')
      },
    })
    gate(consent, { name: 'Async', categories: ['advertising'], load: () => Promise.reject(new Error('404')) })
    consent.set({ advertising: true })
    await Promise.resolve()
    expect(errors.map((e) => e.message)).toEqual(['consentry: load() of "Pixel" failed', 'consentry: load() of "Async" failed'])
    stop()
  })

  it('the returned function stops gating', () => {
    const { consent } = make()
    const load = vi.fn()
    gate(consent, { name: 'X', categories: ['advertising'], load })()
    consent.set({ advertising: true })
    expect(load).not.toHaveBeenCalled()
  })
})

describe('gate() given what it cannot use', () => {
  // Every category granted: whatever a malformed gate loads here, it loads without a usable rule.
  const everything = { necessary: true, analytics: true, advertising: true, newsletter: true }
  it.each([
    ['categories as a string', { name: 'Hotjar', categories: 'analytics' }],
    ['categories empty', { name: 'Hotjar', categories: [] }],
    ['an unknown category', { name: 'Hotjar', categories: ['analytics', 'Analytics'] }],
    ['categories as an object', { name: 'Hotjar', categories: { 0: 'analytics', length: 1 } }],
    ['no name and no categories', {}],
    ['a name that is not a string', { name: 42 }],
  ])('%s: never loads, reported, nothing thrown', (_, destination) => {
    const { consent, errors } = make()
    const load = vi.fn()
    expect(() => gate(consent, { ...destination, load } as never)).not.toThrow()
    consent.set(everything)
    expect(load).not.toHaveBeenCalled()
    expect(errors.map((e) => e.code)).toEqual(['invalid-option'])
    expect(errors[0]?.message).toMatch(/^consentry: gate\(\) of .* needs a name or a non-empty array of configured category ids; it never loads$/)
  })

  it.each([null, undefined, 'Hotjar'])('a destination %j: reported, nothing thrown', (destination) => {
    const { consent, errors } = make()
    expect(() => gate(consent, destination as never)).not.toThrow()
    consent.set(everything)
    expect(errors.map((e) => e.code)).toEqual(['invalid-option'])
  })

  it('inherited categories or name (a polluted prototype) are not read: the own name’s mapping decides', () => {
    const proto = Object.prototype as { categories?: unknown; name?: unknown }
    proto.categories = ['necessary']
    try {
      const { consent, errors } = make({ destinations: { Hotjar: ['advertising'] } })
      const load = vi.fn()
      gate(consent, { name: 'Hotjar', load })
      expect(load).not.toHaveBeenCalled()
      consent.set({ advertising: true })
      expect(load).toHaveBeenCalledTimes(1)
      expect(errors).toEqual([])
    } finally {
      delete proto.categories
    }
  })
})

describe('gateScripts() and gateElements() given a root they cannot use', () => {
  it.each(['#embeds', 42, {}])('root %j: reported once, nothing activated, nothing thrown', (root) => {
    const { consent, errors } = make()
    document.body.innerHTML = '<script type="text/plain" data-consent="analytics">window.ranUngated = true</script>'
    expect(() => gateScripts(consent, root as never)()).not.toThrow()
    expect(() => gateElements(consent, { root: root as never })()).not.toThrow()
    expect(document.querySelector('script')?.getAttribute('type')).toBe('text/plain')
    expect(errors.map((e) => e.code)).toEqual(['invalid-option', 'invalid-option'])
    expect(errors[0]?.message).toMatch(/^consentry: the gates' root must be a document or an element; received /)
    document.body.innerHTML = ''
  })

  it('no options, or null, gate the whole document', () => {
    const { consent, errors } = make()
    document.body.innerHTML = '<script type="text/plain" data-consent="analytics"></script>'
    const stop = gateElements(consent, null)
    expect(document.querySelector('script')?.getAttribute('type')).not.toBe('text/plain')
    stop()
    expect(errors).toEqual([])
    document.body.innerHTML = ''
  })
})

describe('gateScripts()', () => {
  const blocked = (html: string) => {
    document.body.innerHTML = html
    return document.body
  }

  it('activates text/plain scripts when all listed categories are granted, keeping attributes and nonce', async () => {
    const body = blocked(`
      <script type="text/plain" data-consent="analytics advertising" data-type="module" src="/ads.js" nonce="abc" id="ads" async></script>
      <script type="text/plain" data-consent="analytics" id="inline">window.inlineRan = 1</script>
      <script type="text/plain" data-consent="">window.emptyRan = true</script>
      <script type="text/plain" data-consent="unknown">window.unknownRan = true</script>`)
    const { consent } = make()
    const stop = gateScripts(consent)
    const ads = body.querySelector('#ads') as HTMLScriptElement
    expect(ads.type).toBe('text/plain')
    const inline = body.querySelector('#inline') as HTMLScriptElement
    expect([inline.type, inline.text]).toEqual(['', 'window.inlineRan = 1'])
    consent.set({ advertising: true })
    const active = body.querySelector('#ads') as HTMLScriptElement
    expect(active.type).toBe('module')
    expect(active.getAttribute('src')).toBe('/ads.js')
    expect(active.hasAttribute('async')).toBe(true)
    expect(active.getAttribute('nonce')).toBe('abc') // the nonce property itself is checked in Chromium (script-tag e2e)
    consent.set({ analytics: false })
    consent.set({ analytics: true })
    expect(body.querySelector('#inline')).toBe(inline)
    expect(body.querySelectorAll('script[type="text/plain"]')).toHaveLength(2)
    stop()
  })

  it('picks up blocked scripts added later', async () => {
    const body = blocked('')
    const { consent } = make()
    gateScripts(consent)
    const late = document.createElement('script')
    late.type = 'text/plain'
    late.setAttribute('data-consent', 'analytics')
    late.id = 'late'
    body.append(late)
    await new Promise((resolve) => setTimeout(resolve))
    expect((body.querySelector('#late') as HTMLScriptElement).type).toBe('')
  })
})
