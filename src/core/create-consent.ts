import type { Category, CheckedCategories } from './category.js'
import { cleanCookies } from './clean-cookies.js'
import { destinationAllowed } from './destination-allowed.js'
import { isObject } from './is-object.js'
import { own, ownKeys } from './own.js'
import { currentPage, type Page } from './page.js'
import { defaultPreferences } from './preferences.js'
import { type Config, resolveConfig } from './resolve-config.js'
import { retire } from './retired.js'
import { commit, fallBack, openSession, refresh, type Session, storedWanted } from './session.js'
import { startAdapters, stopWatching, writeBack } from './session-adapters.js'
import { sharedManager } from './shared-registry.js'
import { show } from './show.js'
import { stampOrReport } from './stamp-event.js'
import type { ConsentManager, ConsentOptions, ConsentSource } from './types.js'
import { warnOnce } from './warn-once.js'

/** {@link ConsentOptions} whose literal category ids are checked at compile time too (see CheckedCategories). */
interface LiteralOptions<C extends readonly Category[]> extends ConsentOptions {
  categories: C & CheckedCategories<C>
}

/**
 * Creates the consent manager: the one state every integration, adapter and widget reads.
 *
 * Every option is checked in every build. An invalid one throws a {@link ConsentError} in
 * development; in production it is reported through `onError` (`invalid-option`, naming the
 * option) and read as its most restrictive value, so a typo never grants anything. After that
 * nothing it does throws into the page. On the server (no `window`) it returns a manager that
 * stays `pending` and grants nothing.
 * A second call on the same page with the same cookie name, from any copy of consentry, shares
 * the first manager's state: with the same categories and destinations it returns that manager;
 * with others it reports `invalid-option` and returns a deny-safe view of the shared state.
 *
 * @example
 * const consent = createConsent({
 *   categories: [
 *     { id: 'necessary', name: 'Necessary', enforcement: 'always' },
 *     { id: 'analytics', name: 'Analytics', enforcement: 'opt-in' },
 *   ],
 *   destinations: { 'Google Analytics 4': ['analytics'] },
 * })
 * await consent.ready()
 * consent.allows('Google Analytics 4') // false until the visitor grants analytics
 */
export function createConsent<const C extends readonly Category[]>(options: LiteralOptions<C>): ConsentManager {
  const { config, problems } = resolveConfig(options)
  if (problems[0] && process.env.NODE_ENV !== 'production') throw problems[0]
  for (const problem of problems) config.onError(problem)
  const page = currentPage()
  if (!page) return createManager(config, undefined, () => {})
  const manager = sharedManager(config, (release) => createManager(config, page, release))
  cleanCookies(manager, config.cookies)
  return manager
}

const SOURCES: readonly ConsentSource[] = ['user', 'cmp', 'gpc']

/** The manager for one page and cookie: its session, the adapters started, the page events followed. */
function createManager(config: Config, page: Page | undefined, release: () => void): ConsentManager {
  const s = openSession(config, page)
  let unwatch = () => {}
  if (page) {
    if (config.adapters.length === 0) fallBack(s, s.stored)
    else startAdapters(s)
    unwatch = page.watch(() => refresh(s))
  } else {
    s.settle(s.state)
  }
  const destroy = () => {
    if (s.destroyed) return
    s.destroyed = true
    clearTimeout(s.timer)
    for (const [adapter, stop] of s.watching) stopWatching(s, adapter, stop)
    s.listeners.clear()
    unwatch()
    s.settle(s.state)
    release()
    retire(manager)
  }
  const manager = managerApi(s, destroy)
  return manager
}

/** The public face of a session. */
function managerApi(s: Session, destroy: () => void): ConsentManager {
  const { config } = s
  return {
    get categories() {
      return s.categories
    },
    ready: () => s.ready,
    get: () => s.state,
    subscribe(listener) {
      if (typeof listener !== 'function') return (s.fail('listener-failed', 'subscribe() needs a function'), () => {})
      s.listeners.set(listener, s.state)
      return () => void s.listeners.delete(listener)
    },
    set: (preferences, options) => setPreferences(s, preferences, options),
    isGranted: (id) => own(s.state.categoryPreferences, id) === true,
    allows: (name) => destinationAllowed(config, s.state.categoryPreferences, name, s.page !== undefined),
    stamp: (event) => stampOrReport(event, s.state, config.onError),
    report: config.onError,
    destroy,
  }
}

/** `set()`: a decision from the visitor (written back to the CMP) or from a bridge. */
function setPreferences(s: Session, preferences: unknown, options: unknown): void {
  if (!s.page || s.destroyed) return warnOnce(`set() is ignored ${s.page ? 'after destroy()' : 'on the server'}`)
  const given = own(options, 'source') ?? 'user'
  // Only a known source counts; anything else is recorded as a CMP's, which lifts no GPC denial.
  const source = SOURCES.includes(given as ConsentSource) ? (given as ConsentSource) : 'cmp'
  if (source !== given) s.fail('invalid-option', `set() option "source" must be one of ${SOURCES.join(', ')}; received ${show(given)}`)
  if (!isObject(preferences)) return s.fail('unknown-category', 'set() needs an object of category id → boolean')
  // While a CMP is awaited the base is what the visitor stored, else the defaults: never the
  // defaults over a stored refusal of an opt-out category.
  const wanted: Record<string, boolean> = s.state.status !== 'pending' ? { ...s.state.categoryPreferences } : s.stored ? storedWanted(s.categories, s.stored) : defaultPreferences(s.categories)
  const ids = ownKeys(preferences)
  let rejected = 0
  let chose = false
  for (const id of ids) {
    const granted = own(preferences, id)
    if (!s.known.has(id) || typeof granted !== 'boolean') {
      s.fail('unknown-category', `set() ignored ${show(id)}: not a configured category with a boolean value`)
      rejected++
      continue
    }
    wanted[id] = granted
    if (source !== 'user') continue
    chose ||= s.explicit.get(id) !== granted
    s.explicit.set(id, granted)
  }
  // Nothing it named could be used: no decision was made (an empty object confirms the current one).
  if (rejected && rejected === ids.length) return
  const before = s.state
  commit(s, wanted, 'decided', source, { chose })
  if (source === 'user' && s.state !== before) writeBack(s, s.state.categoryPreferences)
}
