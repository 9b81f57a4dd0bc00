/** Machine-readable reason of a {@link ConsentError}. */
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

/**
 * The one error class consentry uses. Thrown only for bad options at creation time; every other
 * failure is passed to `onError` and never thrown into the page.
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

/** True for a ConsentError from any copy of consentry on the page (checked by name, not instanceof). */
export function isConsentError(value: unknown): value is ConsentError {
  return value instanceof Error && value.name === 'ConsentError' && typeof (value as ConsentError).code === 'string'
}
