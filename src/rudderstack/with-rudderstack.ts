import { ConsentError, withConsent, type CategoryPreferences, type ConsentManager } from 'consentry'
import type { CookiePattern } from 'consentry'
import type { BufferOptions } from '../integrations/held-calls.js'
import { guard, isIdList, isOptIn, isRecord, managerOrInert, mappingProblems, readOptions, sentPreferences, wrapOnce, wrapSdk } from '../integrations/runtime.js'
import { adoptSnippetGlobal } from './snippet-global.js'

type Fn = (...args: any[]) => any

const METHODS = ['track', 'page', 'identify', 'group', 'alias'] as const

/**
 * What `withRudderStack` needs from `@rudderstack/analytics-js`: a `RudderAnalytics` instance
 * (or anything with the same `load`, event and, optionally, `consent` and `ready` methods).
 *
 * @example
 * import { RudderAnalytics } from '@rudderstack/analytics-js'
 * const rudderanalytics: RudderAnalyticsLike = new RudderAnalytics()
 */
export interface RudderAnalyticsLike {
  load: Fn
  consent?: Fn | undefined
  /** When present, calls are held until it fires, so none waits inside RudderStack's destination queue. */
  ready?: Fn | undefined
  track: Fn
  page?: Fn | undefined
  identify?: Fn | undefined
  group?: Fn | undefined
  alias?: Fn | undefined
}

/**
 * Options for {@link withRudderStack}.
 *
 * @example
 * const options: RudderStackOptions = {
 *   destinations: { Hotjar: ['analytics'], 'Facebook Pixel': ['marketing'] },
 *   unload: { Hotjar: () => document.getElementById('hotjar-script')?.remove() },
 *   cookies: { analytics: ['_hj*'], marketing: ['_fbp'] },
 * }
 */
export interface RudderStackOptions {
  /**
   * `opt-in`: `load()` and every call wait for consent (calls are held in sessionStorage);
   * `opt-out`: loads at once with the defaults. @default 'opt-in' when any category is opt-in
   */
  model?: 'opt-in' | 'opt-out' | undefined
  /**
   * Bounds of the pre-consent buffer (sessionStorage: a held call's callbacks are dropped, functions
   * do not serialise), or `false` to hold calls in memory only (callbacks kept).
   */
  buffer?: (BufferOptions & { key?: string | undefined }) | false | undefined
  /** Category id → cookie names or patterns deleted when it is revoked. */
  cookies?: Readonly<Record<string, readonly CookiePattern[]>> | undefined
  /**
   * Device-mode destination, by its RudderStack display name (`'Hotjar'`,
   * `'Google Analytics 4 (GA4)'`) → the category ids it needs, all granted. A destination not
   * allowed is left out of `load()` and gets `integrations: { [name]: false }` on every call, so
   * it stops at once on revoke. Names only listed in `unload` use the manager's `destinations`
   * (`consent.allows(name)`).
   */
  destinations?: Readonly<Record<string, readonly string[]>> | undefined
  /** Destination display name → teardown run once each time it is revoked; a throw goes to `onError`. */
  unload?: Readonly<Record<string, () => void>> | undefined
  /**
   * Called with the destinations granted after RudderStack loaded without them. RudderStack v3
   * loads device-mode destinations once per page, so they start on the next page unless this
   * reloads it.
   */
  onGrantedAfterLoad?: ((names: string[]) => void) | undefined
}

// Configuration mistakes, one message each: they surface at creation instead of as a destination
// that silently never stops (or never starts).
function optionProblems(analytics: RudderAnalyticsLike, consent: ConsentManager, options: RudderStackOptions): string[] {
  const problems = mappingProblems(options.destinations, 'destinations')
  if (typeof analytics?.load !== 'function' || typeof analytics.track !== 'function') problems.unshift('needs a RudderAnalytics instance (with load() and track())')
  const known = new Set(consent.categories.map((c) => c.id))
  for (const [name, needed] of Object.entries(isRecord(options.destinations) ? options.destinations : {})) {
    if (isIdList(needed)) for (const id of needed) if (!known.has(id)) problems.push(`destinations[${JSON.stringify(name)}] names the unknown category ${JSON.stringify(id)}`)
  }
  for (const [name, hook] of Object.entries(isRecord(options.unload) ? options.unload : {})) if (typeof hook !== 'function') problems.push(`unload[${JSON.stringify(name)}] must be a function`)
  if (options.onGrantedAfterLoad !== undefined && typeof options.onGrantedAfterLoad !== 'function') problems.push('onGrantedAfterLoad must be a function')
  return problems
}

