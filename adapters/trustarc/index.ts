import { ConsentError, type ConsentAdapter, type IdMap, mapReading, poll } from 'consentry'
import { mapFor, readFlag, readMap, readTimeout } from '../_shared/id-map.js'
import { closed, guard } from '../_shared/watch-guard.js'
import { cookieDecision, decision, isChange, type Decision } from './trustarc-api.js'

/**
 * Options for {@link trustArc}. Buckets are TrustArc's numbered consent levels; the cookie
 * fallback lets a returning visitor's choice apply before the TrustArc script has loaded.
 * @example
 * const options: TrustArcOptions = { buckets: { functional: 2, advertising: 3 }, cookie: true, timeoutMs: 5000 }
 * createConsent({ categories, adapters: [trustArc(options)] })
 */
export interface TrustArcOptions {
  /**
   * consentry category id → TrustArc bucket number(s), 1-based as in the API (1 = required). Not
   * given: a category id `ta-<n>` (the ids TrustArc's own Segment wrapper gives the buckets)
   * maps to bucket n; any other id is reported and never granted.
   */
  buckets?: IdMap<number> | undefined
  /** Use the `notice_gdpr_prefs` cookie while the TrustArc API has not loaded. @default true */
  cookie?: boolean | undefined
  /** How long to look for the TrustArc API (and a cross-domain answer) before giving up, in ms. @default 10000 */
  timeoutMs?: number | undefined
}

/**
 * Reads TrustArc (CCM): `truste.cma.callApi('getGDPRConsentDecision')` mapped from buckets to
 * categories, re-read when the preference manager posts `submit_preferences` or a cross-domain
 * `cookie_data`, with the `notice_gdpr_prefs` cookie as a fallback until the API loads. Before
 * the visitor chose, TrustArc's default is not a decision: the state is `default`, and under an
 * EU-style (opt-in) behaviour manager it grants nothing but bucket 1. TrustArc announces nothing
 * on load, so the API is polled every 100 ms until it appears (and, with cross-domain consent,
 * until TrustArc retrieved it) or `timeoutMs` passes.
 * @throws {ConsentError} `invalid-option` in development builds when `buckets`, `cookie` or
 * `timeoutMs` is malformed; production builds report it through `onError` and grant nothing.
 * @example
 * createConsent({ categories, adapters: [trustArc({ buckets: { functional: 2, advertising: 3 } })] })
 */
export function trustArc(options?: TrustArcOptions): ConsentAdapter {
  const checked = readMap<number>('trustArc', options, 'buckets', 'number')
  const cookie = readFlag('trustArc', options, 'cookie', true)
  const timeoutMs = readTimeout('trustArc', options)
  return {
    name: 'trustarc',
    watch(emit, context) {
      if (checked instanceof ConsentError) return closed(context, checked)
      if (typeof cookie !== 'boolean') return closed(context, cookie)
      if (typeof timeoutMs !== 'number') return closed(context, timeoutMs)
      const buckets = mapFor('trustArc', 'buckets', checked, context, (id) => (/^ta-[1-9]\d*$/.test(id) ? +id.slice(3) : undefined))
      const { flag, invalid, safe, send, undecided } = guard('trustarc', context, emit)
      let stopped = false
      let loaded = false
      let final = false
      const use = (answer: Decision | null | undefined) => {
        if (answer === null) return invalid('unusable decision')
        if (!answer) return
        const reading = mapReading(buckets, answer.granted)
        answer.chosen ? send(reading) : undecided(reading)
      }
      // Returns whether TrustArc's answer is final, which ends the polling.
      const read = () => {
        if (!stopped)
          safe(() => {
            const answer = decision(flag)
            loaded ||= answer !== false
            if (answer !== false) use(answer)
            final ||= answer === null || (answer !== false && answer.final)
          })
        return final
      }
      const stopPolling = poll(read, 100, timeoutMs / 100)
      if (!loaded && cookie) safe(() => use(cookieDecision()))
      const onMessage = (event: MessageEvent) => {
        // TrustArc's own listener may run after this one: read now and once it has.
        if (isChange(event.data)) read(), setTimeout(read)
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
