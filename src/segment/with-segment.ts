import { ConsentError, type CategoryPreferences, type ConsentManager } from 'consentry'
import type { CookiePattern } from 'consentry'
import type { BufferOptions } from '../integrations/held-calls.js'
import { assertSdk, guard, isOptIn, managerOrInert, readOptions, sentPreferences, wrapOnce, wrapSdk } from '../integrations/runtime.js'
import { CONSENT_UPDATED_EVENT, consentChangeEvent } from './consent-change-event.js'
import { type CdnSettings, SEGMENT_IO, segmentSettings } from './segment-settings.js'

export { CONSENT_UPDATED_EVENT }

const METHODS = ['track', 'page', 'identify', 'group', 'alias', 'screen']

type Fn = (...args: any[]) => any
type Loaded = SegmentAnalytics & { queue?: { plugins: { name: string }[] }; register?: Fn; deregister?: Fn; settings?: { cdnSettings?: CdnSettings } }

/**
 * What `withSegment` needs from analytics-next: an `AnalyticsBrowser`, the snippet's buffer, or
 * the loaded instance. Typed structurally so no analytics-next types leak into consentry's.
 *
 * @example
 * // The snippet's buffer (window.analytics before analytics.js loads) fits as it is.
 * const snippet = (window as unknown as { analytics: SegmentAnalytics }).analytics
 * withSegment(snippet, consent).load('WRITE_KEY')
 */
export interface SegmentAnalytics {
  load: Fn
  track: Fn
  addSourceMiddleware: Fn
  addDestinationMiddleware?: Fn | undefined
  page?: Fn | undefined
  identify?: Fn | undefined
  group?: Fn | undefined
  alias?: Fn | undefined
  screen?: Fn | undefined
}

/**
 * Options for {@link withSegment}. All are optional.
 *
 * @example
 * const options: SegmentOptions = {
 *   integrationCategoryMappings: { 'Facebook Pixel': ['C0004'] },
 *   cookies: { C0004: ['_fbp', /^_gcl_/] },
 *   buffer: { maxEvents: 50 },
 * }
 * withSegment(new AnalyticsBrowser(), consent, options)
 */
export interface SegmentOptions {
  /**
   * `opt-in`: analytics-next is not loaded, and calls are held, until consent is decided (the
   * fail-closed defaults of a CMP that has not answered are not a decision); then only
   * consented device-mode destinations load. `opt-out`: loads at once, stamps the defaults.
   * @default 'opt-in' when any category is opt-in, else 'opt-out'
   */
  model?: 'opt-in' | 'opt-out' | undefined
  /**
   * Destination (creation name) → category ids, all needed. Overrides the CDN's
   * `consentSettings.categories`. A value that is not a non-empty list of ids is reported
   * (`invalid-option`) and never allows its destination.
   */
  integrationCategoryMappings?: Readonly<Record<string, readonly string[]>> | undefined
  /** Track "Segment Consent Preference Updated" on every real change. @default true */
  consentChangedEvent?: boolean | undefined
  /**
   * Bounds of the pre-consent buffer (sessionStorage: a held call's callbacks are dropped, functions
   * do not serialise), or `false` to hold calls in memory only (default bounds, callbacks kept).
   */
  buffer?: (BufferOptions & { key?: string | undefined }) | false | undefined
  /** Category id → cookie names or patterns (`_ga*`, /^_fbp$/) deleted when it is revoked. */
  cookies?: Readonly<Record<string, readonly CookiePattern[]>> | undefined
  /**
   * Destination → cleanup run when it is revoked (after analytics-next's own `unload`; a revoke
   * while analytics-next is loading runs both once it has loaded, if still denied then).
   */
  unload?: Readonly<Record<string, () => void>> | undefined
  /**
   * Called with destinations granted after load that analytics-next never loaded on this page
   * (they were filtered out, or the whole SDK was switched off because nothing relevant was
   * granted). Cloud-mode events to them flow again at once when the SDK runs; to start their
   * device-mode script (or a switched-off SDK) now, reload here (`() => location.reload()`).
   * Without it they load on the next page.
   */
  onGrantedAfterLoad?: ((destinations: string[]) => void) | undefined
}

