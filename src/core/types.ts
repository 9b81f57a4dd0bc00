import type { ConsentAdapter } from '../adapter.js'
import type { Category, CategoryPreferences, Enforcement } from './category.js'
import type { ConsentError } from './consent-error.js'

/**
 * A cookie name, or a pattern: a string with `*` wildcards or a RegExp. Used by the `cookies`
 * option of `createConsent` and of the integrations (category id → the cookies deleted when it is
 * revoked).
 *
 * @example
 * const marketingCookies: CookiePattern[] = ['_fbp', '_gcl*', /^_hj/]
 */
export type CookiePattern = string | RegExp

export type { Category, CategoryPreferences, Enforcement } from './category.js'

/**
 * - `pending`: not known yet (waiting for storage or a CMP); only `always` categories are granted.
 * - `default`: nothing was decided within the wait; each category follows its enforcement model.
 * - `decided`: a CMP, the visitor, or a stored decision said what is granted.
 * @example
 * // Show your own banner only when nobody has decided yet.
 * const status: ConsentStatus = (await consent.ready()).status
 * if (status !== 'decided') document.querySelector('#banner')?.removeAttribute('hidden')
 */
export type ConsentStatus = 'pending' | 'default' | 'decided'

/**
 * Where the current state came from; it also goes into every receipt, so an audit can tell a
 * visitor's click from a CMP reading or a Global Privacy Control signal.
 * @example
 * const source: ConsentSource = consent.get().source
 * if (source === 'gpc') console.info('advertising is off because the browser sent Global Privacy Control')
 */
export type ConsentSource = 'cmp' | 'user' | 'gpc' | 'default' | 'storage'

/**
 * A snapshot of consent. Treat it as immutable: every change produces a new object, so
 * comparing two snapshots by identity tells whether anything changed.
 * @example
 * const state: ConsentState = consent.get()
 * console.log(state.status, state.source, state.id, new Date(state.updatedAt), state.categoryPreferences)
 */
export interface ConsentState {
  categoryPreferences: Readonly<CategoryPreferences>
  status: ConsentStatus
  source: ConsentSource
  /** Consent receipt id; a new one for every real change. Empty while pending. */
  id: string
  policyVersion: string
  /** Epoch milliseconds of the last real change; 0 while pending. */
  updatedAt: number
  /** Name of the adapter that decided, when `source` is `'cmp'`. */
  adapter?: string | undefined
  /** The notice the visitor's region calls for (see the `regions` option); absent without `regions`. */
  mode?: RegionMode | undefined
}

/**
 * What `stamp()` writes to `context.consent`: the preferences every destination needs, and a
 * receipt that ties the event to one recorded decision.
 * @example
 * const event = consent.stamp({ event: 'Signed Up', context: { page: { path: '/join' } } })
 * const stamp: ConsentStamp = event.context.consent
 * console.log(stamp.receipt.id, stamp.receipt.policyVersion, stamp.categoryPreferences)
 */
export interface ConsentStamp {
  categoryPreferences: CategoryPreferences
  receipt: {
    id: string
    policyVersion: string
    source: ConsentSource
    status: ConsentStatus
    /** ISO 8601 time of the decision; empty while pending. */
    updatedAt: string
    adapter?: string
  }
}

/**
 * Cookie settings for the stored decision.
 * @example
 * // One decision for www.example.com and shop.example.com, asked again after six months.
 * const cookie: CookieOptions = { name: 'example_consent', domain: 'example.com', expires: 182 }
 * createConsent({ categories, cookie })
 */
export interface CookieOptions {
  /** @default 'consentry' */
  name?: string | undefined
  /** Days until the cookie expires. @default 365 */
  expires?: number | undefined
  /** @default '/' */
  path?: string | undefined
  /** Set to a parent domain (`example.com`) to share consent across its subdomains. */
  domain?: string | undefined
}

/**
 * Options for {@link createConsent}.
 * @example
 * const options: ConsentOptions = {
 *   categories,
 *   destinations: { 'Google Ads': ['advertising'], Mixpanel: ['analytics'] },
 *   unmapped: 'deny', // a destination nobody mapped receives nothing
 *   policyVersion: '2025-06', // bump it to ask everyone again
 *   waitMs: 1500,
 *   onError: (error) => console.warn(error.code, error.message),
 * }
 * const consent = createConsent(options)
 */
export interface ConsentOptions {
  /** Every category the site uses. At least one. */
  categories: readonly Category[]
  /** Destination name → the category ids it needs; all of them must be granted. */
  destinations?: Readonly<Record<string, readonly string[]>> | undefined
  /**
   * What `allows()` answers for a destination missing from `destinations`. `'allow'` matches
   * Segment's seed behaviour (unmapped destinations need no consent); `'deny'` is the safe choice
   * for a site that wants every new destination reviewed before it receives data.
   * @default 'allow'
   */
  unmapped?: 'allow' | 'deny' | undefined
  /** Version of the privacy policy; a stored decision made under another version is not reused. @default '1' */
  policyVersion?: string | undefined
  /** CMP adapters in priority order; the first to produce a valid reading decides. */
  adapters?: readonly ConsentAdapter[] | undefined
  /** How long to wait for storage or a CMP before falling back to defaults. @default 3000 */
  waitMs?: number | undefined
  /** Where the decision is stored; `false` keeps it in memory only. */
  cookie?: CookieOptions | false | undefined
  /**
   * Category id → the cookies to expire while it is denied: names, `*` wildcards (`'_ga_*'`) or
   * RegExps. They are deleted when the category is revoked, and at start when it is denied (a
   * visitor who refused before, or the defaults) while such cookies exist; on every path prefix
   * of the page, host-only and on each parent domain. A cookie listed under several categories is
   * deleted when any of them is denied.
   * @example
   * createConsent({ categories, cookies: { analytics: ['_ga', '_ga_*'], advertising: ['_fbp', /^_gcl_/] } })
   */
  cookies?: Readonly<Record<string, readonly CookiePattern[]>> | undefined
  /**
   * Receives every contained failure (bad cookie, CMP timeout, throwing adapter or listener).
   * @default console.warn
   */
  onError?: ((error: ConsentError) => void) | undefined
  /**
   * Per-region rules: ISO 3166-1 country codes (`FR`), ISO 3166-2 subdivisions (`US-CA`), the
   * groups `EU`, `EEA` and `US-STATES-WITH-LAW`, and `*` for every other region. The most specific
   * key that covers `region` applies; an unknown region gets the strictest rule configured. A
   * stored decision made under a laxer rule is asked again. See the Regions page.
   */
  regions?: Readonly<Record<string, RegionRule>> | undefined
  /**
   * The visitor's region as an ISO 3166 code, from the site's server or CDN (`CF-IPCountry`,
   * `CloudFront-Viewer-Country`, `x-vercel-ip-country`…) or {@link regionFromCmp}. Unknown when
   * missing: the strictest rule of `regions` applies.
   */
  region?: string | undefined
}

