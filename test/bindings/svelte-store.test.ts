import { pathToFileURL } from 'node:url'
import { derived, get } from 'svelte/store'
import { afterEach, describe, expect, it } from 'vitest'
import { createConsent, type ConsentManager, type ConsentState } from 'consentry'
// The built entry, as an app imports it (it has no imports of its own); typed from its source so
// the typecheck does not need a build.
// (A file URL from the working directory: in happy-dom, import.meta.url resolves to the page's origin.)
const { consentStore, grantedStore } = (await import(pathToFileURL(`${process.cwd()}/dist/svelte.js`).href)) as typeof import('../../src/svelte/index.js')

// The Svelte store contract (https://svelte.dev/docs/svelte/stores#Store-contract): subscribe(run)
// calls run at once and after each change, and returns the function that unsubscribes. Checked
// here with real managers and svelte/store's own get() and derived().
let consent: ConsentManager
const create = () =>
  (consent = createConsent({
    categories: [
      { id: 'necessary', name: 'Necessary', enforcement: 'always' },
      { id: 'analytics', name: 'Analytics', enforcement: 'opt-in' },
      { id: 'marketing', name: 'Marketing', enforcement: 'opt-in' },
    ],
    cookie: false,
  }))
afterEach(() => consent?.destroy())

describe('consentStore', () => {
  it('calls the subscriber at once, then once per real change, and stops on unsubscribe', () => {
    create()
    const seen: ConsentState[] = []
    const stop = consentStore(consent).subscribe((state) => seen.push(state))
    expect(seen).toEqual([consent.get()])
    consent.set({ analytics: true })
    consent.set({ analytics: true }) // no change
    consent.set({ marketing: true })
    expect(seen.map((state) => state.categoryPreferences)).toEqual([
      { necessary: true, analytics: false, marketing: false },
      { necessary: true, analytics: true, marketing: false },
      { necessary: true, analytics: true, marketing: true },
    ])
    stop()
    consent.set({ analytics: false })
    expect(seen).toHaveLength(3)
  })

  it("works with svelte/store's get() and derived()", () => {
    create()
    const store = consentStore(consent)
    const status = derived(store, (state) => state.status)
    expect(get(status)).toBe('default')
    consent.set({ analytics: true })
    expect(get(store)).toBe(consent.get())
    expect(get(status)).toBe('decided')
  })
})

describe('grantedStore', () => {
  it('calls the subscriber at once, then only when the answer changes', () => {
    create()
    const seen: boolean[] = []
    const stop = grantedStore(consent, 'analytics').subscribe((granted) => seen.push(granted))
    consent.set({ marketing: true }) // another category: same answer
    consent.set({ analytics: true })
    consent.set({ marketing: false })
    consent.set({ analytics: false })
    stop()
    consent.set({ analytics: true })
    expect(seen).toEqual([false, true, false])
  })

  it('answers false for ids that are not categories, inherited names included', () => {
    create()
    consent.set({ analytics: true, marketing: true })
    for (const id of ['unknown', 'toString', '__proto__', 'constructor', 'hasOwnProperty', '']) expect(get(grantedStore(consent, id)), id).toBe(false)
    expect(get(grantedStore(consent, 'necessary'))).toBe(true)
  })
})
