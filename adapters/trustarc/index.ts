import { adapterGuard, type ConsentAdapter, type IdMap, mapReading, poll } from 'consentry'
import { assertMap } from '../_shared/helpers.js'
import { cookieDecision, decision, isSubmit, type Buckets } from './trustarc-api.js'

/**
 * Options for {@link trustArc}. Buckets are TrustArc's numbered consent levels; the cookie
 * fallback lets a returning visitor's choice apply before the TrustArc script has loaded.
 * @example
 * const options: TrustArcOptions = { buckets: { functional: 2, advertising: 3 }, cookie: true, timeoutMs: 5000 }
 * createConsent({ categories, adapters: [trustArc(options)] })
 */
export interface TrustArcOptions {
  /** consentry category id → TrustArc bucket number(s), 1-based as in the API (1 = required). */
  buckets: IdMap<number>
  /** Use the `notice_gdpr_prefs` cookie while the TrustArc API has not loaded. @default true */
  cookie?: boolean | undefined
  /** How long to look for the TrustArc API before giving up, in ms. @default 10000 */
  timeoutMs?: number | undefined
}

/**
 * Reads TrustArc (CCM): `truste.cma.callApi('getGDPRConsentDecision')` mapped from buckets to
 * categories, re-read when the preference manager posts `submit_preferences`, with the
 * `notice_gdpr_prefs` cookie as a fallback until the API loads. TrustArc announces nothing on
 * load, so the API is polled every 100 ms until it appears or `timeoutMs` passes.
 * @throws {ConsentError} `invalid-option` in development builds when `buckets` is malformed.
 * @example
 * createConsent({ categories, adapters: [trustArc({ buckets: { functional: 2, advertising: 3 } })] })
 */
export function trustArc(options: TrustArcOptions): ConsentAdapter {
  if (process.env.NODE_ENV !== 'production') assertMap('trustArc', 'buckets', options?.buckets, 'number')
  const { buckets, cookie = true, timeoutMs = 10_000 } = options
  return {
    name: 'trustarc',
    watch(emit, context) {
      const { fail, safe, send } = adapterGuard('trustarc', context, emit)
      let stopped = false
      let loaded = false
      const use = (granted: Buckets) => (granted === null ? fail('invalid-reading', 'unusable decision') : granted && send(mapReading(buckets, granted)))
      // Returns whether the API has loaded, which ends the polling.
      const read = () => {
        if (!stopped) safe(() => {
          const granted = decision()
          if (granted !== false) use(granted)
          loaded ||= granted !== false
        })
        return loaded
      }
      const stopPolling = poll(read, 100, timeoutMs / 100)
      if (!loaded && cookie) safe(() => use(cookieDecision()))
      const onMessage = (event: MessageEvent) => {
        // TrustArc's own listener may run after this one: read now and once it has.
        if (isSubmit(event.data)) read() && setTimeout(read)
      }
      addEventListener('message', onMessage)
      return () => {
        stopped = true
        stopPolling()
        removeEventListener('message', onMessage)
      }
    },
  }
}