/**
 * What the preference center shows in a region: `opt-in` a banner with equal-weight Accept and
 * Reject, `opt-out` a notice with a "Do not sell or share" link, `none` nothing.
 * @example
 * const mode: RegionMode = visitorInEU ? 'opt-in' : 'opt-out'
 */
export type RegionMode = 'opt-in' | 'opt-out' | 'none'

/**
 * The rule for one region of the `regions` option. Anything unreadable in a rule makes that rule
 * the strictest there is (every category opt-in, GPC honoured, opt-in banner), and is reported.
 * @example
 * const california: RegionRule = { mode: 'opt-out', gpc: true, enforcement: { analytics: 'opt-out', advertising: 'opt-out' } }
 * createConsent({ categories, regions: { 'US-CA': california }, region: 'US-CA' })
 */
export interface RegionRule {
  /** @default 'opt-in' */
  mode?: RegionMode | undefined
  /** Category id → its enforcement in this region, instead of the category's own. */
  enforcement?: Readonly<Record<string, Enforcement>> | undefined
  /** `true`: Global Privacy Control denies every consent category here; `false`: none. Default: each category's own `gpc`. */
  gpc?: boolean | undefined
}

/**
 * Options for {@link ConsentManager.set}. The source is recorded in the receipt; only `'user'`
 * decisions are written back to the CMP and lift a Global Privacy Control denial.
 * @example
 * const fromCmpBridge: SetOptions = { source: 'cmp' }
 * consent.set({ analytics: true }, fromCmpBridge)
 */
export interface SetOptions {
  /** @default 'user' */
  source?: Exclude<ConsentSource, 'default' | 'storage'> | undefined
}

/**
 * Called after every real change with the new and the previous state, so a listener can act on
 * exactly what changed.
 * @example
 * const onChange: ConsentListener = (state, previous) => {
 *   if (previous.categoryPreferences.analytics && !state.categoryPreferences.analytics) location.reload()
 * }
 * const unsubscribe = consent.subscribe(onChange)
 */
export type ConsentListener = (state: ConsentState, previous: ConsentState) => void

/**
 * The object returned by {@link createConsent}: one per page and cookie name, shared by every
 * integration, adapter and widget.
 * @example
 * const consent: ConsentManager = createConsent({ categories })
 * await consent.ready()
 * consent.subscribe((state) => console.log('now', state.categoryPreferences))
 * consent.set({ analytics: true }) // from your own banner
 * consent.isGranted('analytics') // true
 * fetch('/collect', { method: 'POST', body: JSON.stringify(consent.stamp({ event: 'Signed Up' })) })
 */
export interface ConsentManager {
  /** The validated categories, in configuration order. */
  readonly categories: readonly Category[]
  /** Resolves once the status leaves `pending` (or at once on the server). Never rejects. */
  ready(): Promise<ConsentState>
  /** The current state; cheap, and safe to call from any listener. */
  get(): ConsentState
  /**
   * Runs `listener` after each real change; returns the function that stops it. `previous` is the
   * state this listener was last told of (or saw when subscribing): when a listener changes the
   * state in reply, the listeners after it get only the newer state.
   */
  subscribe(listener: ConsentListener): () => void
  /**
   * Records a decision. Categories not named keep their current value; `always` categories stay
   * granted; unknown ids are reported through `onError` and ignored, and a call whose every entry
   * is rejected records no decision. A `'user'` decision is also written back to the deciding CMP
   * when its adapter supports `write`.
   */
  set(preferences: Readonly<Record<string, boolean>>, options?: SetOptions): void
  /** Whether one category is granted now; unknown ids are denied. */
  isGranted(categoryId: string): boolean
  /** Whether a destination may load and receive events: all its categories granted. */
  allows(destinationName: string): boolean
  /**
   * Returns `event` with `context.consent` set, keeping whatever else `context.consent` held. An
   * event it cannot write to (frozen) is returned as it was and reported (`invalid-option`).
   */
  stamp<T extends object>(event: T): T & { context: { consent: ConsentStamp } }
  /**
   * Passes a contained failure to the `onError` option. Integrations and widgets built on the
   * manager report through it so a site has one place to watch.
   */
  report(error: ConsentError): void
  /**
   * Stops adapters, timers and listeners, and the gates built on the manager (`gateScripts`,
   * `gateElements`): they activate nothing more, and leave what they activated as it is. The
   * manager keeps answering with its last state. The deny-safe view a second `createConsent()`
   * got of this manager stops its gates as well.
   */
  destroy(): void
}
