import { ConsentError } from 'consentry'
import type { ConsentErrorCode } from 'consentry'

/**
 * The codes a ledger error carries: the core codes plus `invalid-profile` (a compliance profile
 * that does not match the schema; the message names the field).
 * @example
 * try {
 *   createLedger({ profile: JSON.parse(profileText) })
 * } catch (error) {
 *   if (isLedgerError(error) && error.code === 'invalid-profile') console.error(error.message)
 * }
 */
export type LedgerErrorCode = ConsentErrorCode | 'invalid-profile'

/** @internal A ConsentError with a ledger code; the message is prefixed with the entry's name. */
export const ledgerError = (code: LedgerErrorCode, message: string, cause?: unknown): ConsentError =>
  // The core union does not list 'invalid-profile' (a ledger-only code); the class stores any string.
  new ConsentError(code as ConsentErrorCode, `consentry/ledger: ${message}`, cause)

/**
 * True for a ConsentError thrown by the ledger (or the core), typed with the ledger's codes.
 * @example
 * try {
 *   ledger.write({ contactPoint: '=HYPERLINK("x")@x.io', purpose: 'commercial', status: 'opt-in' })
 * } catch (error) {
 *   if (isLedgerError(error)) console.warn(error.code, error.message) // invalid-record
 * }
 */
export function isLedgerError(value: unknown): value is Omit<ConsentError, 'code'> & { readonly code: LedgerErrorCode } {
  return value instanceof Error && value.name === 'ConsentError' && typeof (value as { code?: unknown }).code === 'string'
}
