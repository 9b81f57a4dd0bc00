import { ConsentError, isConsentManager, type ConsentManager, type ConsentState } from 'consentry'

const NOTHING: ConsentState = Object.freeze({ categoryPreferences: Object.freeze({}), status: 'pending', source: 'default', id: '', policyVersion: '', updatedAt: 0 })
/** What a binding reads in place of a missing manager: nothing granted, and nothing ever changes. */
const none = Object.freeze({ categories: [], get: () => NOTHING, subscribe: () => () => {}, isGranted: () => false }) as unknown as ConsentManager

/**
 * The manager a hook or store was given, checked: a component handed something else (a context
 * read before its provider, a typo) must neither crash the app in production nor show what needs
 * consent. As for the core's functions: thrown in development, so it shows at once; in production
 * printed with `console.error`, and the binding reads a state that grants nothing.
 */
export function managerOrNone(consent: unknown, fn: string): ConsentManager {
  if (isConsentManager(consent)) return consent
  const error = new ConsentError('invalid-option', `consentry: ${fn}() needs the manager createConsent() returned; nothing is granted`)
  if (process.env.NODE_ENV !== 'production') throw error
  console.error(error)
  return none
}
