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

type Factory = { createPolicy?(name: string, rules: object): Policy; getAttributeType?(tag: string, name: string): string | null }
const factory = () => (globalThis as { trustedTypes?: Factory }).trustedTypes

function thePolicy(): Policy | null {
  if (policy !== undefined) return policy
  policy = null
  if (typeof factory()?.createPolicy !== 'function') return null
  try {
    policy = factory()!.createPolicy!('consentry', { createScript: pass, createScriptURL: pass })
  } catch {
    // The page's `trusted-types` directive does not list consentry, or another copy made it first.
    refused = true
  }
  return policy
}

/**
 * The policy method a script element's attribute needs, as the browser says (src a script URL,
 * every on* event handler a script), or none: each value the policy can pass goes through it.
 */
export function sinkOf(name: string): keyof Policy | undefined {
  const ask = factory()?.getAttributeType
  // Where the browser cannot say (an older Trusted Types), HTML's script sinks: src and on* handlers.
  const type = ask ? ask.call(factory(), 'script', name) : name === 'src' ? 'TrustedScriptURL' : /^on/i.test(name) && 'TrustedScript'
  return type === 'TrustedScript' ? 'createScript' : type === 'TrustedScriptURL' ? 'createScriptURL' : undefined
}

const told = new WeakSet<ConsentManager>()
/**
 * Reports, once per manager, that Trusted Types blocked a gated tag, with the cause: the page's CSP
 * refused the policy, or (`what`) the browser refused one of the tag's values for another reason.
 */
export function reportRefusal(consent: ConsentManager, cause?: unknown, what = 'a value'): void {
  if (told.has(consent)) return
  told.add(consent)
  const why = refused
    ? `the CSP refused the "consentry" policy: add Content-Security-Policy: trusted-types consentry (if it is there, another copy made it first: add 'allow-duplicates')`
    : `its ${what} was refused (${cause})`
  consent.report(new ConsentError('blocked-by-csp', `consentry: Trusted Types blocked a gated tag; ${why}`, cause))
}

/**
 * `value`, read from a gated element, as the sink `kind` accepts it (none: the value itself): through the `consentry`
 * policy where the browser has Trusted Types, the string itself elsewhere. Reports a refused
 * policy once per manager (the string is then tried as it is, which a page enforcing Trusted
 * Types rejects; the caller contains that).
 */
export function trusted(consent: ConsentManager, value: string, kind: keyof Policy | undefined): string {
  const made = kind && thePolicy()
  if (!made) {
    if (kind && refused) reportRefusal(consent)
    return value
  }
  vouched.add(value)
  try {
    return made[kind](value) as string
  } finally {
    vouched.delete(value)
  }
}
