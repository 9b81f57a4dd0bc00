import { ConsentError } from './consent-error.js'
import type { ConsentManager } from './types.js'

interface Policy {
  createScript(value: string): unknown
  createScriptURL(value: string): unknown
}

// One policy per page, created on first use and only where the browser has Trusted Types.
// undefined: not tried yet; null: none (no Trusted Types, or the page's CSP refused the name).
let policy: Policy | null | undefined
let refused = false
// The values read from gated markup, each vouched for just before the policy sees it: whatever
// else reaches the policy (a call through a leaked reference) is rejected.
const vouched = new Set<string>()

const pass = (value: string) => {
  if (!vouched.delete(value)) throw new TypeError('consentry: the "consentry" Trusted Types policy passes only code and URLs from gated markup')
  return value
}

function thePolicy(): Policy | null {
  if (policy !== undefined) return policy
  policy = null
  const factory = (globalThis as { trustedTypes?: { createPolicy?(name: string, rules: object): Policy } }).trustedTypes
  if (typeof factory?.createPolicy !== 'function') return null
  try {
    policy = factory.createPolicy('consentry', { createScript: pass, createScriptURL: pass })
  } catch {
    // The page's `trusted-types` directive does not list consentry (or forbids new policies).
    refused = true
  }
  return policy
}

const told = new WeakSet<ConsentManager>()
/** Reports, once per manager, that the page's CSP refused what gated tags need. */
export function reportRefusal(consent: ConsentManager, cause?: unknown): void {
  if (told.has(consent)) return
  told.add(consent)
  consent.report(new ConsentError('blocked-by-csp', `consentry: Trusted Types blocked a gated tag; add "consentry" to the page's Content-Security-Policy: trusted-types consentry`, cause))
}

/**
 * `value`, read from a gated element, as the sink `kind` accepts it: through the `consentry`
 * policy where the browser has Trusted Types, the string itself elsewhere. Reports a refused
 * policy once per manager (the string is then tried as it is, which a page enforcing Trusted
 * Types rejects; the caller contains that).
 */
export function trusted(consent: ConsentManager, value: string, kind: keyof Policy): string {
  const made = thePolicy()
  if (!made) {
    if (refused) reportRefusal(consent)
    return value
  }
  vouched.add(value)
  try {
    return made[kind](value) as string
  } finally {
    vouched.delete(value)
  }
}
