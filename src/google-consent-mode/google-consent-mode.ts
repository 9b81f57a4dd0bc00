import { ConsentError, isConsentManager, type CategoryPreferences, type ConsentManager, type ConsentState } from 'consentry'
import { checkOptions, TYPES } from './check-options.js'
import type { GoogleConsentMapping, GoogleConsentModeOptions } from './types.js'

const ALIASES: Record<string, readonly string[]> = {
  analytics_storage: ['analytics', 'performance', 'measurement', 'statistics', 'C0002'],
  ad_storage: ['marketing', 'advertising', 'ads', 'targeting', 'C0004'],
  functionality_storage: ['functional', 'functionality', 'preferences', 'C0003'],
  personalization_storage: ['personalization', 'preferences', 'functional', 'C0003'],
}

/** Prints an untrusted value for a message; never throws. */
function show(value: unknown): string {
  try {
    // JSON prints Infinity and NaN as null, which is not what was given.
    return typeof value === 'number' ? String(value) : (JSON.stringify(value) ?? String(value))
  } catch {
    return 'an unprintable value'
  }
}

/**
 * What in a dataLayer entry shows Google's tags were told to send data: a gtag('config' | 'event')
 * command, or the Tag Manager snippet's 'gtm.js' event. Other pushed events (a CMP's own, such as
 * OneTrust's 'OneTrustLoaded') say nothing about a tag having run.
 */
function sendsData(entry: unknown): string | undefined {
  try {
    if (Object.prototype.toString.call(entry) === '[object Arguments]') {
      const command = (entry as ArrayLike<unknown>)[0]
      return command === 'config' || command === 'event' ? `gtag('${command}')` : undefined
    }
    return typeof entry === 'object' && entry !== null && Object.hasOwn(entry, 'event') && (entry as { event: unknown }).event === 'gtm.js' ? "Tag Manager's 'gtm.js'" : undefined
  } catch {
    return undefined
  }
}

function defaultMapping(consent: ConsentManager): GoogleConsentMapping {
  const pick = (type: string) => {
    const id = ALIASES[type]?.find((alias) => consent.categories.some((c) => c.id === alias))
    return id ? [id] : []
  }
  const ads = pick('ad_storage')
  return {
    ad_storage: ads,
    ad_user_data: ads,
    ad_personalization: ads,
    analytics_storage: pick('analytics_storage'),
    functionality_storage: pick('functionality_storage'),
    personalization_storage: pick('personalization_storage'),
    security_storage: true,
  }
}

/**
 * Drives Google Consent Mode v2 from consentry: pushes `gtag('consent', 'default', …)` at once
 * (call it before gtag.js or GTM loads) with `wait_for_update`, then `'update'` whenever the
 * resulting consent types really change, plus a `dataLayer` event for GTM triggers. Commands are
 * pushed as `arguments` objects, the only shape gtag.js reads. Returns a function that stops it.
 * Options are checked in every build: each problem goes to the manager's `onError`, nothing is
 * thrown, and an invalid `mapping` (or any invalid option while none is given) denies every type.
 *
 * @example
 * // Before gtag.js or GTM loads, so its first hit already sees the default:
 * const stop = googleConsentMode(consent, { mapping: { analytics_storage: ['analytics'], ad_storage: ['advertising'] } })
 * document.head.append(Object.assign(document.createElement('script'), { async: true, src: 'https://www.googletagmanager.com/gtag/js?id=G-XXXXXXX' }))
 */
export function googleConsentMode(consent: ConsentManager, options?: GoogleConsentModeOptions): () => void {
  if (!isConsentManager(consent)) {
    console.error(new ConsentError('invalid-option', 'consentry: googleConsentMode needs the manager returned by createConsent(); nothing was pushed'))
    return () => {}
  }
  const ids = consent.categories.map((c) => c.id)
  const note = (key: string, rule: string, value: unknown) => consent.report(new ConsentError('invalid-option', `consentry: option "googleConsentMode.${key}" ${rule}; received ${show(value)}`))
  const { waitForUpdate, region, dataLayerName, event, ...checked } = checkOptions(options, ids, note)
  const mapping = checked.mapping ?? defaultMapping(consent)
  const w = window as unknown as Record<string, unknown>
  if (!Array.isArray(w[dataLayerName])) w[dataLayerName] = []
  const layer = w[dataLayerName] as unknown[]
  // Google's docs: the default must come before any command that sends data. Too late to undo, so say so.
  const late = layer.map(sendsData).find(Boolean)
  if (late) {
    const message = `consentry: googleConsentMode() ran after ${late} in ${dataLayerName}: hits sent before it had no consent default (granted); call it before gtag('config') and the Tag Manager snippet`
    console.error(message)
    consent.report(new ConsentError('invalid-option', message))
  }
  // gtag.js ignores plain arrays: each command must be a real `arguments` object.
  function gtag(..._: unknown[]) {
    // eslint-disable-next-line prefer-rest-params
    layer.push(arguments)
  }
  const settings = (prefs: Readonly<CategoryPreferences>) => {
    const out: Record<string, 'granted' | 'denied'> = {}
    for (const type of TYPES) {
      const needed = mapping[type]
      const granted = needed === true || (!!needed && needed.length > 0 && needed.every((id) => prefs[id] === true))
      out[type] = granted ? 'granted' : 'denied'
    }
    return out
  }
  // The default is the fail-closed view; a known decision follows at once as an update.
  const closed = settings(Object.fromEntries(consent.categories.map((c) => [c.id, c.enforcement === 'always'])))
  gtag('consent', 'default', { ...closed, wait_for_update: waitForUpdate, ...(region ? { region } : {}) })
  let last: string | undefined
  const update = (state: ConsentState) => {
    if (state.status === 'pending') return
    const next = settings(state.categoryPreferences)
    const key = JSON.stringify(next)
    // The first decision is always sent, so waiting tags go on at once, even when all is denied.
    if (key !== last) {
      last = key
      gtag('consent', 'update', next)
    }
    if (event) layer.push({ event, consentry: { categoryPreferences: { ...state.categoryPreferences }, ...next } })
  }
  update(consent.get())
  return consent.subscribe(update)
}
