// The IAB TCF v2.2 CMP API (`__tcfapi`). The IAB stub queues `addEventListener` until the CMP
// loads, and the CMP calls every listener at once when it already has a TC string.
import { inherited, isObject, own } from '../_shared/own.js'

export type TcfApi = (command: string, version: number, callback: (...args: unknown[]) => void, parameter?: unknown) => unknown

/** `window.__tcfapi` (stub or CMP), or undefined. */
export const tcfApi = (): TcfApi | undefined => {
  const api = (window as { __tcfapi?: unknown }).__tcfapi
  return typeof api === 'function' ? (api as TcfApi) : undefined
}

type Consents = { purpose(id: number): unknown; vendor(id: number): unknown; chosen: boolean }

/**
 * Consent look-ups for a TCData (own properties only: an inherited id goes to `flag`), `chosen`
 * unless the CMP's UI is shown (`cmpuishown`: the consents are the ones before the visitor's
 * choice, none on a first visit); undefined while it carries nothing (still loading); false when
 * GDPR does not apply (the
 * spec's final answer for this visitor: such a TCData holds only `gdprApplies`,
 * `tcfPolicyVersion`, `cmpId`, `cmpVersion`); null when it makes no sense (no `consents` objects)
 * or `success` is not `true`.
 */
export function tcfConsents(data: unknown, success: unknown, flag: (message: string) => void): Consents | false | null | undefined {
  // The spec's success is a boolean: only `true` vouches for the TCData, anything else is unusable.
  if (success !== true || !isObject(data)) return null
  const [eventStatus, gdprApplies, purpose, vendor] = ['eventStatus', 'gdprApplies', 'purpose', 'vendor'].map((key) => own(data, key))
  if (gdprApplies === false) return false
  if (gdprApplies !== true || (eventStatus !== 'tcloaded' && eventStatus !== 'useractioncomplete' && eventStatus !== 'cmpuishown')) return undefined
  const [purposes, vendors] = [own(purpose, 'consents'), own(vendor, 'consents')]
  if (!isObject(purposes) || !isObject(vendors)) return null
  const consents = (vector: object, name: string) => (id: number) => {
    if (inherited(vector, id)) flag(`${name}.consents[${id}] is only inherited: denied`)
    return own(vector, id)
  }
  return { purpose: consents(purposes, 'purpose'), vendor: consents(vendors, 'vendor'), chosen: eventStatus === 'tcloaded' || eventStatus === 'useractioncomplete' }
}
