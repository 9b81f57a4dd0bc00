import { ConsentError, type ConsentManager } from 'consentry'

// Every SDK object an integration of this copy has wrapped, with the managers it was wrapped for.
const wrapped = new WeakMap<object, WeakSet<ConsentManager>>()

/**
 * Whether `sdk` is not yet wrapped for `consent`. The same pair again (set-up code run twice)
 * would hold, stamp and track every consent change twice: it is reported (`invalid-option`) and
 * ignored, the first wrapping stays. Another manager may wrap it (a new one after `destroy()`).
 */
export function wrapOnce(sdk: unknown, consent: ConsentManager, integration: string): boolean {
  // A function is an object too; anything else has nothing to patch twice.
  if ((typeof sdk !== 'object' && typeof sdk !== 'function') || sdk === null) return true
  const managers = wrapped.get(sdk) ?? new WeakSet()
  wrapped.set(sdk, managers)
  if (!managers.has(consent)) {
    managers.add(consent)
    return true
  }
  consent.report(new ConsentError('invalid-option', `consentry: ${integration}() was called again on the same SDK with the same manager; ignored (it would track every change twice)`))
  return false
}
