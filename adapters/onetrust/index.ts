import { ConsentError, type CategoryPreferences, type ConsentAdapter, type IdMap, mapReading } from 'consentry'
import { badOption, mapFor, readMap, type CheckedMap } from '../_shared/id-map.js'
import { caseSlips } from '../_shared/own.js'
import { closed, guard } from '../_shared/watch-guard.js'
import { activeGroups, domain, oneTrustApi } from './onetrust-api.js'

/**
 * Options for {@link oneTrust}. Map by `CustomGroupId`, not by (translated, renamed) group name.
 * @example
 * const options: OneTrustOptions = { groups: { analytics: 'C0002', ads: ['C0004', 'C0005'] }, consentModel: 'opt-in' }
 * createConsent({ categories, adapters: [oneTrust(options)] })
 */
export interface OneTrustOptions {
  /**
   * consentry category id → OneTrust group id(s) (`CustomGroupId`, e.g. `'C0002'`); a category is
   * granted only while all its groups are active. Not given: each category id is its own group
   * id (Segment's convention: its category ids are the OneTrust group ids).
   */
  groups?: IdMap<string> | undefined
  /**
   * Overrides `GetDomainData().ConsentModel.Name`. Only `opt-out` (or OneTrust's `notice only`)
   * takes the active groups as the choice at once; other models wait for the banner to close,
   * with OneTrust's defaults (state `default`) until then.
   */
  consentModel?: 'opt-in' | 'opt-out' | undefined
}
const EVENTS = ['consent.onetrust', 'OneTrustGroupsUpdated'] // OneTrust's own signals; each re-reads, unchanged readings are dropped.

/**
 * Reads OneTrust: the active groups (`OnetrustActiveGroups`) checked against the configured groups (`GetDomainData().Groups`;
 * one missing there is reported by name, and an active id that differs from a group's only in case is reported and denied).
 * Decides once the API exists and OneTrust knows the visitor's choice, and follows `OnConsentChanged`, `OneTrustGroupsUpdated` and
 * `OptanonWrapper`. `write` uses OneTrust's documented calls: `AllowAll()`, `RejectAll()`, or one
 * `UpdateConsent('Category', 'C0002:1,C0004:0')`. Never throws into the page; a broken OneTrust is reported once through `onError`.
 * @throws {ConsentError} `invalid-option` in development builds when `groups` or `consentModel`
 * is malformed; production builds report it through `onError` and grant nothing from this adapter.
 * @example
 * createConsent({ categories, adapters: [oneTrust({ groups: { analytics: 'C0002', ads: ['C0004', 'C0005'] } })] })
 */
export function oneTrust(options?: OneTrustOptions): ConsentAdapter {
  const checked = readMap<string>('oneTrust', options, 'groups', 'string')
  // An own property only: an inherited 'opt-out' would turn OneTrust's defaults into a decision.
  const consentModel = options != null && Object.hasOwn(options, 'consentModel') ? options.consentModel : undefined
  const badModel = consentModel !== undefined && consentModel !== 'opt-in' && consentModel !== 'opt-out'
  const problem = checked instanceof ConsentError ? checked : badModel ? badOption('oneTrust', 'consentModel', "must be 'opt-in' or 'opt-out'") : undefined
  let map: IdMap<string> | undefined
  return {
    name: 'onetrust',
    watch(emit, context) {
      if (problem) return closed(context, problem)
      const groups = (map = mapFor('oneTrust', 'groups', checked as CheckedMap<string> | undefined, context))
      const { fail, flag, invalid, safe, send, undecided } = guard('onetrust', context, emit)
      const w = window as Window & { OptanonWrapper?: unknown }
      let [subscribed, stopped] = [false, false]
      const check = () => {
        const api = !stopped && safe(oneTrustApi)
        api &&
          safe(() => {
            const active = activeGroups()
            const data = domain(api, consentModel)
            if (!active || !data) return invalid('bad groups') // before any reading: nothing granted
            const missing = [...new Set(Object.values(groups).flat())].filter((id) => !data.groups.has(id))
            if (missing.length) fail('invalid-option', `groups ${missing.join(', ')} are not in OneTrust's domain data: never granted`)
            for (const [id, group] of caseSlips(active, data.groups.keys())) flag(`OnetrustActiveGroups has ${id}, not ${group} (ids are case-sensitive): ${group} is not active`)
            const reading = mapReading(groups, (id) => active.has(id) && data.groups.has(id))
            data.known ? send(reading) : undecided(reading)
            subscribed ||= (api.OnConsentChanged(check), true)
          })
      }
      // OneTrust calls OptanonWrapper once its SDK has run; chain to the page's own wrapper.
      const previous = w.OptanonWrapper
      const wrapper = function (this: unknown, ...args: unknown[]) {
        check()
        if (typeof previous === 'function') return previous.apply(this, args)
      }
      w.OptanonWrapper = wrapper
      EVENTS.map((type) => addEventListener(type, check))
      check()
      return () => {
        stopped = true
        EVENTS.map((type) => removeEventListener(type, check))
        if (w.OptanonWrapper === wrapper) w.OptanonWrapper = previous
      }
    },
    write(preferences: Readonly<CategoryPreferences>) {
      // Throws (reported by the manager) while OneTrust or the call is missing. A group shared by
      // several categories is granted only if all of them are.
      const [api, active] = [oneTrustApi()!, activeGroups()]
      const { groups } = domain(api)!
      const wanted = new Map<string, boolean>()
      for (const category in map) for (const id of [].concat(map[category] as never)) wanted.set(id, wanted.get(id) !== false && preferences[category] === true)
      const on = (id: unknown) => wanted.get(id as string) ?? active?.has(id) === true
      const ids = [...groups.keys()]
      // AllowAll would also grant groups consentry does not map: only when they are active already.
      if (ids.every(on)) api.AllowAll!()
      else if (ids.every((id) => groups.get(id) || !on(id))) api.RejectAll!()
      else api.UpdateConsent!('Category', [...wanted].map(([id, granted]) => `${id}:${granted ? 1 : 0}`).join(','))
    },
  }
}
