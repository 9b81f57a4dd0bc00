// The all-in-one script-tag build's entry and the package's only side effect: one global,
// `window.Consentry`, holding the core, every adapter (under `adapters`), every integration and
// the widget, plus the add-on registry and the declarative start the core file has (src/script-tag).
import * as core from './index.js'
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
import { installGlobal } from './script-tag/registry.js'
import { declarativeStart, notStarted, type StartApi } from './script-tag/start-from-json.js'

const script = document.currentScript
const api = {
  version: __VERSION__,
  ...core,
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
const builtIn = ['onetrust', 'trustarc', 'ketch', 'custom', 'tcf', 'gpp', 'segment', 'rudderstack', 'google-consent-mode', 'widget']
if (installGlobal(api, builtIn) === api) declarativeStart(api as unknown as StartApi, script)
else notStarted(script)
