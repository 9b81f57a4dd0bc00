// The script-tag build's entry and the package's only side effect: one global, `window.Consentry`.
// Later entries (adapters, integrations, widget) are added to this object.
import { ConsentError, createConsent, defineAdapter, gate, gateScripts, isConsentError, withConsent } from './index.js'
import { mountPreferenceCenter } from './widget/index.js'

const api = { version: __VERSION__, createConsent, withConsent, gate, gateScripts, defineAdapter, ConsentError, isConsentError, mountPreferenceCenter }

declare global {
  interface Window {
    Consentry?: typeof api
  }
}

// A second script tag keeps the first global; both share one state through the registry anyway.
window.Consentry ??= api