// Development throws the first problem; production reports each, and a malformed mapping never
// allows its destination (destinationRules).
function checkOptions(analytics: RudderAnalyticsLike, consent: ConsentManager, options: RudderStackOptions): void {
  for (const problem of optionProblems(analytics, consent, options)) {
    const error = new ConsentError('invalid-option', `consentry: withRudderStack(): ${problem}`)
    if (process.env.NODE_ENV !== 'production') throw error
    consent.report(error)
  }
}

const ids = (prefs: Readonly<CategoryPreferences>, granted: boolean) => Object.keys(prefs).filter((id) => prefs[id] === granted)

/**
 * Connects the RudderStack JavaScript SDK v3 to consent: loads it with the `custom` consent
 * provider fed with consentry's granted and denied category ids (so RudderStack's own device-mode
 * and cloud filtering apply), stamps `context.consent` on every call, holds calls in a persistent
 * buffer until consent is decided (opt-in) and RudderStack is ready, and on every real change calls
 * `rudderanalytics.consent()`, turns revoked device-mode destinations off per call, runs their
 * `unload` hooks and deletes the configured cookies of revoked categories. Returns the same
 * instance, patched.
 *
 * @throws {ConsentError} `invalid-option` in development builds when `analytics` has no `load()`
 * or `track()`, or `destinations`, `unload` or `onGrantedAfterLoad` are malformed (unknown
 * category ids included); production builds report each through `onError` instead. Options that
 * are not an object are reported in every build and read as the defaults.
 *
 * @example
 * const rudderanalytics = withRudderStack(new RudderAnalytics(), consent, {
 *   destinations: { Hotjar: ['analytics'] },
 *   cookies: { analytics: ['_hj*'] },
 * })
 * rudderanalytics.load(WRITE_KEY, DATA_PLANE_URL)
 */
export function withRudderStack<A extends RudderAnalyticsLike>(analytics: A, consent: ConsentManager, options: RudderStackOptions = {}): A {
  if (!managerOrInert(consent, analytics, METHODS, 'withRudderStack')) {
    // The SDK that replaces the snippet's array as the global gets the array's inert methods too.
    adoptSnippetGlobal(analytics, ['load', ...METHODS], {})
    return analytics
  }
  options = readOptions(consent, options, 'withRudderStack')
  checkOptions(analytics, consent, options)
  if (!wrapOnce(analytics, consent, 'withRudderStack')) return analytics
  const optIn = isOptIn(consent, options, 'withRudderStack')
  // Opt-out loads before the CMP answers: with the enforcement defaults, not the closed pending state.
  const preferences = () => sentPreferences(consent, optIn)
  // A malformed `destinations` is left to destinationRules (it then turns every destination off).
  const { destinations = {} } = options
  const unload = isRecord(options.unload) ? options.unload : {}
  const names = Object.keys({ ...(isRecord(destinations) && destinations), ...unload })
  const { allowed, blocked } = destinationRules(consent, destinations, names, preferences)
  // Stamping is the core's withConsent over the SDK's own methods; calls reach it only once
  // wrapSdk releases them.
  // With RudderStack's snippet, the SDK's own methods once it replaces the snippet's array.
  const sink: Record<string, Fn> = {}
  const stamped = withConsent(blockingMethods(analytics, blocked, sink), consent) as Record<string, Fn>
  let ready = typeof analytics.ready !== 'function'
  const management = () => {
    const prefs = preferences()
    return { allowedConsentIds: ids(prefs, true), deniedConsentIds: ids(prefs, false) }
  }
  let loaded: string[] | undefined
  let on = names.filter(allowed)
  const sdk = wrapSdk(analytics, consent, {
    optIn,
    methods: METHODS,
    preferences,
    buffer: options.buffer,
    key: 'consentry:rudderstack',
    cookies: options.cookies,
    // RudderStack only queues events for device-mode destinations until they are ready; holding
    // them here instead lets a revoke in that window drop them.
    waitFor: () => !ready,
    send: (method, args) => stamped[method]?.(...args),
    load([writeKey, dataPlaneUrl, loadOptions = {}]: unknown[], load) {
      loaded = names.filter(allowed)
      ;(sink.load ?? load)(writeKey, dataPlaneUrl, {
        ...(loadOptions as object),
        integrations: { ...(loadOptions as { integrations?: object }).integrations, ...blocked() },
        consentManagement: { enabled: true, provider: 'custom', ...management() },
      })
      analytics.ready?.(() => {
        ready = true
        sdk.release()
      })
    },
    onChange() {
      if (loaded) guard(consent, () => analytics.consent?.({ consentManagement: management() }), 'rudderanalytics.consent()')
      const now = names.filter(allowed)
      const later: string[] = []
      for (const name of names) {
        if (on.includes(name) && !now.includes(name) && loaded?.includes(name)) guard(consent, unload[name], `unload["${name}"]`)
        if (loaded && !on.includes(name) && now.includes(name) && !loaded.includes(name)) later.push(name)
      }
      on = now
      if (later.length) guard(consent, () => options.onGrantedAfterLoad?.(later), 'onGrantedAfterLoad')
    },
  })
  adoptSnippetGlobal(analytics, ['load', ...METHODS], sink)
  loadedElsewhere(analytics, consent)
  return analytics
}

