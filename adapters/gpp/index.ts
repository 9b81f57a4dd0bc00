import { ConsentError, type ConsentAdapter, type IdMap, mapReading, regionFromCmp } from 'consentry'
import { badOption, mapFor, readMap, readTimeout, type CheckedMap } from '../_shared/id-map.js'
import { listenIab } from '../_shared/listen-iab.js'
import { own, show } from '../_shared/own.js'
import { closed, guard } from '../_shared/watch-guard.js'
import { gppApi, OPT_OUT_FIELDS, usSections } from './gpp-api.js'

/**
 * Options for {@link gpp}. GPP's US sections carry opt-outs, not grants, so each category names
 * the opt-out fields that deny it.
 * @example
 * const options: GppOptions = { optOuts: { ads: ['SaleOptOut', 'SharingOptOut', 'TargetedAdvertisingOptOut'], analytics: 'SaleOptOut' } }
 * createConsent({ categories, adapters: [gpp(options)] })
 */
export interface GppOptions {
  /**
   * consentry category id → opt-out field name(s) of the US sections, e.g.
   * `{ ads: ['SaleOptOut', 'SharingOptOut', 'TargetedAdvertisingOptOut'] }`. A category is granted
   * when every applicable US section has at least one of its fields and each of them is exactly
   * 2 (did not opt out). Only `SaleOptOut`, `SharingOptOut` and `TargetedAdvertisingOptOut` are opt-out fields: any other
   * name is a malformed option. Not given: each category id is taken as a field name (one that is no opt-out field is reported, never granted).
   */
  optOuts?: IdMap<string> | undefined
  /** How long to look for `__gpp` when no stub is on the page yet, in ms. @default 10000 */
  timeoutMs?: number | undefined
}

/**
 * Reads an IAB GPP 1.1 CMP through `__gpp('addEventListener', …)` once `signalStatus` is `ready`,
 * from every applicable US section: usnat, the state sections (ids 8–27) and US Privacy v1 (id 6,
 * whose `OptOutSale` counts as `SaleOptOut`). Opt-out fields are 0 (not applicable or no notice),
 * 1 (opted out) or 2 (did not opt out); only 2 grants. A US section that applies but cannot be
 * read grants nothing and is reported. With no US section applicable (`[-1]`, or only
 * `tcfeuv2`) GPP does not apply: the state is `default` with the site's enforcement defaults.
 * The applicable sections also tell the manager where the visitor is (a state section → that
 * state, see {@link regionFromCmp} and the `regions` option) when the site passed no `region`.
 * @throws {ConsentError} `invalid-option` in development builds when `optOuts` or `timeoutMs` is malformed or `optOuts` names
 * a field that is no US section's opt-out field; production builds report it and grant nothing from this adapter.
 * @example
 * createConsent({ categories, adapters: [gpp({ optOuts: { ads: ['SaleOptOut', 'SharingOptOut', 'TargetedAdvertisingOptOut'] } })] })
 */
export function gpp(options?: GppOptions): ConsentAdapter {
  const checked = knownFields(readMap<string>('gpp', options, 'optOuts', 'string'))
  const timeoutMs = readTimeout('gpp', options)
  return {
    name: 'gpp',
    watch(emit, context) {
      if (checked instanceof ConsentError) return closed(context, checked)
      if (typeof timeoutMs !== 'number') return closed(context, timeoutMs)
      const optOuts = mapFor('gpp', 'optOuts', checked, context, (id) => (OPT_OUT_FIELDS.includes(id) ? id : undefined))
      const { fail, flag, invalid, safe, send, undecided } = guard('gpp', context, emit)
      let decided = false
      return listenIab(safe, gppApi, [], timeoutMs, (event, success) => {
        // The spec's success is a boolean: only `true` vouches for the event.
        const sections = success === true ? usSections(event) : null
        if (sections === null) return invalid('an event carried unusable pingData or no success: true')
        if (!sections) return
        // The applicable sections place the visitor for the `regions` option, before the reading.
        context.region?.(regionFromCmp(own(event, 'pingData')))
        // The visitor's choice in that section is unknown: deny, also what this adapter granted before.
        if (sections.includes(null)) {
          fail('invalid-reading', 'an applicable US section could not be read')
          return decided ? send(mapReading(optOuts, () => false)) : undecided({})
        }
        if (!sections.length) return undecided()
        const reading: Record<string, boolean> = {}
        for (const category in optOuts) {
          const fields: string[] = [].concat(optOuts[category] as never)
          reading[category] = sections.every((section) => grants(section!, category, fields, flag))
        }
        send(reading)
        decided = true
      })
    },
  }
}

/** The checked map, or (development: thrown) an `invalid-option` error when it names a field that is no US section's opt-out field. */
function knownFields(map: CheckedMap<string> | undefined | ConsentError): CheckedMap<string> | undefined | ConsentError {
  if (!map || map instanceof ConsentError) return map
  const unknown = [...new Set(Object.values(map).flat())].filter((field) => !OPT_OUT_FIELDS.includes(field))
  return unknown.length ? badOption('gpp', 'optOuts', `names ${unknown.join(', ')}, not an opt-out field of any US section (${OPT_OUT_FIELDS.join(', ')})`) : map
}

/**
 * Whether one section grants a category: at least one of its fields is there and each one there
 * is exactly 2 (did not opt out). None there, or a value that is not 0, 1 or 2, denies and is
 * flagged: an absence must not read as the visitor's choice in silence.
 */
function grants(section: Record<string, unknown>, category: string, fields: string[], flag: (message: string) => void): boolean {
  const present = fields.filter((field) => Object.hasOwn(section, field))
  if (!present.length) flag(`none of ${fields.join(', ')} (for ${category}) is in an applicable US section: ${category} is not granted`)
  for (const field of present) if (![0, 1, 2].includes(section[field] as number)) flag(`${field} is ${show(section[field])}, not 0, 1 or 2: denied`)
  return present.length > 0 && present.every((field) => section[field] === 2)
}
