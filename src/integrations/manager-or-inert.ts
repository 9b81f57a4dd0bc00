import { ConsentError, isConsentManager, type ConsentManager } from 'consentry'

/**
 * Whether an integration was handed a manager. Without one nothing can be stamped or checked, and
 * leaving the SDK as it is would let it load and send without consent: in development a
 * ConsentError naming the integration is thrown; in production it is printed, and the SDK's
 * `load()` and its calls (`methods`) become no-ops that return a resolved promise, so it never
 * loads or sends on this page. A loading snippet's queue (an array) is emptied too: the SDK runs
 * what it finds there when it arrives, a queued `load` among them.
 */
export function managerOrInert(consent: unknown, sdk: unknown, methods: readonly string[], integration: string): consent is ConsentManager {
  if (isConsentManager(consent)) return true
  const error = new ConsentError('invalid-option', `consentry: ${integration}() needs the manager createConsent() returned; the SDK is not loaded and sends nothing`)
  if (process.env.NODE_ENV !== 'production') throw error
  console.error(error)
  for (const method of ['load', ...methods]) {
    try {
      if (typeof (sdk as Record<string, unknown>)[method] === 'function') (sdk as Record<string, unknown>)[method] = () => Promise.resolve()
    } catch {
      // A frozen or hostile SDK object: what could not be replaced is left; the error above says why.
    }
  }
  if (Array.isArray(sdk)) sdk.length = 0
  return false
}