/**
 * A load that did not go through withRudderStack. The snippet's own load line only queued a
 * `['load', …]` on the snippet's array, which the SDK runs as soon as it arrives: it is taken out
 * and goes through the wrapped `load()` instead (it waits for consent). An SDK whose load already
 * ran (its `analyticsInstances` has one) may have loaded destinations before consent: that cannot
 * be undone. Both are reported, in every build.
 */
function loadedElsewhere(analytics: RudderAnalyticsLike, consent: ConsentManager): void {
  const say = (what: string) => {
    const message = `consentry: withRudderStack() got ${what}`
    console.error(message)
    consent.report(new ConsentError('invalid-option', message))
  }
  if (Array.isArray(analytics)) {
    const loads = analytics.filter((call) => Array.isArray(call) && call[0] === 'load')
    if (!loads.length) return
    for (const call of loads) analytics.splice(analytics.indexOf(call), 1)
    say("the snippet after its own load() line, whose load now waits for consent; wrap the snippet's load line instead")
    analytics.load(...loads[0].slice(1))
  } else if (Object.hasOwn(analytics, 'analyticsInstances') && Object.keys((analytics as { analyticsInstances?: object }).analyticsInstances ?? {}).length) {
    say('an instance whose load() already ran, so destinations may have loaded before consent; wrap it before load()')
  }
}

/** Which destinations may receive events now. Own mappings only; a malformed one (empty, not a list) never allows, in production too. */
function destinationRules(consent: ConsentManager, destinations: unknown, names: readonly string[], preferences: () => CategoryPreferences) {
  const allowed = (name: string) => {
    // Mapped by the manager's `destinations`: it answers for its current state (closed while pending).
    if (!isRecord(destinations) || !Object.hasOwn(destinations, name)) return consent.allows(name)
    const needed = destinations[name]
    const prefs = preferences()
    return isIdList(needed) && needed.every((id) => Object.hasOwn(prefs, id) && prefs[id] === true)
  }
  // RudderStack's `integrations` shape: display name → false turns one destination off; a
  // `destinations` option that is not an object names none, so `All: false` turns off every one.
  const blocked = () => {
    const off: Record<string, false> = isRecord(destinations) ? {} : { All: false }
    for (const name of names) if (!allowed(name)) off[name] = false
    return off
  }
  return { allowed, blocked }
}

/** The SDK's event methods, each call's `integrations` turning off every destination blocked at that moment. */
function blockingMethods(analytics: RudderAnalyticsLike, blocked: () => Record<string, false>, sink: Record<string, Fn>): Record<string, Fn> {
  const filtered: Record<string, Fn> = {}
  for (const method of METHODS) {
    const stub = analytics[method]
    if (typeof stub !== 'function') continue
    filtered[method] = (...args: any[]) => {
      // The stamped options object is the last one carrying context.consent (callbacks come after it).
      for (let i = args.length; i--; ) {
        if (args[i]?.context?.consent) {
          args[i].integrations = { ...args[i].integrations, ...blocked() }
          break
        }
      }
      // The snippet's stub, or the SDK's own method once it has replaced the snippet's array.
      return (sink[method] ?? (stub as Fn)).apply(analytics, args)
    }
  }
  return filtered
}
