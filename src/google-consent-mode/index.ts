// consentry/google-consent-mode: Google Consent Mode v2 producer.
export { googleConsentMode } from './google-consent-mode.js'
export type { GoogleConsentMapping, GoogleConsentModeOptions, GoogleConsentType } from './types.js'
