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

// Trimmed: padded ids occur. Non-strings become `false`, which no configured id equals.
const ids = (list: unknown[]) => new Set(list.map((id) => typeof id === 'string' && id.trim()))

/** Active group ids from `OnetrustActiveGroups` (",C0001,C0003,"), or undefined if it is not a string. */
export function activeGroups(): Set<unknown> | undefined {
  const raw = (window as OneTrustWindow).OnetrustActiveGroups
  return typeof raw === 'string' ? ids(raw.split(',')) : undefined
}

/**
 * Every configured group's trimmed `CustomGroupId`; undefined when the domain data is unusable;
 * false while the visitor's choice is unknown: under an opt-in model (`opt-in`, `implied
 * consent`) until the banner is closed, unless no banner is shown. Under any other model the
 * active groups are the choice from the start.
 */
export function domainGroups(api: OneTrustApi, model?: string): Set<unknown> | false | undefined {
  const data = api.GetDomainData()
  if (!isObject(data) || !Array.isArray(data.Groups)) return undefined
  const name: unknown = Object(data.ConsentModel).Name
  const optIn = model ? model === 'opt-in' : name === 'opt-in' || name === 'implied consent'
  if (optIn && data.ShowAlertNotice !== false && api.IsAlertBoxClosed() !== true) return false
  return ids(data.Groups.map((group) => Object(group).CustomGroupId))
}
