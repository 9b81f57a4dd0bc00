import type { Category, CategoryPreferences } from './core/category.js'
import type { ConsentError } from './core/consent-error.js'

/**
 * What an adapter hands the manager: consentry category id → granted, already mapped from the
 * CMP's own ids. Only an own property that is exactly `true` grants: categories it leaves out,
 * inherited values and anything else are denied (fail closed). An id that is not a configured
 * category, a value that is not `true` or `false`, and an inherited value are also reported
 * (`invalid-reading`, once each).
 * @example
 * // `ads` is left out, so it counts as denied even if the CMP simply did not mention it.
 * const reading: AdapterReading = { necessary: true, analytics: true }
 */
export type AdapterReading = Readonly<Record<string, boolean>>

/**
 * What the manager gives an adapter when it starts watching: the configured categories (to check
 * a mapping against) and the one way to report a failure without throwing into the page.
 * @example
 * defineAdapter({
 *   name: 'my-cmp',
 *   watch(emit, { categories, report }) {
 *     if (!window.myCmp) report(new ConsentError('adapter-failed', 'my-cmp: not on the page'))
 *     else emit(Object.fromEntries(categories.map((category) => [category.id, window.myCmp?.[category.id] === true])))
 *     return () => {}
 *   },
 * })
 */
export interface AdapterContext {
  readonly categories: readonly Category[]
  /** Reports a contained failure (CMP missing, throwing, garbage payload) through `onError`. */
  report(error: ConsentError): void
  /**
   * Says the CMP answered but holds no choice of the visitor's: pass its pre-choice defaults as
   * the reading, or nothing when its framework does not apply to this visitor (TCF
   * `gdprApplies: false`, GPP `[-1]`). The state becomes `status: 'default'`, `source: 'cmp'`:
   * never a decision, never stored, no `cmp-timeout`. A category is granted only when its
   * enforcement is `opt-out` (or `always`) and the reading, if given, grants it exactly (own
   * `true`). A stored decision wins over it, and a later `emit` decides.
   */
  undecided(reading?: AdapterReading): void
  /**
   * Says where the CMP places the visitor, as {@link regionFromCmp} reads it from TCF
   * `gdprApplies` or GPP's applicable sections; call it before `emit` or `undecided`. Used for the
   * `regions` option only while nothing is decided and the site passed no `region`; `undefined`
   * (not known) keeps the strictest configured policy. Optional: contexts made outside the manager
   * (tests) may leave it out.
   */
  region?(code: string | undefined): void
}

/**
 * The contract every CMP adapter fills. Keep vendor quirks inside the adapter: the manager only
 * sees readings keyed by its own category ids.
 * @example
 * const myBannerAdapter: ConsentAdapter = {
 *   name: 'my-banner',
 *   watch: (emit) => myBanner.onChange(emit), // returns its unsubscribe function
 *   write: (preferences) => window.myBanner?.save({ ...preferences }), // keeps the banner in step with set()
 * }
 */
export interface ConsentAdapter {
  /** Short name recorded in the state as `adapter` when this adapter decides. */
  readonly name: string
  /**
   * Starts watching the CMP. Calls `emit` with a reading as soon as the CMP really knows the
   * visitor's choice, and again on every change (repeats are fine: the manager drops them).
   * Must not throw into the page; the manager also contains a throw. Returns a stop function.
   */
  watch(emit: (reading: AdapterReading) => void, context: AdapterContext): () => void
  /** Optional: sends a visitor's choice back to the CMP (used for `source: 'user'` decisions). */
  write?(preferences: Readonly<CategoryPreferences>): void | Promise<void>
}

/**
 * Identity helper that types an adapter object literal, so `watch` and `write` get their parameter
 * types without an annotation.
 * @example
 * const banner = defineAdapter({ name: 'my-banner', watch: (emit) => myBanner.onChange(emit) })
 */
/* @__NO_SIDE_EFFECTS__ */
export function defineAdapter<A extends ConsentAdapter>(adapter: A): A {
  return adapter
}
