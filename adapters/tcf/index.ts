import { ConsentError, type ConsentAdapter, type IdMap, mapReading, regionFromCmp } from 'consentry'
import { badOption, readMap, readTimeout } from '../_shared/id-map.js'
import { listenIab } from '../_shared/listen-iab.js'
import { show } from '../_shared/own.js'
import { closed, guard } from '../_shared/watch-guard.js'
import { tcfApi, tcfConsents } from './tcf-api.js'

/**
 * Options for {@link tcf}. Purposes alone are not enough under TCF when one vendor matters:
 * list its GVL id under `vendors` so the category also needs that vendor's consent.
 * @example
 * const options: TcfOptions = { purposes: { analytics: [1, 8, 9], ads: [1, 2, 3, 4] }, vendors: { ads: [755] } }
 * createConsent({ categories, adapters: [tcf(options)] })
 */
export interface TcfOptions {
  /** consentry category id → TCF purpose number(s) whose consent it needs, e.g. `{ ads: [1, 2, 3, 4] }`. */
  purposes: IdMap<number>
  /** consentry category id → GVL vendor id(s) whose consent it also needs. */
  vendors?: IdMap<number> | undefined
  /** How long to look for `__tcfapi` when no stub is on the page yet, in ms. @default 10000 */
  timeoutMs?: number | undefined
}

/**
 * Reads an IAB TCF v2.2 CMP through `__tcfapi('addEventListener', 2, …)`: a category is granted
 * when its purposes (and, where configured, vendors too) have consent in a `tcloaded` or
 * `useractioncomplete` TCData with `gdprApplies: true`. Works with the IAB stub installed before
 * the CMP. Where GDPR does not apply (`gdprApplies: false`) TCF has no say: the state is
 * `default` with the site's enforcement defaults, without a `cmp-timeout` report, until a later
 * adapter or the visitor decides. `gdprApplies: true` also tells the manager the visitor is in the
 * EEA (see {@link regionFromCmp} and the `regions` option) when the site passed no `region`.
 * @throws {ConsentError} `invalid-option` in development builds when a mapping or `timeoutMs` is
 * malformed or a `vendors` category has no `purposes`; production builds report it through
 * `onError` and grant nothing from this adapter.
 * @example
 * createConsent({ categories, adapters: [tcf({ purposes: { analytics: [1, 8, 9], ads: [1, 2, 3, 4] }, vendors: { ads: [755] } })] })
 */
export function tcf(options: TcfOptions): ConsentAdapter {
  const purposes = readMap<number>('tcf', options, 'purposes', 'number')
  const vendors = readMap<number>('tcf', options, 'vendors', 'number')
  // Purpose numbers cannot be category ids, and a vendor's consent alone never grants.
  const problem =
    purposes instanceof ConsentError
      ? purposes
      : vendors instanceof ConsentError
        ? vendors
        : !purposes || Object.keys(vendors ?? {}).some((id) => !purposes[id])
          ? badOption('tcf', 'purposes', 'must give purposes for every category, vendors ones included')
          : undefined
  const timeoutMs = readTimeout('tcf', options)
  return {
    name: 'tcf',
    watch(emit, context) {
      if (problem) return closed(context, problem)
      if (typeof timeoutMs !== 'number') return closed(context, timeoutMs)
      const { flag, invalid, safe, send, undecided } = guard('tcf', context, emit)
      // A consent the spec gives as a boolean that is something else (1, 'true') denies, reported.
      const odd = (name: string) => (id: number, value: unknown) => flag(`${name}.consents[${id}] is ${show(value)}, not true or false: denied`)
      return listenIab(safe, tcfApi, [2], timeoutMs, (data, success) => {
        // gdprApplies places the visitor for the `regions` option (EEA, or not known), before the reading.
        if (success === true) context.region?.(regionFromCmp(data))
        const consents = tcfConsents(data, success, flag)
        if (consents === null) return invalid('addEventListener delivered an unusable TCData')
        if (consents === false) return undecided()
        if (!consents) return
        const byPurpose = mapReading(purposes as IdMap<number>, consents.purpose, odd('purpose'))
        const byVendor = mapReading((vendors ?? {}) as IdMap<number>, consents.vendor, odd('vendor'))
        // A vendor mapping can only take a purpose grant away.
        for (const id of Object.keys(byVendor)) byPurpose[id] = byPurpose[id] === true && byVendor[id] === true
        // UI shown: no choice yet; opt-out categories keep only what the CMP's consents grant.
        consents.chosen ? send(byPurpose) : undecided(byPurpose)
      })
    },
  }
}
