import type { ConsentManager, ConsentState } from 'consentry'

/**
 * The state a server renders: pending, nothing granted (not even `always` categories, exactly as
 * the server-side manager answers). A hydrating client starts from this same state so its first
 * render matches the server's HTML.
 */
export function serverState(consent: ConsentManager): ConsentState {
  return Object.freeze({
    categoryPreferences: Object.freeze(Object.fromEntries(consent.categories.map((category) => [category.id, false]))),
    status: 'pending',
    source: 'default',
    id: '',
    policyVersion: consent.get().policyVersion,
    updatedAt: 0,
  })
}
