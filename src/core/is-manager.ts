import { ConsentError } from './consent-error.js'
import { show } from './show.js'
import type { ConsentManager } from './types.js'

/**
 * Whether `value` is a consent manager: what `createConsent()` returns, or an object with its
 * `get`, `subscribe`, `isGranted` and `report` methods and its `categories` list. Everything
 * that acts for a manager (the integrations, the widget, the bindings) checks with this first.
 * @example
 * const given: unknown = consent // say, from a framework's context
 * if (isConsentManager(given)) given.subscribe((state) => console.log(state.status))
 */
export function isConsentManager(value: unknown): value is ConsentManager {
  const m = value as Partial<ConsentManager> | null | undefined
  return typeof m?.get === 'function' && typeof m.subscribe === 'function' && typeof m.isGranted === 'function' && typeof m.report === 'function' && Array.isArray(m.categories)
}

/**
 * The functions that act for a manager need one, and without it there is no `onError` to report
 * to. As for invalid options: thrown in development, so it shows at once; in production printed
 * with `console.error`, and the caller does nothing (closed) instead of failing later with a
 * TypeError or returning a gate that never opens and never says why.
 */
export function isManager(consent: unknown, fn: string): consent is ConsentManager {
  if (isConsentManager(consent)) return true
  const error = new ConsentError('invalid-option', `consentry: ${fn}() needs the manager createConsent() returned; received ${show(consent)}`)
  if (process.env.NODE_ENV !== 'production') throw error
  console.error(error)
  return false
}
