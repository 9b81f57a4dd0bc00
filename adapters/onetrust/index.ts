import { adapterGuard, type CategoryPreferences, type ConsentAdapter, type IdMap, mapReading } from 'consentry'
import { assertMap } from '../_shared/helpers.js'
import { activeGroups, domainGroups, oneTrustApi } from './onetrust-api.js'

/**
 * Options for {@link oneTrust}. Map by `CustomGroupId`, not by group name: names are translated
 * and renamed in the OneTrust console, ids are not.
 * @example
 * const options: OneTrustOptions = { groups: { analytics: 'C0002', ads: ['C0004', 'C0005'] }, consentModel: 'opt-in' }
 * createConsent({ categories, adapters: [oneTrust(options)] })
 */
export interface OneTrustOptions {
  /**
   * consentry category id → OneTrust group id(s) (`CustomGroupId`, e.g. `'C0002'`); a category is
   * granted only while all its groups are active.
   */
  groups: IdMap<string>
  /**
   * Overrides the consent model read from `GetDomainData().ConsentModel.Name` (`opt-in` and
   * `implied consent` count as opt-in, anything else as opt-out). Under opt-in the adapter decides
   * only once the visitor closed the banner (or no banner is shown); before that consentry stays
   * fail-closed.
   */
  consentModel?: 'opt-in' | 'opt-out' | undefined
}

// OneTrust's own signals; all lead to the same re-read, and unchanged readings are dropped.
const EVENTS = ['consent.onetrust', 'OneTrustGroupsUpdated']

/**
 * Reads OneTrust: the active groups (`OnetrustActiveGroups`) checked against the configured
 * groups (`GetDomainData().Groups`). Decides as soon as the full API exists, whether OneTrust
 * loaded before or after consentry, and follows `OnConsentChanged`, `OneTrustGroupsUpdated` and
 * `OptanonWrapper`. `write` sends preference-center choices back through `UpdateConsent`.
 * Never throws into the page; a broken OneTrust is reported once through `onError`.
 * @throws {ConsentError} `invalid-option` in development builds when `groups` is malformed.
 * @example
 * createConsent({ categories, adapters: [oneTrust({ groups: { analytics: 'C0002', ads: ['C0004', 'C0005'] } })] })
 */
export function oneTrust(options: OneTrustOptions): ConsentAdapter {
  if (process.env.NODE_ENV !== 'production') assertMap('oneTrust', 'groups', options?.groups, 'string')
  const { groups: map, consentModel } = options
  // While write() replays a choice group by group, OneTrust's echoes show half-written states;
  // the events OneTrust dispatches after the save carry the final one.
  let writing = false
  return {
    name: 'onetrust',
    watch(emit, context) {
      const { fail, safe, send } = adapterGuard('onetrust', context, emit)
      const w = window as Window & { OptanonWrapper?: unknown }
      let subscribed = false
      let stopped = false
      const check = () => {
        const api = !stopped && !writing && safe(oneTrustApi)
        if (api) safe(() => {
          const active = activeGroups()
          const all = domainGroups(api, consentModel)
          if (!active || all === undefined) fail('invalid-reading', 'bad groups')
          else if (all) send(mapReading(map, (id) => active.has(id) && all.has(id)))
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
      // Throws (reported by the manager) while OneTrust or its UpdateConsent is missing.
      writing = true
      try {
        for (const [category, groups] of Object.entries(map)) {
          for (const group of ([] as string[]).concat(groups)) oneTrustApi()!.UpdateConsent!('Category', `${group}:${preferences[category] ? 1 : 0}`)
        }
      } finally {
        writing = false
      }
    },
  }
}
