import type { AdapterReading, ConsentAdapter } from '../adapter.js'
import { ConsentError, type ConsentErrorCode } from './consent-error.js'
import { cookieStore, decodeDecision, type StoredDecision } from './cookie-store.js'
import { closedPreferences, defaultPreferences, effectivePreferences, samePreferences } from './preferences.js'
import { receiptId } from './receipt-id.js'
import { sharedManager } from './shared-registry.js'
import type { CategoryPreferences, ConsentListener, ConsentManager, ConsentOptions, ConsentSource, ConsentStamp, ConsentState, ConsentStatus } from './types.js'
import { resolveConfig, type Config } from './resolve-config.js'
import { isObject } from './is-object.js'
import { warnOnce } from './warn-once.js'

/**
 * Creates the consent manager: the one state every integration, adapter and widget reads.
 *
 * In development builds it throws a {@link ConsentError} for invalid options; after that nothing it does throws into the
 * page. On the server (no `window`) it returns a manager that stays `pending` and grants nothing.
 * A second call on the same page with the same cookie name, from any copy of consentry, returns
 * the first manager, so an npm bundle and the script tag share one state.
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
/* @__NO_SIDE_EFFECTS__ */
export function createConsent(options: ConsentOptions): ConsentManager {
  const config = resolveConfig(options)
  const inBrowser = typeof window === 'object' && typeof document === 'object'
  if (!inBrowser) return createManager(config, false, () => {})
  return sharedManager(config.cookie ? config.cookie.name : 'consentry', (release) => createManager(config, true, release))
}

