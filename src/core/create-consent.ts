import type { AdapterReading, ConsentAdapter } from '../adapter.js'
import { ConsentError, type ConsentErrorCode } from './consent-error.js'
import type { StoredDecision } from './cookie-store.js'
import { decisionStore } from './decision-store.js'
import { destinationAllowed } from './destination-allowed.js'
import { isObject } from './is-object.js'
import { own, ownKeys } from './own.js'
import { closedPreferences, defaultPreferences, effectivePreferences, grantedByDefault, samePreferences } from './preferences.js'
import { receiptId } from './receipt-id.js'
import { type Config, resolveConfig } from './resolve-config.js'
import { sharedManager } from './shared-registry.js'
import { show } from './show.js'
import { stampEvent } from './stamp-event.js'
import type { CategoryPreferences, ConsentListener, ConsentManager, ConsentOptions, ConsentSource, ConsentState, ConsentStatus } from './types.js'
import { warnOnce } from './warn-once.js'

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
export function createConsent(options: ConsentOptions): ConsentManager {
  const { config, problems } = resolveConfig(options)
  if (problems[0] && process.env.NODE_ENV !== 'production') throw problems[0]
  for (const problem of problems) config.onError(problem)
  const inBrowser = typeof window === 'object' && typeof document === 'object'
  if (!inBrowser) return createManager(config, false, () => {})
  return sharedManager(config, (release) => createManager(config, true, release))
}

const SOURCES: readonly ConsentSource[] = ['user', 'cmp', 'gpc']

/** The wanted map a stored decision stands for: the enforcement defaults, then what it records. */
function storedWanted(categories: Config['categories'], stored: StoredDecision): CategoryPreferences {
  const wanted = defaultPreferences(categories)
  for (const id of stored.granted) wanted[id] = true
  for (const id of stored.denied) wanted[id] = false
  return wanted
}

/** The visitor's own choices: a grant lifts GPC, a denial outlasts a CMP that cannot be written back. */
const explicitFrom = (stored: StoredDecision | undefined) =>
  new Map<string, boolean>([...(stored?.explicit ?? []).map((id) => [id, true] as const), ...(stored?.refused ?? []).map((id) => [id, false] as const)])

