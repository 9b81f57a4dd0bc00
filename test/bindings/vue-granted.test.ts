import { pathToFileURL } from 'node:url'
import { effectScope } from 'vue'
import { afterEach, describe, expect, it } from 'vitest'
import { createConsent, type ConsentManager } from 'consentry'
// The built entry, as an app imports it; typed from its source so the typecheck needs no build.
// (A file URL from the working directory: in happy-dom, import.meta.url resolves to the page's origin.)
const { useGranted } = (await import(pathToFileURL(`${process.cwd()}/dist/vue.js`).href)) as typeof import('../../src/vue/index.js')

// useGranted answers as consent.isGranted does: true only for an own `true`. A key that only an
// object's prototype has (`constructor`, or one a polluted Object.prototype adds) is not a grant.
let consent: ConsentManager
afterEach(() => {
  consent?.destroy()
  delete (Object.prototype as Record<string, unknown>).ads
})

describe('useGranted (Vue)', () => {
  it('follows isGranted for configured ids, and is false for inherited keys even when Object.prototype is polluted', () => {
    consent = createConsent({ categories: [{ id: 'analytics', name: 'Analytics', enforcement: 'opt-in' }], cookie: false })
    const scope = effectScope()
    Object.defineProperty(Object.prototype, 'ads', { value: true, configurable: true, writable: true })
    const refs = scope.run(() => ['analytics', 'ads', 'constructor', 'toString', '__proto__'].map((id) => [id, useGranted(consent, id)] as const))!
    const answers = () => refs.map(([id, ref]) => `${id}:${ref.value}`)
    expect(answers()).toEqual(['analytics:false', 'ads:false', 'constructor:false', 'toString:false', '__proto__:false'])
    expect(consent.isGranted('ads')).toBe(false)
    consent.set({ analytics: true })
    expect(answers()).toEqual(['analytics:true', 'ads:false', 'constructor:false', 'toString:false', '__proto__:false'])
    consent.set({ analytics: false })
    expect(answers()[0]).toBe('analytics:false')
    scope.stop()
  })
})
