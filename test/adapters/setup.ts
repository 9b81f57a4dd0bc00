// Shared imports and set-up for the adapter tests: the public core entry plus the custom adapter.
import { afterEach } from 'vitest'
import { createConsent, type ConsentError, type ConsentManager, type ConsentOptions } from 'consentry'

export { createConsent, type ConsentError, type ConsentManager, type ConsentOptions } from 'consentry'
export { customAdapter } from '../../adapters/custom/index.js'

/** The categories most adapter tests map their CMP onto. */
export const categories: ConsentOptions['categories'] = [
  { id: 'necessary', name: 'Necessary', enforcement: 'always' },
  { id: 'analytics', name: 'Analytics', enforcement: 'opt-in' },
  { id: 'ads', name: 'Ads', enforcement: 'opt-in' },
]

/**
 * Returns `make(options)`, which creates a cookie-less manager from `defaults()` (called per
 * manager, so each gets a fresh adapter) with `options` on top, collecting what reaches onError.
 * Managers share a page-global registry, so every one made is destroyed after each test; then
 * `cleanup` removes the fake CMP.
 */
export function managerFactory(defaults: () => Partial<ConsentOptions>, cleanup: () => void) {
  let made: ConsentManager[] = []
  afterEach(() => {
    for (const m of made) m.destroy()
    made = []
    cleanup()
  })
  return (options: Partial<ConsentOptions> = {}) => {
    const errors: ConsentError[] = []
    const consent = createConsent({ categories, cookie: false, onError: (e) => errors.push(e), ...defaults(), ...options })
    made.push(consent)
    return { consent, errors }
  }
}
