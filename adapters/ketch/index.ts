import { ConsentError, type CategoryPreferences, type ConsentAdapter, type IdMap, mapReading } from 'consentry'
import { mapFor, readMap } from '../_shared/id-map.js'
import { caseSlips, inherited, isObject, own, show } from '../_shared/own.js'
import { closed, guard } from '../_shared/watch-guard.js'
import { ketch as command } from './ketch-api.js'

/**
 * Options for {@link ketch}: purpose codes as configured in the Ketch property.
 * @example
 * const options: KetchOptions = { purposes: { analytics: 'analytics', ads: ['targeted_advertising', 'behavioral_advertising'] } }
 * createConsent({ categories, adapters: [ketch(options)] })
 */
export interface KetchOptions {
  /**
   * consentry category id → Ketch purpose code(s), e.g. `'analytics'`; all must be granted. Not
   * given: each category id is its own purpose code.
   */
  purposes?: IdMap<string> | undefined
}

/**
 * Reads Ketch through `ketch('on', 'consent', …)`, which Ketch answers at once with the current
 * consent (or as soon as its tag has loaded, when consentry runs first) and again on each change.
 * On a first visit Ketch publishes its defaults before showing the experience, leaving the
 * purposes the visitor must opt in to undefined: while a mapped purpose is undefined the state is
 * `default` (no decision, nothing stored); once all are set, Ketch's consent decides. `write`
 * stores preference-center choices with `ketch('setConsent', …, 'userUpdate')`, as a visitor's
 * own update.
 * @throws {ConsentError} `invalid-option` in development builds when `purposes` is malformed;
 * production builds report it through `onError` and grant nothing from this adapter.
 * @example
 * createConsent({ categories, adapters: [ketch({ purposes: { analytics: 'analytics', ads: 'targeted_advertising' } })] })
 */
export function ketch(options?: KetchOptions): ConsentAdapter {
  const checked = readMap<string>('ketch', options, 'purposes', 'string')
  let map: IdMap<string> | undefined
  let current: Record<string, unknown> = {}
  return {
    name: 'ketch',
    watch(emit, context) {
      if (checked instanceof ConsentError) return closed(context, checked)
      map = mapFor('ketch', 'purposes', checked, context)
      const purposes = map
      const { flag, invalid, safe, send, undecided } = guard('ketch', context, emit)
      let stopped = false
      const onConsent = (consent: unknown) => {
        if (stopped) return
        safe(() => {
          const given = own(consent, 'purposes')
          if (!isObject(given)) return invalid('a consent event carried no purposes object')
          // Ketch leaves the purposes the visitor must opt in to undefined until they chose.
          const chosen = Object.values(purposes)
            .flat()
            .every((code) => typeof own(given, code) === 'boolean')
          const reading = mapReading(
            purposes,
            (code) => value(given, code, flag),
            (code, odd) => flag(`purposes.${code} is ${show(odd)}, not true or false: denied`),
          )
          for (const [code, known] of caseSlips(Object.keys(given), Object.values(purposes).flat())) flag(`purposes has ${code}, not ${known} (codes are case-sensitive): denied`)
          chosen ? send(reading) : undecided(reading)
          current = given
        })
      }
      safe(() => command('on', 'consent', onConsent))
      return () => {
        stopped = true
        safe(() => command('off', 'consent', onConsent))
      }
    },
    write(preferences: Readonly<CategoryPreferences>) {
      // A purpose shared by several categories is granted only if all of them are.
      const mapped: Record<string, boolean> = {}
      for (const category in map) {
        for (const code of [].concat(map[category] as never)) mapped[code] = mapped[code] !== false && preferences[category] === true
      }
      // Ketch fires `userConsentUpdated` and closes an open experience only for this reason.
      command('setConsent', { purposes: { ...current, ...mapped } }, 'userUpdate')
    },
  }
}

/** A purpose's own value; one only inherited (a polluted or crafted object) reads as undefined and is flagged. */
function value(purposes: object, code: string, flag: (message: string) => void): unknown {
  if (inherited(purposes, code)) flag(`purposes.${code} is only inherited: denied`)
  return own(purposes, code)
}
