import { withConsent, type CategoryPreferences, type ConsentManager } from 'consentry'
import type { CookiePattern } from '../integrations/delete-cookies.js'
import { heldCalls, type BufferOptions } from '../integrations/held-calls.js'
import { deleteRevokedCookies, guard, isOptIn } from '../integrations/shared.js'

type Fn = (...args: any[]) => any

const METHODS = ['track', 'page', 'identify', 'group', 'alias'] as const

/** What `withRudderStack` needs from `@rudderstack/analytics-js`: a `RudderAnalytics` instance. */
export interface RudderAnalyticsLike {
  load: Fn
  consent?: Fn | undefined
  track: Fn
  page?: Fn | undefined
  identify?: Fn | undefined
  group?: Fn | undefined
  alias?: Fn | undefined
}

/** Options for {@link withRudderStack}. */
export interface RudderStackOptions {
  /**
   * `opt-in`: `load()` and every call wait for consent (calls are held in sessionStorage);
   * `opt-out`: loads at once with the defaults. @default 'opt-in' when any category is opt-in
   */
  model?: 'opt-in' | 'opt-out' | undefined
  /** Bounds of the pre-consent buffer, or `false` to hold calls in memory only. */
  buffer?: (BufferOptions & { key?: string | undefined }) | false | undefined
  /** Category id → cookie names or patterns deleted when it is revoked. */
  cookies?: Readonly<Record<string, readonly CookiePattern[]>> | undefined
}

const ids = (prefs: Readonly<CategoryPreferences>, granted: boolean) => Object.keys(prefs).filter((id) => prefs[id] === granted)

/**
 * Connects the RudderStack JavaScript SDK v3 to consent: loads it with the `custom` consent
 * provider fed with consentry's granted and denied category ids (so RudderStack's own device-mode
 * and cloud filtering apply), stamps `context.consent` on every call, holds calls in a persistent
 * buffer until consent is known (opt-in), and calls `rudderanalytics.consent()` on every real
 * change, deleting the configured cookies of revoked categories. Returns the same instance.
 *
 * @example
 * const rudderanalytics = withRudderStack(new RudderAnalytics(), consent)
 * rudderanalytics.load(WRITE_KEY, DATA_PLANE_URL)
 */
export function withRudderStack<A extends RudderAnalyticsLike>(analytics: A, consent: ConsentManager, options: RudderStackOptions = {}): A {
  const { buffer = {}, cookies = {} } = options
  const optIn = isOptIn(consent, options.model)
  const held = buffer ? heldCalls(buffer.key ?? 'consentry:rudderstack', consent, buffer) : undefined
  const memory: [string, unknown[]][] = []
  const real: Record<string, Fn> = {}
  for (const method of METHODS) if (typeof analytics[method] === 'function') real[method] = (analytics[method] as Fn).bind(analytics)
  // Stamping is the core's withConsent, over the real methods; it never holds here (see below).
  const stamped = withConsent(real, consent)
  const pending = () => optIn && consent.get().status === 'pending'
  const management = () => {
    const prefs = consent.get().categoryPreferences
    return { allowedConsentIds: ids(prefs, true), deniedConsentIds: ids(prefs, false) }
  }
  const originalLoad: Fn = analytics.load.bind(analytics)
  let loadArgs: unknown[] | undefined
  let loaded = false
  const realLoad = () => {
    if (loaded || !loadArgs) return
    loaded = true
    const [writeKey, dataPlaneUrl, loadOptions = {}] = loadArgs as [unknown, unknown, Record<string, unknown> | undefined]
    originalLoad(writeKey, dataPlaneUrl, { ...loadOptions, consentManagement: { enabled: true, provider: 'custom', ...management() } })
  }
  const release = () => {
    if (pending()) return
    const calls = held ? held.take().map((c) => [c.method, c.args] as [string, unknown[]]) : []
    for (const [method, args] of [...calls, ...memory.splice(0)]) (stamped as Record<string, Fn>)[method]?.(...args)
  }
  for (const method of METHODS) {
    if (!real[method]) continue
    ;(analytics as Record<string, unknown>)[method] = (...args: unknown[]) => {
      if (pending()) return void (held ? held.hold(method, args) : memory.push([method, args]))
      release()
      return (stamped as Record<string, Fn>)[method]!(...args)
    }
  }
  ;(analytics as RudderAnalyticsLike).load = (...args: unknown[]) => {
    loadArgs = args
    if (!pending()) realLoad()
  }
  let before = consent.get().categoryPreferences
  consent.subscribe((state) => {
    if (loaded) guard(consent, () => analytics.consent?.({ consentManagement: management() }), 'rudderanalytics.consent()')
    realLoad()
    release()
    deleteRevokedCookies(cookies, before, state.categoryPreferences)
    before = state.categoryPreferences
  })
  release()
  return analytics
}