/**
 * Connects Segment analytics-next to consent, without a page reload in either direction:
 * stamps `context.consent` (full map, read per event) on every call, holds calls in a persistent
 * buffer until consent is decided (opt-in), loads only consented device-mode destinations, drops
 * events to a destination the moment it is revoked (and unloads it and deletes its cookies), and
 * tracks "Segment Consent Preference Updated" once per real change. Returns the same instance.
 * Wrap it before `load()`: an instance whose load already ran is reported (`invalid-option`, and
 * on the console), and from then on gets no event for a denied destination. Options that are not
 * an object are reported (`invalid-option`) and read as the defaults; nothing throws.
 *
 * @example
 * const analytics = withSegment(new AnalyticsBrowser(), consent, { cookies: { C0004: ['_fbp'] } })
 * analytics.load({ writeKey: 'KEY' })
 */
export function withSegment<A extends SegmentAnalytics>(analytics: A, consent: ConsentManager, options: SegmentOptions = {}): A {
  if (process.env.NODE_ENV !== 'production') assertSdk(analytics, 'withSegment', 'an AnalyticsBrowser, the snippet or a loaded instance', ['load', 'addSourceMiddleware'])
  if (!managerOrInert(consent, analytics, METHODS, 'withSegment')) {
    // An instance loaded elsewhere sends without load(): a source middleware that never calls next() drops every event.
    try {
      analytics.addSourceMiddleware(() => {})
    } catch {
      // Its load() and calls are no-ops already; the error printed says why.
    }
    return analytics
  }
  if (!wrapOnce(analytics, consent, 'withSegment')) return analytics
  options = readOptions(consent, options, 'withSegment')
  const run = segmentRun(analytics, consent, options)
  addStamping(run)
  const changeEvent = options.consentChangedEvent === false ? undefined : consentChangeEvent((...args) => analytics.track(...args))
  run.sdk = wrapSdk(analytics, consent, {
    optIn: run.optIn,
    methods: METHODS,
    buffer: options.buffer,
    key: 'consentry:segment',
    cookies: options.cookies,
    // analytics-next's own pre-load buffer replays calls grouped by method, so opt-in keeps holding
    // until the instance is loaded to replay in call order.
    waitFor: () => run.optIn && !run.instance,
    send(method, args, real) {
      const target = run.live()
      if (target !== analytics) return (target[method as 'track'] as Fn).apply(target, args)
      // The snippet's stubs push a page context of their own after the arguments: a held call
      // already ends in the one of the page it was made on, so it goes onto the buffer as it is.
      if (Array.isArray(analytics) && (args[args.length - 1] as { __t?: unknown } | null | undefined)?.__t === 'bpc') return analytics.push([method, ...args])
      return real.apply(target, args)
    },
    keep: withPageContext,
    preferences: run.preferences,
    load: (args, load) => consentedLoad(run, args, load),
    onLoad(value) {
      run.instance = Array.isArray(value) && !Array.isArray(analytics) ? value[0] : run.live()
      unloadDenied(run)
    },
    onChange(state, now, before) {
      followChange(run, now, before)
      changeEvent?.(state, now)
    },
  })
  const a = analytics as { instance?: unknown; initialized?: unknown; _writeKey?: unknown; then?: Fn }
  // The snippet's own load() sets `_loadOptions`; `_writeKey` the snippet sets before that line,
  // so on the snippet it says nothing about a load.
  if (Array.isArray(a) ? Object.hasOwn(a, '_loadOptions') : a.instance || a.initialized === true || typeof a._writeKey === 'string') loadedElsewhere(run)
  // An AnalyticsBrowser whose load() started shows nothing until it has loaded.
  else
    a.then?.call(
      analytics,
      () => run.ours || loadedElsewhere(run),
      () => {},
    )
  return analytics
}