function createManager(config: Config, inBrowser: boolean, release: () => void): ConsentManager {
  const { categories, destinations, policyVersion, onError } = config
  const listeners = new Set<ConsentListener>()
  const store = inBrowser && config.cookie ? cookieStore(config.cookie) : undefined
  const gpc = inBrowser && (navigator as Navigator & { globalPrivacyControl?: boolean }).globalPrivacyControl === true
  let explicit = new Set<string>()
  let state: ConsentState = Object.freeze({
    categoryPreferences: Object.freeze(inBrowser ? closedPreferences(categories) : Object.fromEntries(categories.map((c) => [c.id, false]))),
    status: 'pending',
    source: 'default',
    id: '',
    policyVersion,
    updatedAt: 0,
  })
  let receipt: ConsentStamp['receipt'] | undefined
  let active: ConsentAdapter | undefined
  let destroyed = false
  let timer: ReturnType<typeof setTimeout> | undefined
  const watching = new Map<ConsentAdapter, () => void>()
  let settle!: (state: ConsentState) => void
  const ready = new Promise<ConsentState>((resolve) => (settle = resolve))

  const report = (error: ConsentError) => {
    try {
      onError(error)
    } catch {
      // An onError that throws must not take the page down with it.
    }
  }
  const fail = (code: ConsentErrorCode, message: string, cause?: unknown) => report(new ConsentError(code, `consentry: ${message}`, cause))

  function commit(
    wanted: Readonly<Record<string, boolean | undefined>>,
    status: ConsentStatus,
    source: ConsentSource,
    extra: { adapter?: string; stored?: StoredDecision } = {},
  ): void {
    const { preferences, byGpc } = effectivePreferences(categories, wanted, gpc, explicit)
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
    receipt = undefined
    if (store && status === 'decided' && source !== 'storage') {
      const ids = (granted: boolean) => categories.filter((c) => c.enforcement !== 'always' && preferences[c.id] === granted).map((c) => c.id)
      try {
        store.write({ id: state.id, updatedAt: state.updatedAt, source: state.source, policyVersion, granted: ids(true), denied: ids(false), explicit: [...explicit] })
      } catch (error) {
        fail('invalid-cookie', 'could not store the decision', error)
      }
    }
    if (status !== 'pending') settle(state)
    for (const listener of [...listeners]) {
      try {
        listener(state, previous)
      } catch (error) {
        fail('listener-failed', 'a consent listener threw', error)
      }
    }
  }

  function readStored(): StoredDecision | undefined {
    let value: string | undefined
    try {
      value = store?.read()
    } catch (error) {
      fail('invalid-cookie', 'could not read the consent cookie', error)
    }
    if (value === undefined) return undefined
    const decision = decodeDecision(value)
    if (typeof decision === 'string') return void fail('invalid-cookie', `ignored the consent cookie (${decision})`)
    // A decision made under another policy version is not reused: the site must ask again.
    return decision.policyVersion === policyVersion ? decision : undefined
  }

  function fallBack(stored: StoredDecision | undefined): void {
    if (!stored) return commit(defaultPreferences(categories), 'default', 'default')
    const wanted: Record<string, boolean> = defaultPreferences(categories)
    for (const id of stored.granted) wanted[id] = true
    for (const id of stored.denied) wanted[id] = false
    commit(wanted, 'decided', 'storage', { stored })
  }

  function onReading(adapter: ConsentAdapter, reading: AdapterReading): void {
    if (destroyed || (active && active !== adapter)) return
    if (typeof reading !== 'object' || reading === null || Array.isArray(reading)) {
      return fail('invalid-reading', `adapter "${adapter.name}" sent a reading that is not an object`)
    }
    if (!active) {
      active = adapter
      clearTimeout(timer)
      // The first adapter to know the visitor's choice decides; the others stop watching.
      for (const [other, stop] of watching) if (other !== adapter) stopWatching(other, stop)
    }
    commit(reading, 'decided', 'cmp', { adapter: adapter.name })
  }

  function stopWatching(adapter: ConsentAdapter, stop: () => void): void {
    watching.delete(adapter)
    try {
      stop()
    } catch (error) {
      fail('adapter-failed', `adapter "${adapter.name}" threw while stopping`, error)
    }
  }

  if (inBrowser) {
    const stored = readStored()
    // Grants the visitor made explicitly stay exempt from GPC whoever decides next, CMP included.
    explicit = new Set(stored?.explicit)
    if (config.adapters.length === 0) fallBack(stored)
    else {
      timer = setTimeout(() => {
        if (state.status !== 'pending') return
        fail('cmp-timeout', `no CMP answered within ${config.waitMs} ms; using ${stored ? 'the stored decision' : 'the enforcement defaults'}`)
        fallBack(stored)
      }, config.waitMs)
      for (const adapter of config.adapters) {
        try {
          const stop = adapter.watch((reading) => onReading(adapter, reading), { categories, report })
          if (typeof stop !== 'function') continue
          watching.set(adapter, stop)
          // It may have emitted during watch(), or another adapter already decided.
          if (active && active !== adapter) stopWatching(adapter, stop)
        } catch (error) {
          fail('adapter-failed', `adapter "${adapter.name}" threw while starting`, error)
        }
      }
    }
  } else {
    settle(state)
  }

  const manager: ConsentManager = {
    categories,
    ready: () => ready,
    get: () => state,
    subscribe(listener) {
      listeners.add(listener)
      return () => void listeners.delete(listener)
    },
    set(preferences, options = {}) {
      const source = options.source ?? 'user'
      if (!inBrowser || destroyed) return warnOnce(`set() is ignored ${inBrowser ? 'after destroy()' : 'on the server'}`)
      if (typeof preferences !== 'object' || preferences === null) return fail('unknown-category', 'set() needs an object of category id → boolean')
      const wanted: Record<string, boolean> = state.status === 'pending' ? defaultPreferences(categories) : { ...state.categoryPreferences }
      for (const [id, granted] of Object.entries(preferences)) {
        if (!(id in wanted) || typeof granted !== 'boolean') {
          fail('unknown-category', `set() ignored ${JSON.stringify(id)}: not a configured category with a boolean value`)
          continue
        }
        wanted[id] = granted
        if (source === 'user') granted ? explicit.add(id) : explicit.delete(id)
      }
      const before = state
      commit(wanted, 'decided', source)
      if (source === 'user' && active?.write && state !== before) {
        try {
          Promise.resolve(active.write(state.categoryPreferences)).catch((error) => fail('adapter-failed', `adapter "${active?.name}" could not write`, error))
        } catch (error) {
          fail('adapter-failed', `adapter "${active.name}" could not write`, error)
        }
      }
    },
    isGranted: (id) => state.categoryPreferences[id] === true,
    allows(name) {
      const needed = destinations[name]
      if (!needed) return inBrowser && config.unmapped === 'allow'
      return needed.every((id) => state.categoryPreferences[id] === true)
    },
    stamp(event) {
      receipt ??= {
        id: state.id,
        policyVersion,
        source: state.source,
        status: state.status,
        updatedAt: state.updatedAt ? new Date(state.updatedAt).toISOString() : '',
        ...(state.adapter ? { adapter: state.adapter } : {}),
      }
      const target = event as { context?: { consent?: object } }
      // A new context, not a write into the given one: callers reuse their context objects.
      const context = isObject(target.context) ? target.context : {}
      target.context = { ...context, consent: { ...context.consent, categoryPreferences: { ...state.categoryPreferences }, receipt: { ...receipt } } }
      return event as ReturnType<ConsentManager['stamp']> & typeof event
    },
    report,
    destroy() {
      if (destroyed) return
      destroyed = true
      clearTimeout(timer)
      for (const [adapter, stop] of watching) stopWatching(adapter, stop)
      listeners.clear()
      settle(state)
      release()
    },
  }
  return manager
}
