// The script-tag build's entry and the package's only side effect: one global, `window.Consentry`,
// holding the core, every adapter (under `adapters`), every integration and the widget.
import { allowOnce, ConsentError, createConsent, defineAdapter, deleteCookies, gate, gateElements, gateScripts, isConsentError, withConsent } from './index.js'
import { customAdapter } from '../adapters/custom/index.js'
import { gpp } from '../adapters/gpp/index.js'
import { ketch } from '../adapters/ketch/index.js'
import { oneTrust } from '../adapters/onetrust/index.js'
import { tcf } from '../adapters/tcf/index.js'
import { trustArc } from '../adapters/trustarc/index.js'
import { googleConsentMode } from './google-consent-mode/index.js'
import { withRudderStack } from './rudderstack/index.js'
import { withSegment } from './segment/index.js'
import { mountPreferenceCenter } from './widget/index.js'

const api = {
  version: __VERSION__,
  createConsent,
  withConsent,
  gate,
  gateScripts,
  gateElements,
  allowOnce,
  deleteCookies,
  defineAdapter,
  ConsentError,
  isConsentError,
  adapters: { oneTrust, trustArc, ketch, customAdapter, tcf, gpp },
  withSegment,
  withRudderStack,
  googleConsentMode,
  mountPreferenceCenter,
}

declare global {
  interface Window {
    Consentry?: typeof api
  }
}

// A second script tag keeps the first global; both share one state through the registry anyway.
window.Consentry ??= api
