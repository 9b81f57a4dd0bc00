import type { Config } from './resolve-config.js'
import type { Category, ConsentManager, ConsentState } from './types.js'
import { destinationAllowed } from './destination-allowed.js'
import { own, ownKeys } from './own.js'
import { samePreferences } from './preferences.js'
import { stampOrReport } from './stamp-event.js'
import { isObject } from './is-object.js'
import { ConsentError } from './consent-error.js'
import { retire, retireWith } from './retired.js'

const sameCategory = (a: Category, b: Category | undefined) => b !== undefined && a.enforcement === b.enforcement && (a.gpc === true) === (b.gpc === true) && a.parent === b.parent

/**
 * What a second `createConsent()` gets when the page already has a manager for the same cookie
 * but other categories or destinations: the page's one state, read through the second
 * configuration and deny-safe. A category counts only where both configurations define it alike
 * (same enforcement, GPC handling and purpose) and the page's manager grants it; every other
 * category is denied, and destinations, `unmapped`, `onError` are the second configuration's own.
 */
export function scopedManager(shared: ConsentManager, config: Config): ConsentManager {
  const theirs = new Map(shared.categories.map((c) => [c.id, c]))
  const agreed = new Set(config.categories.filter((c) => sameCategory(c, theirs.get(c.id))).map((c) => c.id))
  const views = new WeakMap<ConsentState, ConsentState>()
  const view = (state: ConsentState): ConsentState => {
    let seen = views.get(state)
    if (!seen) {
      const preferences = Object.fromEntries(config.categories.map(({ id }) => [id, agreed.has(id) && own(state.categoryPreferences, id) === true]))
      seen = Object.freeze({ ...state, categoryPreferences: Object.freeze(preferences) })
      views.set(state, seen)
    }
    return seen
  }
  const report = config.onError
  const stops = new Set<() => void>()
  const scoped: ConsentManager = {
    categories: config.categories,
    ready: () => shared.ready().then(view),
    get: () => view(shared.get()),
    subscribe(listener) {
      // This copy's listener problems are this copy's to hear, once, not the page manager's.
      if (typeof listener !== 'function') return (report(new ConsentError('listener-failed', 'consentry: subscribe() needs a function')), () => {})
      const stop = shared.subscribe((state, previous) => {
        const [now, before] = [view(state), view(previous)]
        if (now.status === before.status && samePreferences(now.categoryPreferences, before.categoryPreferences)) return
        try {
          listener(now, before)
        } catch (error) {
          report(new ConsentError('listener-failed', 'consentry: a consent listener threw', error))
        }
      })
      stops.add(stop)
      return () => void (stop(), stops.delete(stop))
    },
    set(preferences, options) {
      if (!isObject(preferences)) return report(new ConsentError('unknown-category', 'consentry: set() needs an object of category id → boolean'))
      const ids = ownKeys(preferences)
      const usable = ids.filter((id) => agreed.has(id))
      for (const id of ids.filter((id) => !agreed.has(id)))
        report(new ConsentError('unknown-category', `consentry: set() ignored ${JSON.stringify(id)}: this copy's configuration does not match the page's manager for it`))
      // Only ids it cannot pass on: no decision was made (an empty object confirms the current one).
      if (usable.length || !ids.length) shared.set(Object.fromEntries(usable.map((id) => [id, own(preferences, id) as boolean])), options)
    },
    isGranted: (id) => own(view(shared.get()).categoryPreferences, id) === true,
    allows: (name) => destinationAllowed(config, view(shared.get()).categoryPreferences, name, true),
    stamp: (event) => stampOrReport(event, view(shared.get()), report),
    report,
    destroy() {
      for (const stop of stops) stop()
      stops.clear()
      retire(scoped)
    },
  }
  retireWith(scoped, shared)
  return scoped
}