function createManager(config: Config, inBrowser: boolean, release: () => void): ConsentManager {
  const { categories, policyVersion, onError: report } = config
  const known = new Set(categories.map((c) => c.id))
  const listeners = new Set<ConsentListener>()
  const fail = (code: ConsentErrorCode, message: string, cause?: unknown) => report(new ConsentError(code, `consentry: ${message}`, cause))
  const store = inBrowser && config.cookie ? decisionStore(config.cookie, policyVersion, (message) => fail('invalid-cookie', message)) : undefined
  // Read through the prototype on purpose: the browser defines it there, and a true only restricts.
  const gpc = inBrowser && (navigator as { globalPrivacyControl?: unknown }).globalPrivacyControl === true
  const stored = store?.load()
  let explicit = explicitFrom(stored)
  let state: ConsentState = Object.freeze({
    categoryPreferences: Object.freeze(inBrowser ? closedPreferences(categories) : Object.fromEntries(categories.map((c) => [c.id, false]))),
    status: 'pending',
    source: 'default',
    id: '',
    policyVersion,
    updatedAt: 0,
  })
  let active: ConsentAdapter | undefined
  let destroyed = false
  let timer: ReturnType<typeof setTimeout> | undefined
  const watching = new Map<ConsentAdapter, () => void>()
  const unknownReported = new Set<string>()
  let settle!: (state: ConsentState) => void
  const ready = new Promise<ConsentState>((resolve) => (settle = resolve))

  /** Another tab stored a newer decision: start from it and apply only what this change changes. */
  function rebase(newer: StoredDecision, preferences: CategoryPreferences): CategoryPreferences {
    const mine = explicit
    explicit = explicitFrom(newer)
    const wanted = storedWanted(categories, newer)
    for (const { id } of categories) {
      if (preferences[id] === own(state.categoryPreferences, id)) continue
      wanted[id] = preferences[id] === true
      if (mine.has(id)) explicit.set(id, mine.get(id) === true)
    }
    return effectivePreferences(categories, wanted, gpc, explicit).preferences
  }

  function save(): void {
    const ids = (granted: boolean) => categories.filter((c) => c.enforcement !== 'always' && state.categoryPreferences[c.id] === granted).map((c) => c.id)
    const choices = (granted: boolean) => [...explicit].filter(([, value]) => value === granted).map(([id]) => id)
    const { id, updatedAt, source } = state
    store?.save({ id, updatedAt, source, policyVersion, granted: ids(true), denied: ids(false), explicit: choices(true), refused: choices(false) })
  }

  function commit(wanted: unknown, status: ConsentStatus, source: ConsentSource, extra: { adapter?: string; stored?: StoredDecision } = {}): void {
    let { preferences, byGpc } = effectivePreferences(categories, wanted, gpc, explicit)
    const storing = status === 'decided' && source !== 'storage'
    const newer = storing ? store?.newer() : undefined
    if (newer) preferences = rebase(newer, preferences)
    if (status === state.status && samePreferences(preferences, state.categoryPreferences)) return
    const previous = state
    state = Object.freeze({
      categoryPreferences: Object.freeze(preferences),
      status,
      source: byGpc && source !== 'storage' ? 'gpc' : source,
      id: extra.stored?.id ?? receiptId(),
      policyVersion,
      updatedAt: extra.stored?.updatedAt ?? Date.now(),
      ...(extra.adapter ? { adapter: extra.adapter } : {}),
    })
    if (storing) save()
    if (status !== 'pending') settle(state)
    for (const listener of [...listeners]) {
      try {
        listener(state, previous)
      } catch (error) {
        fail('listener-failed', 'a consent listener threw', error)
      }
    }
  }

  function fallBack(decision: StoredDecision | undefined): void {
    if (!decision) return commit(defaultPreferences(categories), 'default', 'default')
    commit(storedWanted(categories, decision), 'decided', 'storage', { stored: decision })
  }

  /** A decision another tab stored (seen on focus or a cookie change) replaces this page's. */
  function refresh(): void {
    const newer = destroyed ? undefined : store?.newer()
    if (!newer) return
    explicit = explicitFrom(newer)
    fallBack(newer)
  }

  function onReading(adapter: ConsentAdapter, reading: AdapterReading): void {
    if (destroyed || (active && active !== adapter)) return
    if (!isObject(reading)) return fail('invalid-reading', `adapter "${adapter.name}" sent a reading that is not an object`)
    for (const id of ownKeys(reading)) {
      if (known.has(id) || unknownReported.has(id)) continue
      unknownReported.add(id)
      fail('invalid-reading', `adapter "${adapter.name}" sent ${show(id)}, which is not a configured category: it grants nothing`)
    }
    if (!active) {
      active = adapter
      clearTimeout(timer)
      // The first adapter to know the visitor's choice decides; the others stop watching.
      for (const [other, stop] of watching) if (other !== adapter) stopWatching(other, stop)
    }
    // A CMP that cannot be told the visitor's consentry denials must not grant them back.
    const writable = typeof adapter.write === 'function'
    const wanted = Object.fromEntries(categories.map(({ id }) => [id, own(reading, id) === true && (writable || explicit.get(id) !== false)]))
    commit(wanted, 'decided', 'cmp', { adapter: adapter.name })
  }

  /** The CMP answered without a choice of the visitor's: its pre-choice defaults, or "does not apply". */
  function onUndecided(adapter: ConsentAdapter, reading: AdapterReading | undefined): void {
    if (destroyed || active || state.status === 'decided') return
    clearTimeout(timer)
    if (stored) return fallBack(stored)
    const wanted = Object.fromEntries(categories.map((c) => [c.id, grantedByDefault(c) && (reading === undefined || own(reading, c.id) === true)]))
    commit(wanted, 'default', 'cmp', { adapter: adapter.name })
  }

  function stopWatching(adapter: ConsentAdapter, stop: () => void): void {
    watching.delete(adapter)
    try {
      stop()
    } catch (error) {
      fail('adapter-failed', `adapter "${adapter.name}" threw while stopping`, error)
    }
  }

  function startAdapters(): void {
    timer = setTimeout(() => {
      if (state.status !== 'pending') return
      fail('cmp-timeout', `no CMP answered within ${config.waitMs} ms; using ${stored ? 'the stored decision' : 'the enforcement defaults'}`)
      fallBack(stored)
    }, config.waitMs)
    for (const adapter of config.adapters) {
      try {
        const context = { categories, report, undecided: (reading?: AdapterReading) => onUndecided(adapter, reading) }
        const stop = adapter.watch((reading) => onReading(adapter, reading), context)
        if (typeof stop !== 'function') continue
        watching.set(adapter, stop)
        // It may have emitted during watch(), or another adapter already decided.
        if (active && active !== adapter) stopWatching(adapter, stop)
      } catch (error) {
        fail('adapter-failed', `adapter "${adapter.name}" threw while starting`, error)
      }
    }
  }

  /** Sends a visitor's decision to the deciding CMP, or to every watching one while none has decided. */
  function writeBack(preferences: Readonly<CategoryPreferences>): void {
    for (const adapter of active ? [active] : [...watching.keys()]) {
      if (typeof adapter.write !== 'function') continue
      const failed = (error: unknown) => fail('adapter-failed', `adapter "${adapter.name}" could not write`, error)
      try {
        Promise.resolve(adapter.write(preferences)).catch(failed)
      } catch (error) {
        failed(error)
      }
    }
  }

  const onVisible = () => document.visibilityState === 'visible' && refresh()
  // Chromium builds the CookieStore object on its first read (about 1-2 ms, the largest single
  // cost of a first createConsent): it is read after start-up instead. A change from another tab
  // in that first task is still seen on the next focus or visibility change, and before any save.
  let cookieChanges: EventTarget | undefined
  const watchCookies = () => {
    if (destroyed) return
    cookieChanges = (globalThis as { cookieStore?: EventTarget }).cookieStore
    cookieChanges?.addEventListener?.('change', refresh)
  }
  if (inBrowser) {
    if (config.adapters.length === 0) fallBack(stored)
    else startAdapters()
    document.addEventListener('visibilitychange', onVisible)
    addEventListener('focus', refresh)
    setTimeout(watchCookies)
  } else {
    settle(state)
  }

  return {
    categories,
    ready: () => ready,
    get: () => state,
    subscribe(listener) {
      if (typeof listener !== 'function') return fail('listener-failed', 'subscribe() needs a function'), () => {}
      listeners.add(listener)
      return () => void listeners.delete(listener)
    },
    set(preferences, options) {
      if (!inBrowser || destroyed) return warnOnce(`set() is ignored ${inBrowser ? 'after destroy()' : 'on the server'}`)
      const given = own(options, 'source') ?? 'user'
      // Only a known source counts; anything else is recorded as a CMP's, which lifts no GPC denial.
      const source = SOURCES.includes(given as ConsentSource) ? (given as ConsentSource) : 'cmp'
      if (source !== given) fail('invalid-option', `set() option "source" must be one of ${SOURCES.join(', ')}; received ${show(given)}`)
      if (!isObject(preferences)) return fail('unknown-category', 'set() needs an object of category id → boolean')
      const wanted: Record<string, boolean> = state.status === 'pending' ? defaultPreferences(categories) : { ...state.categoryPreferences }
      for (const id of ownKeys(preferences)) {
        const granted = own(preferences, id)
        if (!known.has(id) || typeof granted !== 'boolean') {
          fail('unknown-category', `set() ignored ${show(id)}: not a configured category with a boolean value`)
          continue
        }
        wanted[id] = granted
        if (source === 'user') explicit.set(id, granted)
      }
      const before = state
      commit(wanted, 'decided', source)
      if (source === 'user' && state !== before) writeBack(state.categoryPreferences)
    },
    isGranted: (id) => own(state.categoryPreferences, id) === true,
    allows: (name) => destinationAllowed(config, state.categoryPreferences, name, inBrowser),
    stamp(event) {
      try {
        return stampEvent(event, state)
      } catch (error) {
        fail('invalid-option', 'stamp() could not set context.consent on this event', error)
        return event as ReturnType<ConsentManager['stamp']> & typeof event
      }
    },
    report,
    destroy() {
      if (destroyed) return
      destroyed = true
      clearTimeout(timer)
      for (const [adapter, stop] of watching) stopWatching(adapter, stop)
      listeners.clear()
      if (inBrowser) {
        document.removeEventListener('visibilitychange', onVisible)
        removeEventListener('focus', refresh)
        cookieChanges?.removeEventListener?.('change', refresh)
      }
      settle(state)
      release()
    },
  }
}