/** One wrapped instance: what every step below reads and updates. */
interface SegmentRun<A extends SegmentAnalytics = SegmentAnalytics> {
  analytics: A
  consent: ConsentManager
  optIn: boolean
  unload: Readonly<Record<string, () => void>>
  onGrantedAfterLoad: ((destinations: string[]) => void) | undefined
  cdn: ReturnType<typeof segmentSettings>
  /** The snippet's buffer is replaced by the real instance once it loads; later calls go there. */
  live(): A
  /** The preferences events carry: the enforcement defaults while an opt-out page waits for a CMP. */
  preferences(): CategoryPreferences
  /** With the snippet, the loaded instance is the global that replaced the buffer. */
  loadedInstance(): Loaded | undefined
  instance?: Loaded | undefined
  sdk?: { loaded: boolean } | undefined
  /** Whether analytics-next was loaded (or started loading) by a load() of its own, not ours. */
  started: boolean
  ours: boolean
  /** Not running on this page: a revoked destination → its deregistered plugin; one filtered out at load → undefined. */
  removed: Map<string, unknown>
  /** true once dropping queued events is wanted, false once its middleware is registered. */
  dropping?: boolean | undefined
}

function segmentRun<A extends SegmentAnalytics>(analytics: A, consent: ConsentManager, options: SegmentOptions): SegmentRun<A> {
  const optIn = isOptIn(consent, options, 'withSegment')
  const run: SegmentRun<A> = {
    analytics,
    consent,
    optIn,
    unload: options.unload ?? {},
    onGrantedAfterLoad: options.onGrantedAfterLoad,
    cdn: segmentSettings(consent, options.integrationCategoryMappings),
    live() {
      const global = (window as unknown as { analytics?: A & { initialized?: boolean } }).analytics
      return Array.isArray(analytics) && global?.initialized ? global : analytics
    },
    // Opt-out sends before the CMP answers; those events carry the enforcement defaults.
    preferences: () => sentPreferences(consent, optIn),
    loadedInstance: () => (Array.isArray(run.instance) ? run.live() : (run.instance ?? (analytics as { instance?: Loaded }).instance ?? (run.started ? run.live() : undefined))) as Loaded | undefined,
    started: false,
    ours: false,
    removed: new Map(),
  }
  return run
}

/** Stamps every event with the full preferences and switches off the destinations they deny. */
function addStamping(run: SegmentRun): void {
  const { cdn } = run
  run.analytics.addSourceMiddleware(({ payload, next, integrations: plugins }: { payload: { obj: Record<string, any> }; next: Fn; integrations?: object }) => {
    const event = payload.obj
    // Loaded outside withSegment: the settings come from the instance, the names from its plugins.
    if (run.started) cdn.read(run.loadedInstance()?.settings?.cdnSettings)
    const prefs = run.preferences()
    run.consent.stamp(event).context.consent.categoryPreferences = prefs
    // analytics-next drops an event when a source middleware never calls next (next(null) passes it on).
    if (event.event !== CONSENT_UPDATED_EVENT && cdn.sdkOff(prefs)) return
    const integrations = (event.integrations ??= {})
    const destinations = cdn.destinations()
    for (const name of destinations.length ? destinations : Object.keys(plugins ?? {})) if (!cdn.allowed(name, prefs)) integrations[name] = false
    next(payload)
  })
}

// Drops events already queued inside a destination once it is revoked. Registered on the loaded
// instance so it reaches every destination plugin, and only at the first revocation: any
// destination middleware makes analytics-next deep-clone each event per destination.
function dropQueued(run: SegmentRun): void {
  const loaded = run.loadedInstance()
  if (run.dropping === false) return
  run.dropping = !loaded
  loaded?.addDestinationMiddleware?.('*', ({ payload, integration, next }: { payload: unknown; integration: string; next: Fn }) =>
    next(run.cdn.allowed(integration, run.preferences()) ? payload : null),
  )
}

function revoke(run: SegmentRun, name: string, loaded: Loaded | undefined): void {
  dropQueued(run)
  // analytics-next is still loading (its plugins are not there yet): the teardown runs once it has
  // loaded, for every destination still denied then (unloadDenied), so the hook follows the unload.
  if (!loaded && run.sdk?.loaded) return
  const plugin = loaded?.queue?.plugins.find((p) => p.name === name)
  if (plugin) {
    run.removed.set(name, plugin)
    void loaded!.deregister?.(name)
  }
  guard(run.consent, run.unload[name], `unload["${name}"]`)
}

// Once analytics-next has loaded: every destination it loaded whose categories are denied now
// (revoked while it was loading, or denied before an opt-out load) is torn down as on a revoke.
function unloadDenied(run: SegmentRun): void {
  const loaded = run.loadedInstance()
  const prefs = run.preferences()
  for (const { name } of [...(loaded?.queue?.plugins ?? [])]) if (run.cdn.destinations().includes(name) && !run.cdn.allowed(name, prefs)) revoke(run, name, loaded)
  if (run.dropping) dropQueued(run)
}

