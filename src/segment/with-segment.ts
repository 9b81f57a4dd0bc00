import { ConsentError, type CategoryPreferences, type ConsentManager } from 'consentry'
import type { CookiePattern } from 'consentry'
import type { BufferOptions } from '../integrations/held-calls.js'
import { assertSdk, guard, isOptIn, wrapSdk } from '../integrations/runtime.js'

/**
 * The name of the event `withSegment` tracks once per real consent change (Segment's Unify reads
 * consent changes from it). Use it to tell that event apart from the site's own.
 *
 * @example
 * const isConsentChange = (eventName: string) => eventName === CONSENT_UPDATED_EVENT
 */
export const CONSENT_UPDATED_EVENT = 'Segment Consent Preference Updated'

const METHODS = ['track', 'page', 'identify', 'group', 'alias', 'screen']
const SEGMENT_IO = 'Segment.io'
// Last change event sent, so a CMP re-firing the same state on the next page sends none.
const REPORTED = 'consentry:segment:reported'

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

/** The parts of Segment's CDN settings consent decisions use. */
interface CdnSettings {
  integrations: Record<string, { consentSettings?: { categories?: string[] } } & Record<string, unknown>>
  remotePlugins?: { name: string; creationName: string }[] | undefined
  consentSettings?: { allCategories?: string[]; hasUnmappedDestinations?: boolean }
  [key: string]: unknown
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
  /** Destination (creation name) → category ids. Overrides the CDN's `consentSettings.categories`. */
  integrationCategoryMappings?: Readonly<Record<string, readonly string[]>> | undefined
  /** Track "Segment Consent Preference Updated" on every real change. @default true */
  consentChangedEvent?: boolean | undefined
  /** Bounds of the pre-consent buffer (sessionStorage), or `false` to hold calls in memory only (default bounds). */
  buffer?: (BufferOptions & { key?: string | undefined }) | false | undefined
  /** Category id → cookie names or patterns (`_ga*`, /^_fbp$/) deleted when it is revoked. */
  cookies?: Readonly<Record<string, readonly CookiePattern[]>> | undefined
  /** Destination → cleanup run when it is revoked (after analytics-next's own `unload`). */
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
 * on the console), and from then on gets no event for a denied destination.
 *
 * @example
 * const analytics = withSegment(new AnalyticsBrowser(), consent, { cookies: { C0004: ['_fbp'] } })
 * analytics.load({ writeKey: 'KEY' })
 */
