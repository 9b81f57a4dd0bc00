// The category model on its own: the adapter contract (src/adapter.ts) needs it, and the
// manager's types (types.ts) need the adapter contract, so it lives apart from both.

/**
 * How a category behaves before and without an explicit choice (the seeds' enforcement models).
 * - `opt-in` (restrictive): denied until the visitor grants it.
 * - `opt-out` (non-restrictive): granted unless the visitor denies it.
 * - `always` (disabled): always granted; cannot be denied.
 * @example
 * // Pick per jurisdiction: analytics may run until refused in one market, only once granted in another.
 * const analyticsEnforcement: Enforcement = visitorInEU ? 'opt-in' : 'opt-out'
 */
export type Enforcement = 'opt-in' | 'opt-out' | 'always'

/**
 * One consent category (a purpose), or a topic when `parent` names its purpose.
 * @example
 * const categories: Category[] = [
 *   { id: 'necessary', name: 'Strictly necessary', enforcement: 'always' },
 *   { id: 'marketing', name: 'Marketing', enforcement: 'opt-in', gpc: true },
 *   // A topic: never granted while marketing is denied, whatever the visitor ticked.
 *   { id: 'newsletter', name: 'Newsletter', enforcement: 'opt-in', parent: 'marketing' },
 * ]
 */
export interface Category {
  /** Case-sensitive id, fewer than 35 characters, not starting with a digit, unique. */
  id: string
  /** Human-readable name, shown by the preference center. */
  name: string
  description?: string | undefined
  enforcement: Enforcement
  /** Denied while the browser sends Global Privacy Control, until the visitor grants it explicitly. */
  gpc?: boolean | undefined
  /**
   * Makes this category a topic under the named purpose: it is granted only while its purpose is
   * granted too (a topic's consent is preceded by its purpose's).
   */
  parent?: string | undefined
}

/**
 * Category id → granted. Always holds every configured category, so a missing key never has to
 * be guessed at.
 * @example
 * // "Accept all" from your own banner (always categories stay granted anyway).
 * const all: CategoryPreferences = Object.fromEntries(consent.categories.map((category) => [category.id, true]))
 * consent.set(all)
 */
export type CategoryPreferences = Record<string, boolean>

type Digit = '0' | '1' | '2' | '3' | '4' | '5' | '6' | '7' | '8' | '9'

/**
 * The compile-time half of the category id rule, for a literal configuration: an element whose
 * `id` is a literal starting with a digit must also be an object no string is, so TypeScript
 * points at that id with the rule in its message. Ids typed as plain `string` pass;
 * `createConsent` checks every id at run time anyway (and reports it there, in every build).
 * `{ id: '1st-party', … }` in a literal config
 * fails with: Type '"1st-party"' is not assignable to type '"1st-party" & { 'category ids never
 * start with a digit': true; }'. test/dist/public-types.node.test.ts locks it.
 */
export type CheckedCategories<C extends readonly Category[]> = {
  readonly [K in keyof C]: C[K] extends { id: `${Digit}${string}` } ? { readonly id: { 'category ids never start with a digit': true } } : unknown
}