/** Unloads the destinations a change revokes, and brings back those it grants again. */
function followChange(run: SegmentRun, now: Readonly<CategoryPreferences>, before: Readonly<CategoryPreferences>): void {
  const loaded = run.loadedInstance()
  for (const name of run.cdn.destinations()) {
    const [was, is] = run.cdn.changed(name, before, now)
    if (was && !is) revoke(run, name, loaded)
    else if (!was && is && (run.sdk?.loaded || run.started) && run.removed.has(name)) {
      const plugin = run.removed.get(name)
      run.removed.delete(name)
      if (plugin) void loaded!.register?.(plugin)
      else guard(run.consent, () => run.onGrantedAfterLoad?.([name]), 'onGrantedAfterLoad')
    }
  }
}

// An instance whose load() ran before withSegment (AnalyticsBrowser.load(), the snippet's own
// analytics.load()): its device-mode destinations may have loaded before consent. Say so loudly,
// and from now on drop every event to a denied destination and unload the denied ones.
function loadedElsewhere(run: SegmentRun): void {
  if (run.started) return
  run.started = true
  const message = 'consentry: withSegment() got an instance whose load() already ran, so destinations may have loaded before consent; wrap it before load()'
  console.error(message)
  run.consent.report(new ConsentError('invalid-option', message))
  run.dropping = true
  dropQueued(run)
  const loaded = run.loadedInstance()
  run.cdn.read(loaded?.settings?.cdnSettings)
  const prefs = run.preferences()
  for (const name of run.cdn.destinations()) if (!run.cdn.allowed(name, prefs)) revoke(run, name, loaded)
  // Calls wait for consent as usual, then go to the running instance.
  run.analytics.load()
}

/** analytics-next's load(), with the CDN settings filtered to consented destinations (opt-in). */
function consentedLoad(run: SegmentRun, [first, opts = {}]: unknown[], load: Fn): unknown {
  const { analytics, optIn, cdn: consentCdn } = run
  // Loaded elsewhere already: wait for that load (an AnalyticsBrowser is a thenable), never a second one.
  if (run.started) return typeof (analytics as { then?: unknown }).then === 'function' ? analytics : undefined
  run.ours = true
  const { updateCDNSettings: theirs, disable } = opts as {
    updateCDNSettings?: (s: CdnSettings) => CdnSettings
    disable?: boolean | ((s: CdnSettings) => boolean | Promise<boolean>)
  }
  return load(first, {
    ...(opts as object),
    updateCDNSettings(cdn: CdnSettings) {
      consentCdn.read(cdn)
      if (optIn) {
        const prefs = run.preferences()
        const keep = (name: string) => consentCdn.allowed(name, prefs) || void run.removed.set(name, undefined)
        const integrations = Object.fromEntries(Object.entries(cdn.integrations).filter(([name]) => name === SEGMENT_IO || keep(name)))
        cdn = { ...cdn, integrations, remotePlugins: cdn.remotePlugins?.filter((p) => keep(p.creationName)) }
      }
      return theirs ? theirs(cdn) : cdn
    },
    // true always wins; a function is OR-ed with the consent check; false cannot re-enable.
    disable: disable === true || (async (cdn: CdnSettings) => (optIn && consentCdn.sdkOff(run.preferences())) || (typeof disable === 'function' && (await disable(cdn)) === true)),
  })
}

// Held calls are replayed later (maybe on another page), so each keeps the page it was made on,
// in analytics-next's own buffered page-context shape, which its methods take off as a last
// argument (popPageContext) before reading the rest, callbacks included. Held in memory, the
// callbacks stay; the sessionStorage buffer drops them (functions do not serialise).
function withPageContext(args: unknown[]): unknown[] {
  // `c: undefined` without a canonical link, as analytics-next builds it itself.
  return [
    ...args,
    {
      __t: 'bpc',
      c: document.querySelector("link[rel='canonical']")?.getAttribute('href') || undefined,
      p: location.pathname,
      u: location.href,
      s: location.search,
      t: document.title,
      r: document.referrer,
    },
  ]
}
