/**
 * Machine-readable reason of a {@link ConsentError}. Branch on it rather than on the message, which
 * is for people and may change.
 * @example
 * // A CMP that answers late is worth watching; a visitor's hand-edited cookie is not.
 * const quiet: ConsentErrorCode[] = ['invalid-cookie']
 * createConsent({ categories, onError: (error) => quiet.includes(error.code) || console.warn(error) })
 */
export type ConsentErrorCode =
  | 'invalid-option'
  | 'invalid-cookie'
  | 'cmp-timeout'
  | 'adapter-failed'
  | 'invalid-reading'
  | 'listener-failed'
  | 'unknown-category'
  | 'calls-dropped'
  | 'callback-failed'
  | 'invalid-record'
  | 'sink-failed'
  | 'blocked-by-csp'

/**
 * The one error class consentry uses. Thrown only for bad options at creation time; every other
 * failure is passed to `onError` and never thrown into the page.
 * @example
 * // Failures in your own consent-driven code go to the same onError the site already watches.
 * consent.subscribe((state) => {
 *   try {
 *     chat.setTracking(state.categoryPreferences.functional === true)
 *   } catch (cause) {
 *     consent.report(new ConsentError('callback-failed', 'the chat widget rejected the consent update', cause))
 *   }
 * })
 */
export class ConsentError extends Error {
  override readonly name = 'ConsentError'
  readonly code: ConsentErrorCode
  /** The underlying error, when one was caught. */
  override readonly cause: unknown

  constructor(code: ConsentErrorCode, message: string, cause?: unknown) {
    super(message)
    this.code = code
    this.cause = cause
  }
}

/**
 * True for a ConsentError from any copy of consentry on the page. It checks the name, not
 * `instanceof`, because the script tag and an npm bundle each carry their own class.
 * @example
 * // Configuration edited in a CMS may be wrong: tell the editor instead of breaking the page.
 * try {
 *   createConsent(JSON.parse(document.querySelector('#consent-config')?.textContent ?? '{}'))
 * } catch (error) {
 *   if (!isConsentError(error)) throw error
 *   console.error(`consent configuration (${error.code}): ${error.message}`)
 * }
 */
export function isConsentError(value: unknown): value is ConsentError {
  return value instanceof Error && value.name === 'ConsentError' && typeof (value as ConsentError).code === 'string'
}
