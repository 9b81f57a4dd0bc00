// TrustArc's page API, duck-typed. It announces neither its arrival nor the first decision, so
// the adapter polls for it (bounded); changes arrive as postMessages from the preference manager.
import { isObject, own, show } from '../_shared/own.js'

/** Granted 1-based buckets, whether the visitor chose them, and whether TrustArc's answer is final. */
export interface Decision {
  granted(bucket: number): boolean
  chosen: boolean
  final: boolean
}

/**
 * The decision from `truste.cma.callApi('getGDPRConsentDecision')`, `false` until the API and
 * `truste.eu.bindMap` exist, null when the answer makes no sense. With no choice yet (`implied`)
 * TrustArc's own default applies, keyed like TrustArc's Segment wrapper on `behaviorManager`:
 * every bucket under an opt-out manager (`us`, `na`) with `implied` behaviour, else bucket 1
 * (required) only; an unprovisioned location counts as opt-in. With cross-domain consent the
 * answer is final only once TrustArc retrieved it (`feat.isConsentRetrieved`). A bucket in
 * `consentDecision` that is not a number (`'2'`) grants nothing and goes to `flag`.
 */
export function decision(flag: (message: string) => void): Decision | null | false {
  const { truste } = window as { truste?: { cma?: { callApi?: unknown }; eu?: { bindMap?: unknown } } }
  const bindMap = truste?.eu?.bindMap
  if (typeof truste?.cma?.callApi !== 'function' || !isObject(bindMap)) return false
  const answer: unknown = truste.cma.callApi('getGDPRConsentDecision', location.hostname)
  const source = own(answer, 'source')
  const list = own(answer, 'consentDecision')
  const feat = own(bindMap, 'feat')
  const final = own(feat, 'crossDomain') !== true || own(feat, 'isConsentRetrieved') === true
  if (source === 'asserted' && Array.isArray(list)) {
    for (const bucket of list) if (typeof bucket !== 'number') flag(`consentDecision holds ${show(bucket)}, not a bucket number: denied`)
    return { granted: (bucket) => list.includes(bucket), chosen: true, final: true }
  }
  if (source !== 'implied' && source !== 'unprovisioned') return null
  const manager = own(bindMap, 'behaviorManager')
  const count = own(bindMap, 'categoryCount')
  const all = source === 'implied' && own(bindMap, 'behavior') === 'implied' && (manager === 'us' || manager === 'na') && typeof count === 'number'
  return { granted: (bucket) => bucket <= (all ? count : 1), chosen: false, final }
}

/** Buckets from the `notice_gdpr_prefs` cookie a saved choice left: 0-based levels "0,1,2:…" (or "0|1|2:…"). */
export function cookieDecision(): Decision | undefined {
  const levels = /(?:^|;\s*)notice_gdpr_prefs=([\d,|]+)(?:%3A|:)/.exec(document.cookie)?.[1]?.split(/[,|]/)
  return levels && { granted: (bucket) => levels.includes(String(bucket - 1)), chosen: true, final: false }
}

/**
 * Whether a postMessage is the preference manager's "choices saved" (`submit_preferences`) or a
 * cross-domain answer (`cookie_data`, after which TrustArc writes the cookie and answers from it).
 */
export function isChange(data: unknown): boolean {
  try {
    const message: unknown = typeof data === 'string' ? JSON.parse(data) : data
    return own(message, 'source') === 'preference_manager' && /^(submit_preferences|cookie_data)$/.test(own(message, 'message') as string)
  } catch {
    return false // Pages carry many unrelated, non-JSON messages.
  }
}
