// The public option types of consentry/google-consent-mode, apart so the check and the producer share them.
/**
 * The seven Google Consent Mode v2 consent types.
 * @example
 * // v2's two new ad types follow ad_storage unless mapped on their own.
 * const adTypes: GoogleConsentType[] = ['ad_storage', 'ad_user_data', 'ad_personalization']
 */
export type GoogleConsentType = 'ad_storage' | 'ad_user_data' | 'ad_personalization' | 'analytics_storage' | 'functionality_storage' | 'personalization_storage' | 'security_storage'

/**
 * Consent type → the consentry category ids that must all be granted; `true` = always granted.
 * A type left out is always `denied`, so a forgotten type fails closed.
 * @example
 * const mapping: GoogleConsentMapping = {
 *   analytics_storage: ['analytics'],
 *   ad_storage: ['advertising'],
 *   ad_user_data: ['advertising'],
 *   ad_personalization: ['advertising', 'personalisation'],
 *   security_storage: true,
 * }
 */
export type GoogleConsentMapping = Partial<Record<GoogleConsentType, readonly string[] | true>>

/**
 * Options for {@link googleConsentMode}.
 * @example
 * const options: GoogleConsentModeOptions = {
 *   mapping: { analytics_storage: ['analytics'], ad_storage: ['advertising'] },
 *   region: ['DE', 'FR', 'GB'], // the denied default only where it is required
 *   waitForUpdate: 800, // a slow CMP gets longer before tags fire denied
 *   event: 'consent_update', // the GTM custom-event trigger name
 * }
 * googleConsentMode(consent, options)
 */
export interface GoogleConsentModeOptions {
  /**
   * Which categories grant which consent type. A type left out, or naming an unknown category,
   * is `denied` (the latter is reported). The default picks common ids among the configured categories (`analytics`,
   * `marketing`/`advertising`, `functional`/`preferences`, …) and always grants `security_storage`.
   */
  mapping?: GoogleConsentMapping | undefined
  /** `wait_for_update` of the default command: how long tags wait for an update (at most 2147483647). @default 500 */
  waitForUpdate?: number | undefined
  /** ISO 3166-1 alpha-2 codes, optionally with a subdivision (`US-CA`), the default applies to (omitted = everywhere). */
  region?: readonly string[] | undefined
  /** An identifier naming no global, or the global array to use (never `location`, `name`…). @default 'dataLayer' */
  dataLayerName?: string | undefined
  /** Name of the `dataLayer` event pushed after every update, for GTM triggers; `false` = none. @default 'consentry_consent_update' */
  event?: string | false | undefined
}
