import { adapterGuard, type ConsentAdapter, type IdMap } from 'consentry'
import { assertMap, listenIab } from '../_shared/helpers.js'
import { gppApi, usSection } from './gpp-api.js'

/**
 * Options for {@link gpp}. GPP's US sections carry opt-outs, not grants, so each category names
 * the opt-out fields that deny it.
 * @example
 * const options: GppOptions = { optOuts: { ads: ['SaleOptOut', 'SharingOptOut', 'TargetedAdvertisingOptOut'], analytics: 'SaleOptOut' } }
 * createConsent({ categories, adapters: [gpp(options)] })
 */
export interface GppOptions {
  /**
   * consentry category id → opt-out field name(s) of the US section, e.g.
   * `{ ads: ['SaleOptOut', 'SharingOptOut', 'TargetedAdvertisingOptOut'] }`. A category is granted
   * when at least one of its fields is present and none says the visitor opted out.
   */
  optOuts: IdMap<string>
  /** How long to look for `__gpp` when no stub is on the page yet, in ms. @default 10000 */
  timeoutMs?: number | undefined
}

/**
 * Reads an IAB GPP 1.1 CMP through `__gpp('addEventListener', …)` once `signalStatus` is `ready`,
 * using the first applicable US section (usnat or a state section). Opt-out fields are 0 (not
 * applicable), 1 (opted out) or 2 (did not opt out); only 0 and 2 grant. While no US section
 * applies it decides nothing.
 * @throws {ConsentError} `invalid-option` in development builds when `optOuts` is malformed.
 * @example
 * createConsent({ categories, adapters: [gpp({ optOuts: { ads: ['SaleOptOut', 'SharingOptOut', 'TargetedAdvertisingOptOut'] } })] })
 */
export function gpp(options: GppOptions): ConsentAdapter {
  if (process.env.NODE_ENV !== 'production') assertMap('gpp', 'optOuts', options?.optOuts, 'string')
  const { optOuts, timeoutMs = 10_000 } = options
  return {
    name: 'gpp',
    watch(emit, context) {
      const { fail, safe, send } = adapterGuard('gpp', context, emit)
      return listenIab(safe, gppApi, [], timeoutMs, (event) => {
        const section = usSection(event)
        if (section === null) return fail('invalid-reading', 'an event carried unusable pingData')
        if (!section) return
        const reading: Record<string, boolean> = {}
        for (const [category, fields] of Object.entries(optOuts)) {
          const present = ([] as string[]).concat(fields).filter((field) => field in section).map((field) => section[field])
          reading[category] = present.length > 0 && present.every((value) => value === 0 || value === 2)
        }
        send(reading)
      })
    },
  }
}
