// The IAB TCF v2.2 CMP API (`__tcfapi`). The IAB stub queues `addEventListener` until the CMP
// loads, and the CMP calls every listener at once when it already has a TC string.
import { isObject } from '../_shared/helpers.js'

export type TcfApi = (command: string, version: number, callback: (...args: unknown[]) => void, parameter?: unknown) => unknown

/** `window.__tcfapi` (stub or CMP), or undefined. */
export const tcfApi = (): TcfApi | undefined => {
  const api = (window as { __tcfapi?: unknown }).__tcfapi
  return typeof api === 'function' ? (api as TcfApi) : undefined
}

/** Consent look-ups for a TCData, or undefined when it carries no decision (UI shown, GDPR not applicable). */
export function tcfConsents(data: unknown, success: unknown): { purpose(id: number): unknown; vendor(id: number): unknown } | null | undefined {
  if (success === false || !isObject(data)) return null
  const { eventStatus, gdprApplies, purpose, vendor } = data
  if (gdprApplies !== true || (eventStatus !== 'tcloaded' && eventStatus !== 'useractioncomplete')) return undefined
  if (!isObject(purpose) || !isObject(vendor)) return null
  const consents = (vector: unknown) => (id: number) => (isObject(vector) ? vector[id] : undefined)
  return { purpose: consents(purpose.consents), vendor: consents(vendor.consents) }
}
