// The OneTrust page API, duck-typed: `window.OneTrust` exists long before it is usable (the stub
// and geolocation overrides put partial objects there), so only the methods make it "ready".
import { isObject, own } from '../_shared/own.js'

/** The part of `window.OneTrust` the adapter uses (the write calls: OneTrust's documented ones). */
export interface OneTrustApi {
  GetDomainData(): unknown
  OnConsentChanged(callback: () => void): void
  IsAlertBoxClosed(): unknown
  AllowAll?(): void
  RejectAll?(): void
  UpdateConsent?(type: 'Category', value: string): void
}

type OneTrustWindow = { OneTrust?: unknown; OnetrustActiveGroups?: unknown }

/** The full API object, or undefined while OneTrust is missing, a stub or a partial object. */
export function oneTrustApi(): OneTrustApi | undefined {
  const api = (window as OneTrustWindow).OneTrust
  return isObject(api) && ['GetDomainData', 'OnConsentChanged', 'IsAlertBoxClosed'].every((m) => typeof api[m] === 'function') ? (api as unknown as OneTrustApi) : undefined
}

// Padded ids occur. Non-strings become `false`, which no configured id equals.
const trim = (id: unknown) => typeof id === 'string' && id.trim()

/** Active group ids from `OnetrustActiveGroups` (",C0001,C0003,"), or undefined if it is not a string. */
export function activeGroups(): Set<unknown> | undefined {
  const raw = (window as OneTrustWindow).OnetrustActiveGroups
  return typeof raw === 'string' ? new Set(raw.split(',').map(trim)) : undefined
}

/**
 * The domain data's groups (trimmed `CustomGroupId` → whether OneTrust keeps it always active)
 * and whether the active groups are the visitor's choice (`known`): under the `opt-out` and
 * `notice only` models from the start; under any other (`opt-in`, `implied consent`, custom,
 * unknown) once the banner was closed or when no banner is shown; before that they are
 * OneTrust's defaults. Undefined when the domain data is unusable.
 */
export function domain(api: OneTrustApi, model?: string): { groups: Map<unknown, boolean>; known: boolean } | undefined {
  const data = api.GetDomainData()
  const list = own(data, 'Groups')
  if (!Array.isArray(list)) return undefined
  const name = model ?? own(own(data, 'ConsentModel'), 'Name')
  return {
    groups: new Map(list.map((group) => [trim(own(group, 'CustomGroupId')), own(group, 'Status') === 'always active'])),
    known: name === 'opt-out' || (!model && name === 'notice only') || own(data, 'ShowAlertNotice') === false || api.IsAlertBoxClosed() === true,
  }
}
