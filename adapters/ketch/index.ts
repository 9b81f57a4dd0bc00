import { adapterGuard, type CategoryPreferences, type ConsentAdapter, type IdMap, mapReading } from 'consentry'
import { assertMap, isObject } from '../_shared/helpers.js'
import { ketch as command } from './ketch-api.js'

/**
 * Options for {@link ketch}: purpose codes as configured in the Ketch property.
 * @example
 * const options: KetchOptions = { purposes: { analytics: 'analytics', ads: ['targeted_advertising', 'behavioral_advertising'] } }
 * createConsent({ categories, adapters: [ketch(options)] })
 */
export interface KetchOptions {
  /** consentry category id → Ketch purpose code(s), e.g. `'analytics'`; all must be granted. */
  purposes: IdMap<string>
}

/**
 * Reads Ketch through `ketch('on', 'consent', …)`, which Ketch answers at once with the current
 * consent (or as soon as its tag has loaded, when consentry runs first) and again on each change.
 * `write` stores preference-center choices with `ketch('setConsent', …)`.
 * @throws {ConsentError} `invalid-option` in development builds when `purposes` is malformed.
 * @example
 * createConsent({ categories, adapters: [ketch({ purposes: { analytics: 'analytics', ads: 'targeted_advertising' } })] })
 */
export function ketch(options: KetchOptions): ConsentAdapter {
  if (process.env.NODE_ENV !== 'production') assertMap('ketch', 'purposes', options?.purposes, 'string')
  const { purposes: map } = options
  let current: Record<string, unknown> = {}
  return {
    name: 'ketch',
    watch(emit, context) {
      const { fail, safe, send } = adapterGuard('ketch', context, emit)
      let stopped = false
      const onConsent = (consent: unknown) => {
        if (stopped) return
        safe(() => {
          const purposes = isObject(consent) ? consent.purposes : undefined
          if (!isObject(purposes)) return fail('invalid-reading', 'a consent event carried no purposes object')
          send(mapReading(map, (code) => purposes[code]))
          current = purposes
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
      for (const [category, codes] of Object.entries(map)) {
        for (const code of ([] as string[]).concat(codes)) mapped[code] = mapped[code] !== false && preferences[category] === true
      }
      command('setConsent', { purposes: { ...current, ...mapped } })
    },
  }
}
