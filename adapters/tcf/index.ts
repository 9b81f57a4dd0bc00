import { adapterGuard, type ConsentAdapter, type IdMap, mapReading } from 'consentry'
import { assertMap, listenIab } from '../_shared/helpers.js'
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
 * when its purposes (and, where configured, vendors) have consent in a `tcloaded` or
 * `useractioncomplete` TCData with `gdprApplies: true`. Works with the IAB stub installed before
 * the CMP. While GDPR does not apply it decides nothing, so the site's defaults apply after
 * `waitMs`, or a later adapter decides.
 * @throws {ConsentError} `invalid-option` in development builds when a mapping is malformed.
 * @example
 * createConsent({ categories, adapters: [tcf({ purposes: { analytics: [1, 8, 9], ads: [1, 2, 3, 4] }, vendors: { ads: [755] } })] })
 */
export function tcf(options: TcfOptions): ConsentAdapter {
  if (process.env.NODE_ENV !== 'production') {
    assertMap('tcf', 'purposes', options?.purposes, 'number')
    if (options.vendors !== undefined) assertMap('tcf', 'vendors', options.vendors, 'number')
  }
  const { purposes, vendors = {}, timeoutMs = 10_000 } = options
  return {
    name: 'tcf',
    watch(emit, context) {
      const { fail, safe, send } = adapterGuard('tcf', context, emit)
      return listenIab(safe, tcfApi, [2], timeoutMs, (data, success) => {
        const consents = tcfConsents(data, success)
        if (consents === null) return fail('invalid-reading', 'addEventListener delivered an unusable TCData')
        if (!consents) return
        const byPurpose = mapReading(purposes, consents.purpose)
        const byVendor = mapReading(vendors, consents.vendor)
        // A vendor mapping can only take a purpose grant away.
        for (const id in byVendor) byPurpose[id] = byPurpose[id] !== false && byVendor[id]!
        send(byPurpose)
      })
    },
  }
}