export function withSegment<A extends SegmentAnalytics>(analytics: A, consent: ConsentManager, options: SegmentOptions = {}): A {
  if (process.env.NODE_ENV !== 'production') assertSdk(analytics, 'withSegment', 'an AnalyticsBrowser, the snippet or a loaded instance', ['load', 'addSourceMiddleware'])
  const { integrationCategoryMappings: mappings, unload = {}, onGrantedAfterLoad } = options
  const optIn = isOptIn(consent, options.model)
  // The snippet's buffer is replaced by the real instance once it loads; later calls go there.
  const live = (): A => {
    const global = (window as unknown as { analytics?: A & { initialized?: boolean } }).analytics
    return Array.isArray(analytics) && global?.initialized ? global : analytics
  }
  let settings: CdnSettings | undefined
  let instance: Loaded | undefined
  // Whether analytics-next was loaded (or started loading) by a load() of its own, not ours.
  let started = false
  let ours = false
  // Destinations not running on this page: a revoked one → its deregistered plugin; one filtered
  // out at load → undefined (analytics-next cannot load it later).
  const removed = new Map<string, unknown>()

  // Granted only as an own `true`: an inherited or odd value (a polluted prototype) never grants.
  const on = (prefs: Readonly<CategoryPreferences>, id: string) => Object.hasOwn(prefs, id) && prefs[id] === true
  const allowed = (name: string, prefs: Readonly<CategoryPreferences>) => {
    const cdn = settings?.integrations
    const needed = mappings && Object.hasOwn(mappings, name) ? mappings[name] : cdn && Object.hasOwn(cdn, name) ? cdn[name]?.consentSettings?.categories : undefined
    // A malformed CDN value (not a list) denies instead of throwing inside analytics-next's middleware.
    if (needed === undefined || needed === null) return consent.allows(name)
    return Array.isArray(needed) && needed.every((id) => on(prefs, id))
  }
  // The workspace's destinations, read once from the CDN settings (not per event).
  let destinations: string[] = []
  // Whole-SDK off, as Segment's server would decide: no unmapped destination and nothing relevant granted.
  const sdkOff = (prefs: Readonly<CategoryPreferences>) => {
    const cdn = settings?.consentSettings
    const all = mappings ? Object.values(mappings).flat() : cdn?.allCategories
    return !!all && (!!mappings || cdn?.hasUnmappedDestinations === false) && !all.some((id) => on(prefs, id))
  }
  // Reads the CDN settings once: the destinations, and the category ids the manager lacks (then
  // nothing mapped to them is ever delivered, whatever the visitor chose: say so, once, by name).
  const read = (cdn: CdnSettings | undefined) => {
    if (!cdn?.integrations || settings) return
    settings = cdn
    destinations = [...new Set([...Object.keys(cdn.integrations), ...(cdn.remotePlugins ?? []).map((p) => p.creationName)])].filter((n) => n !== SEGMENT_IO)
    const ids = [...(mappings ? Object.values(mappings) : Object.values(cdn.integrations).map((i) => i?.consentSettings?.categories ?? [])), cdn.consentSettings?.allCategories ?? []].flat()
    const unknown = [...new Set(ids)].filter((id) => !consent.categories.some((c) => c.id === id))
    if (unknown.length) {
      consent.report(new ConsentError('unknown-category', `consentry: withSegment(): Segment's consent categories ${unknown.join(', ')} are not categories of this manager; destinations needing them get nothing`))
    }
  }
  const preferences = (): CategoryPreferences => {
    const state = consent.get()
    // Opt-out sends before the CMP answers; those events carry the enforcement defaults.
    return state.status === 'pending' && !optIn ? Object.fromEntries(consent.categories.map((c) => [c.id, c.enforcement === 'opt-out' || c.enforcement === 'always'])) : { ...state.categoryPreferences }
  }

  analytics.addSourceMiddleware(({ payload, next, integrations: plugins }: { payload: { obj: Record<string, any> }; next: Fn; integrations?: object }) => {
    const event = payload.obj
    // Loaded outside withSegment: the settings come from the instance, the names from its plugins.
    if (started) read(loadedInstance()?.settings?.cdnSettings)
    const prefs = preferences()
    consent.stamp(event).context.consent.categoryPreferences = prefs
    // analytics-next drops an event when a source middleware never calls next (next(null) passes it on).
    if (event.event !== CONSENT_UPDATED_EVENT && sdkOff(prefs)) return
    const integrations = (event.integrations ??= {})
    for (const name of destinations.length ? destinations : Object.keys(plugins ?? {})) if (!allowed(name, prefs)) integrations[name] = false
    next(payload)
  })

  let reported: string | null | undefined
  try {
    reported = localStorage.getItem(REPORTED)
  } catch {
    // No storage: changes are deduplicated within this page only.
  }
  // With the snippet, the loaded instance is the global that replaced the buffer.
  const loadedInstance = () => (Array.isArray(instance) ? live() : instance ?? (analytics as { instance?: typeof instance }).instance ?? (started ? live() : undefined)) as Loaded | undefined
  // Drops events already queued inside a destination once it is revoked. Registered on the loaded
  // instance so it reaches every destination plugin, and only at the first revocation: any
  // destination middleware makes analytics-next deep-clone each event per destination.
  let dropping: boolean | undefined // true once wanted, false once registered
  const dropQueued = () => {
    const loaded = loadedInstance()
    if (dropping === false) return
    dropping = !loaded
    loaded?.addDestinationMiddleware?.('*', ({ payload, integration, next }: { payload: unknown; integration: string; next: Fn }) =>
      next(allowed(integration, preferences()) ? payload : null),
    )
  }
  const revoke = (name: string, loaded: Loaded | undefined) => {
    dropQueued()
    const plugin = loaded?.queue?.plugins.find((p) => p.name === name)
    if (plugin) {
      removed.set(name, plugin)
      void loaded!.deregister?.(name)
    }
    guard(consent, unload[name], `unload["${name}"]`)
  }
  // An instance whose load() ran before withSegment (AnalyticsBrowser.load(), the snippet's own
  // analytics.load()): its device-mode destinations may have loaded before consent. Say so loudly,
  // and from now on drop every event to a denied destination and unload the denied ones.
  const loadedElsewhere = () => {
    if (started) return
    started = true
    const message = 'consentry: withSegment() got an instance whose load() already ran, so destinations may have loaded before consent; wrap it before load()'
    console.error(message)
    consent.report(new ConsentError('invalid-option', message))
    dropping = true
    dropQueued()
    const loaded = loadedInstance()
    read(loaded?.settings?.cdnSettings)
    const prefs = preferences()
    for (const name of destinations) if (!allowed(name, prefs)) revoke(name, loaded)
    // Calls wait for consent as usual, then go to the running instance.
    analytics.load()
  }
  const sdk = wrapSdk(analytics, consent, {
    optIn,
    methods: METHODS,
    buffer: options.buffer,
    key: 'consentry:segment',
    cookies: options.cookies,
    // analytics-next's own pre-load buffer replays calls grouped by method, so opt-in keeps holding
    // until the instance is loaded to replay in call order.
    waitFor: () => optIn && !instance,
    send(method, args, real) {
      const target = live()
      return (target === analytics ? real : (target[method as 'track'] as Fn)).apply(target, args)
    },
    keep: withPageContext,
    preferences,
    load([first, opts = {}]: unknown[], load) {
      // Loaded elsewhere already: wait for that load (an AnalyticsBrowser is a thenable), never a second one.
      if (started) return typeof (analytics as { then?: unknown }).then === 'function' ? analytics : undefined
      ours = true
      const { updateCDNSettings: theirs, disable } = opts as {
        updateCDNSettings?: (s: CdnSettings) => CdnSettings
        disable?: boolean | ((s: CdnSettings) => boolean | Promise<boolean>)
      }
      return load(first, {
        ...(opts as object),
        updateCDNSettings(cdn: CdnSettings) {
          read(cdn)
          if (optIn) {
            const prefs = preferences()
            const keep = (name: string) => allowed(name, prefs) || void removed.set(name, undefined)
            const integrations = Object.fromEntries(Object.entries(cdn.integrations).filter(([name]) => name === SEGMENT_IO || keep(name)))
            cdn = { ...cdn, integrations, remotePlugins: cdn.remotePlugins?.filter((p) => keep(p.creationName)) }
          }
          return theirs ? theirs(cdn) : cdn
        },
        // true always wins; a function is OR-ed with the consent check; false cannot re-enable.
        disable: disable === true || (async (cdn: CdnSettings) => (optIn && sdkOff(preferences())) || (typeof disable === 'function' && (await disable(cdn)) === true)),
      })
    },
    onLoad(value) {
      instance = Array.isArray(value) && !Array.isArray(analytics) ? value[0] : live()
      // A destination revoked while analytics-next was loading.
      if (dropping) dropQueued()
    },
    onChange(state, now, before) {
      const loaded = loadedInstance()
      for (const name of destinations) {
        const was = allowed(name, before)
        const is = allowed(name, now)
        if (was && !is) revoke(name, loaded)
        else if (!was && is && (sdk.loaded || started) && removed.has(name)) {
          const plugin = removed.get(name)
          removed.delete(name)
          if (plugin) void loaded!.register?.(plugin)
          else guard(consent, () => onGrantedAfterLoad?.([name]), 'onGrantedAfterLoad')
        }
      }
      const map = JSON.stringify(now)
      if (options.consentChangedEvent === false || state.status !== 'decided' || state.source === 'storage' || map === reported) return
      reported = map
      try {
        localStorage.setItem(REPORTED, map)
      } catch {
        // See above.
      }
      void analytics.track(CONSENT_UPDATED_EVENT, undefined, { consent: { categoryPreferences: now } })
    },
  })

  const a = analytics as { instance?: unknown; initialized?: unknown; _writeKey?: unknown; then?: Fn }
  if (a.instance || a.initialized === true || typeof a._writeKey === 'string') loadedElsewhere()
  // An AnalyticsBrowser whose load() started shows nothing until it has loaded.
  else a.then?.call(analytics, () => ours || loadedElsewhere(), () => {})
  return analytics
}

// Held calls are replayed later (maybe on another page), so each keeps the page it was made on,
// in analytics-next's own buffered page-context shape, which its methods accept as a last argument.
function withPageContext(args: unknown[]): unknown[] {
  const out = args.filter((arg) => typeof arg !== 'function')
  // `c: undefined` without a canonical link, as analytics-next builds it itself.
  out.push({ __t: 'bpc', c: document.querySelector("link[rel='canonical']")?.getAttribute('href') || undefined, p: location.pathname, u: location.href, s: location.search, t: document.title, r: document.referrer })
  return out
}
