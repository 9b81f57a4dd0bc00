// TrustArc's page API, duck-typed. It announces neither its arrival nor the first decision, so
// the adapter polls for it (bounded); changes arrive as postMessages from the preference manager.
import { isObject } from '../_shared/helpers.js'

/** Granted 1-based buckets as a predicate; `undefined` = nothing to say, `null` = nonsense. */
export type Buckets = ((bucket: number) => boolean) | null | undefined

/**
 * The decision from `truste.cma.callApi('getGDPRConsentDecision')`, `false` until the API and
 * `truste.eu.bindMap` exist. With no decision yet TrustArc's own default applies: every bucket
 * where the behaviour is `implied`, else bucket 1 only. An unprovisioned location says nothing.
 */
export function decision(): Buckets | false {
  const { truste } = window as { truste?: { cma?: { callApi?: unknown }; eu?: { bindMap?: unknown } } }
  const bindMap = truste?.eu?.bindMap
  if (typeof truste?.cma?.callApi !== 'function' || !isObject(bindMap)) return false
  const answer: unknown = truste.cma.callApi('getGDPRConsentDecision', location.hostname)
  if (!isObject(answer)) return null
  const { source, consentDecision: list } = answer
  if (source === 'asserted' && Array.isArray(list)) return (bucket) => list.includes(bucket)
  if (source !== 'implied') return source === 'unprovisioned' ? undefined : null
  const { behavior, categoryCount: count } = bindMap
  return (bucket) => bucket <= (behavior === 'implied' && typeof count === 'number' ? count : 1)
}

/** Buckets from the `notice_gdpr_prefs` cookie: 0-based levels "0,1,2:…" (or "0|1|2:…"). */
export function cookieDecision(): Buckets {
  const levels = /(?:^|;\s*)notice_gdpr_prefs=([\d,|]+)(?:%3A|:)/.exec(document.cookie)?.[1]?.split(/[,|]/)
  return levels && ((bucket) => levels.includes(String(bucket - 1)))
}

/** Whether a postMessage is the preference manager's "choices saved" notification. */
export function isSubmit(data: unknown): boolean {
  try {
    const message: unknown = typeof data === 'string' ? JSON.parse(data) : data
    return isObject(message) && message.source === 'preference_manager' && message.message === 'submit_preferences'
  } catch {
    return false // Pages carry many unrelated, non-JSON messages.
  }
}
