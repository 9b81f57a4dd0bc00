// The OneTrust page API, duck-typed: `window.OneTrust` exists long before it is usable (the stub
// and geolocation overrides put partial objects there), so only the methods make it "ready".
import { isObject } from '../_shared/helpers.js'

/** The part of `window.OneTrust` the adapter uses. */
export interface OneTrustApi {
  GetDomainData(): unknown
  OnConsentChanged(callback: () => void): void
  IsAlertBoxClosed(): unknown
  UpdateConsent?(type: string, value: string): void
}

type OneTrustWindow = { OneTrust?: unknown; OnetrustActiveGroups?: unknown }

/** The full API object, or undefined while OneTrust is missing, a stub or a partial object. */
export function oneTrustApi(): OneTrustApi | undefined {
  const api = (window as OneTrustWindow).OneTrust
  return isObject(api) && ['GetDomainData', 'OnConsentChanged', 'IsAlertBoxClosed'].every((m) => typeof api[m] === 'function')
    ? (api as unknown as OneTrustApi)
    : undefined
}

const ids = (list: unknown[]) => new Set(list.map((id) => (typeof id === 'string' ? id.trim() : '')).filter(Boolean))

/** Active group ids from `OnetrustActiveGroups` (",C0001,C0003,"), or undefined if it is not a string. */
export function activeGroups(): Set<string> | undefined {
  const raw = (window as OneTrustWindow).OnetrustActiveGroups
  return typeof raw === 'string' ? ids(raw.split(',')) : undefined
}

/** Every configured group's trimmed `CustomGroupId`, or undefined when the domain data is unusable. */
export function domainGroups(api: OneTrustApi): Set<string> | undefined {
  const data = api.GetDomainData()
  const groups = isObject(data) ? data.Groups : undefined
  return Array.isArray(groups) ? ids(groups.map((group) => isObject(group) && group.CustomGroupId)) : undefined
}
