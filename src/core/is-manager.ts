import { ConsentError } from './consent-error.js'
import { show } from './show.js'
import type { ConsentManager } from './types.js'

/**
 * The functions that act for a manager need one, and without it there is no `onError` to report
 * to. As for invalid options: thrown in development, so it shows at once; in production printed
 * with `console.error`, and the caller does nothing (closed) instead of failing later with a
 * TypeError or returning a gate that never opens and never says why.
 */
export function isManager(consent: unknown, fn: string): consent is ConsentManager {
  const m = consent as Partial<ConsentManager> | null | undefined
  if (typeof m?.get === 'function' && typeof m.subscribe === 'function' && typeof m.report === 'function') return true
  const error = new ConsentError('invalid-option', `consentry: ${fn}() needs the manager createConsent() returned; received ${show(consent)}`)
  if (process.env.NODE_ENV !== 'production') throw error
  console.error(error)
  return false
}
