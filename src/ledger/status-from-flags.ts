import { ownCopy } from './own-copy.js'
import type { ConsentRecordStatus } from './types.js'

const TRUE = /* @__PURE__ */ new Set(['true', '1', 'yes', 'y', 'opt-in', 'optin', 'opted-in', 'granted', 'allow', 'allowed'])
const FALSE = /* @__PURE__ */ new Set(['false', '0', 'no', 'n', 'opt-out', 'optout', 'opted-out', 'denied', 'deny', 'do not allow', 'not allowed'])

/**
 * Reads a consent value from a table cell or payload: booleans, 1/0, yes/no, true/false,
 * opt-in/opt-out, allow/deny (any case). Returns undefined for anything else, so callers can
 * reject the row instead of guessing.
 *
 * @example
 * statusFromValue('True') // 'opt-in'
 * statusFromValue('nope') // undefined
 */
export function statusFromValue(value: unknown): ConsentRecordStatus | undefined {
  if (value === true || value === 1) return 'opt-in'
  if (value === false || value === 0) return 'opt-out'
  if (typeof value !== 'string') return undefined
  const text = value.trim().toLowerCase()
  return TRUE.has(text) ? 'opt-in' : FALSE.has(text) ? 'opt-out' : undefined
}

/**
 * CRM-style "do not" flags, as on a contact or lead row.
 * @example
 * const flags: DoNotFlags = { donotemail: false, donotbulkemail: false, donotsendmm: true }
 * statusFromFlags(flags) // 'opt-out': every flag given must be false
 */
export interface DoNotFlags {
  donotemail?: unknown
  donotbulkemail?: unknown
  /** Any other do-not flag that must also be false for an opt-in (for example `donotsendmm`). */
  [flag: string]: unknown
}

/**
 * Derives a status from `donotemail` / `donotbulkemail` style flags: opt-in only when every flag
 * given is explicitly false ("allowed"), otherwise opt-out. A missing, empty or unreadable flag
 * counts as "do not" so a half-filled row never becomes an opt-in; so does one the row only
 * inherits.
 *
 * @example
 * statusFromFlags({ donotemail: false, donotbulkemail: false }) // 'opt-in'
 * statusFromFlags({ donotemail: false, donotbulkemail: true }) // 'opt-out'
 */
export function statusFromFlags(given: DoNotFlags, names: readonly string[] = ['donotemail', 'donotbulkemail']): ConsentRecordStatus {
  // Own flags only: an inherited `donotemail: false` (a polluted prototype) is a missing flag.
  const flags = ownCopy(given)
  for (const name of names) {
    // "do not" = true means opted out, so the flag reads inverted.
    if (statusFromValue(flags[name]) !== 'opt-out') return 'opt-out'
  }
  return 'opt-in'
}
