// The public core entry. Every export is named here on purpose: this list is the API.
export { createConsent } from './core/create-consent.js'
export { withConsent } from './core/with-consent.js'
export { gate } from './core/gate.js'
export { gateScripts } from './core/gate-scripts.js'
export { gateElements } from './core/gate-elements.js'
export { allowOnce } from './core/embeds.js'
export { deleteCookies } from './core/delete-cookies.js'
export { ConsentError, isConsentError } from './core/consent-error.js'
export { isConsentManager } from './core/is-manager.js'
export { defineAdapter } from './adapter.js'
export { adapterGuard, mapReading, poll } from './core/adapter-kit.js'
export { regionFromCmp } from './core/region-from-cmp.js'

export type { ConsentErrorCode } from './core/consent-error.js'
export type { AnalyticsLike } from './core/with-consent.js'
export type { GatedDestination } from './core/gate.js'
export type { GateElementsOptions } from './core/gate-elements.js'
export type { AdapterContext, AdapterReading, ConsentAdapter } from './adapter.js'
export type { AdapterGuard, IdMap } from './core/adapter-kit.js'
export type {
  Category,
  CookiePattern,
  CategoryPreferences,
  ConsentListener,
  ConsentManager,
  ConsentOptions,
  ConsentSource,
  ConsentStamp,
  ConsentState,
  ConsentStatus,
  CookieOptions,
  Enforcement,
  RegionMode,
  RegionRule,
  SetOptions,
} from './core/types.js'
