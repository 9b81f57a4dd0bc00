import type { ConsentAdapter } from '../adapter.js'
import { ConsentError } from './consent-error.js'
import type { CookiePattern } from './types.js'
import { resolveCookies } from './resolve-cookies.js'
import type { Category, ConsentOptions, Enforcement } from './types.js'
import { isObject } from './is-object.js'
import { own, ownKeys } from './own.js'
import { show } from './show.js'
import { resolveRegions, type ResolvedRegion } from './regions.js'

/** Options with every default filled in and every invalid value replaced by its safest reading. */
export interface Config {
  categories: readonly Category[]
  /** Null-prototype: destination name → category ids; an empty list never allows. */
  destinations: Readonly<Record<string, readonly string[]>>
  unmapped: 'allow' | 'deny'
  policyVersion: string
  adapters: readonly ConsentAdapter[]
  waitMs: number
  cookie: { name: string; expires: number; path: string; domain?: string } | false
  /** Null-prototype: category id → cookies expired while it is denied. */
  cookies: Readonly<Record<string, readonly CookiePattern[]>>
  onError: (error: ConsentError) => void
  /** The visitor's region policy; `categories` already carry its overrides. */
  region: ResolvedRegion
}

/**
 * Whether `id` matches `/^[A-Za-z_][\w.:-]{0,33}$/`: letters, digits and `_ - . :` only, so ids
 * survive the cookie format and CSS selectors unescaped. Checked without a regular expression: the
 * first one a page runs costs Chromium about 0.3 ms (test/bench/first-touch.mjs), and this runs at
 * every start (a test checks it against the expression for every UTF-16 code unit).
 */
export function isCategoryId(id: string): boolean {
  if (id.length === 0 || id.length > 34) return false
  for (let i = 0; i < id.length; i++) {
    const c = id.charCodeAt(i)
    // A-Z, a-z, _; then also 0-9, '-', '.', ':'.
    if (!((c >= 65 && c <= 90) || (c >= 97 && c <= 122) || c === 95 || (i > 0 && ((c >= 48 && c <= 58) || c === 45 || c === 46)))) return false
  }
  return true
}
const COOKIE_NAME = /^[\w.-]+$/
// Characters that cannot end an attribute of the cookie string and start another.
const COOKIE_PATH = /^\/[\w\-./~%]*$/
const COOKIE_DOMAIN = /^\.?[\w-]+(\.[\w-]+)*$/
const ENFORCEMENTS: readonly Enforcement[] = ['opt-in', 'opt-out', 'always']
const OPTION_KEYS = ['categories', 'destinations', 'unmapped', 'policyVersion', 'adapters', 'waitMs', 'cookie', 'cookies', 'onError', 'regions', 'region']
const CATEGORY_KEYS = ['id', 'name', 'description', 'enforcement', 'gpc', 'parent']
const COOKIE_KEYS = ['name', 'expires', 'path', 'domain']

/** Records one invalid option; `resolveConfig` throws the first in development, reports them all in production. */
type Note = (option: string, rule: string, value: unknown) => void

const problem = (option: string, rule: string, value: unknown) => new ConsentError('invalid-option', `consentry: option "${option}" ${rule}; received ${show(value)}`)

function unknownKeys(value: unknown, known: readonly string[], at: string, note: Note): void {
  for (const key of ownKeys(value)) if (!known.includes(key)) note(at ? `${at}.${key}` : key, 'is not an option (misspelled?)', own(value, key))
}

/**
 * One category, or undefined when it cannot be used at all: its id is then unknown to the
 * manager, so nothing that needs it is ever granted.
 */
function resolveCategory(raw: unknown, at: string, note: Note): Category | undefined {
  if (!isObject(raw)) return void note(at, 'must be an object', raw)
  unknownKeys(raw, CATEGORY_KEYS, at, note)
  const id = own(raw, 'id')
  if (typeof id !== 'string' || (id[0]! >= '0' && id[0]! <= '9')) return void note(`${at}.id`, 'must be a string that does not start with a digit', id)
  if (id.length >= 35) return void note(`${at}.id`, 'must have fewer than 35 characters', id)
  if (!isCategoryId(id)) return void note(`${at}.id`, 'may use only letters, digits, "_", "-", "." and ":"', id)
  // The one key a plain object cannot hold as its own: the category would be missing from every state.
  if (id === '__proto__') return void note(`${at}.id`, 'must not be "__proto__"', id)
  const { name, description, enforcement, gpc, parent } = Object.fromEntries(CATEGORY_KEYS.map((key) => [key, own(raw, key)]))
  const category: Category = { id, name: typeof name === 'string' && name ? name : id, enforcement: 'opt-in' }
  if (category.name !== name) note(`${at}.name`, 'must be a non-empty string', name)
  // Only an exact, known value counts: anything else is read as the most restrictive model.
  if (ENFORCEMENTS.includes(enforcement as Enforcement)) category.enforcement = enforcement as Enforcement
  else note(`${at}.enforcement`, `must be one of ${ENFORCEMENTS.join(', ')}`, enforcement)
  if (typeof description === 'string') category.description = description
  else if (description !== undefined) note(`${at}.description`, 'must be a string', description)
  if (gpc === true || gpc === false) category.gpc = gpc
  else if (gpc !== undefined) (category.gpc = true), note(`${at}.gpc`, 'must be a boolean', gpc)
  if (parent !== undefined) {
    if (typeof parent !== 'string') return void note(`${at}.parent`, 'must be a category id', parent)
    category.parent = parent
  }
  return category
}

function resolveCategories(value: unknown, note: Note): Category[] {
  if (!Array.isArray(value) || value.length === 0) return (note('categories', 'must be a non-empty array', value), [])
  const resolved = value.map((raw, i) => resolveCategory(raw, `categories[${i}]`, note))
  const index = new Map<string, number>()
  resolved.forEach((category, i) => {
    if (!category) return
    if (index.has(category.id)) note(`categories[${i}].id`, 'must be unique (ids are case-sensitive)', category.id)
    index.set(category.id, index.has(category.id) ? -1 : i)
  })
  // A duplicate id is ambiguous: neither reading is trusted, so the id is dropped altogether.
  const categories = resolved.filter((c, i): c is Category => c !== undefined && index.get(c.id) === i)
  return categories.filter(({ id, parent }) => {
    if (parent === undefined) return true
    const purpose = categories.find((c) => c.id === parent)
    const at = `categories[${index.get(id)}].parent`
    if (!purpose || parent === id) return (note(at, 'must name another configured category', parent), false)
    if (purpose.parent !== undefined) return (note(at, 'must name a purpose, not a topic (one level of nesting)', parent), false)
    return true
  })
}

function resolveDestinations(value: unknown, known: ReadonlySet<string>, note: Note): Record<string, readonly string[]> {
  const destinations: Record<string, readonly string[]> = Object.create(null)
  if (value === undefined) return destinations
  if (!isObject(value)) return (note('destinations', 'must be an object of destination name → category ids', value), destinations)
  for (const name of ownKeys(value)) {
    const ids = own(value, name)
    const at = `destinations.${name}`
    // An invalid mapping still names the destination, so it is denied rather than treated as unmapped.
    destinations[name] = []
    if (!Array.isArray(ids) || ids.length === 0) note(at, 'must be a non-empty array of category ids', ids)
    else if (ids.some((id) => !known.has(id)))
      note(
        at,
        'must list configured category ids only',
        ids.find((id) => !known.has(id)),
      )
    else destinations[name] = [...ids]
  }
  return destinations
}

function resolveCookie(value: unknown, note: Note): Config['cookie'] {
  if (value === false) return false
  const cookie = { name: 'consentry', expires: 365, path: '/' } as Exclude<Config['cookie'], false>
  if (value === undefined) return cookie
  if (!isObject(value)) return (note('cookie', 'must be an object or false', value), cookie)
  unknownKeys(value, COOKIE_KEYS, 'cookie', note)
  const [name, expires, path, domain] = COOKIE_KEYS.map((key) => own(value, key))
  if (typeof name === 'string' && COOKIE_NAME.test(name)) cookie.name = name
  else if (name !== undefined) note('cookie.name', 'must use only letters, digits, "_", "-" and "."', name)
  // Far enough out the expiry date is invalid (or has a 5-digit year) and the browser keeps a session cookie: the decision would go with the session.
  if (typeof expires === 'number' && expires > 0 && expires <= 1e6) cookie.expires = expires
  else if (expires !== undefined) note('cookie.expires', 'must be a number of days > 0, at most 1000000', expires)
  if (typeof path === 'string' && COOKIE_PATH.test(path)) cookie.path = path
  else if (path !== undefined) note('cookie.path', 'must start with "/" and use only URL path characters', path)
  if (typeof domain === 'string' && COOKIE_DOMAIN.test(domain)) cookie.domain = domain
  else if (domain !== undefined) note('cookie.domain', 'must be a domain name', domain)
  return cookie
}

/** The `onError` option (console.warn when missing or invalid), made unable to throw into the page. */
const safeReporter =
  (onError: unknown): Config['onError'] =>
  (error) => {
    try {
      typeof onError === 'function' ? onError(error) : console.warn(error)
    } catch {
      // An onError that throws must not take the page down with it.
    }
  }

const isAdapter = (value: unknown): value is ConsentAdapter => isObject(value) && typeof own(value, 'name') === 'string' && typeof value.watch === 'function'

/**
 * Checks every option and fills in the defaults, reading own properties only. Every invalid value
 * is replaced by its most restrictive reading (an unknown enforcement is `opt-in`, a bad
 * destination mapping never allows, a bad `unmapped` is `deny`, an unusable category is dropped so
 * nothing needing it is granted) and returned as a problem: development throws the first,
 * production reports each through `onError`.
 */
export function resolveConfig(options: ConsentOptions): { config: Config; problems: ConsentError[] } {
  const problems: ConsentError[] = []
  const note: Note = (option, rule, value) => void problems.push(problem(option, rule, value))
  if (!isObject(options)) note('options', 'must be an object', options)
  unknownKeys(options, OPTION_KEYS, '', note)
  const get = (key: string) => own(options, key)
  const categories = resolveCategories(get('categories'), note)
  const known = new Set(categories.map((c) => c.id))
  const destinations = resolveDestinations(get('destinations'), known, note)
  const [unmapped = 'allow', policyVersion = '1', adapters = [], waitMs = 3000, onError] = ['unmapped', 'policyVersion', 'adapters', 'waitMs', 'onError'].map(get)
  const region = resolveRegions(get('regions'), get('region'), categories, note)
  const cookie = resolveCookie(get('cookie'), note)
  const config: Config = {
    categories: region.categories,
    region,
    destinations,
    unmapped: unmapped === 'allow' ? 'allow' : 'deny',
    policyVersion: typeof policyVersion === 'string' && policyVersion ? policyVersion : 'invalid',
    adapters: Array.isArray(adapters) ? adapters.filter(isAdapter) : [],
    // Above 2^31-1 ms, setTimeout fires at once: the defaults would apply before any CMP answers.
    waitMs: typeof waitMs === 'number' && waitMs >= 0 && waitMs <= 2147483647 ? waitMs : 3000,
    cookie,
    cookies: resolveCookies(get('cookies'), known, cookie ? cookie.name : undefined, note),
    onError: safeReporter(onError),
  }
  if (config.unmapped !== unmapped) note('unmapped', 'must be "allow" or "deny"', unmapped)
  if (config.policyVersion !== policyVersion) note('policyVersion', 'must be a non-empty string', policyVersion)
  if (!Array.isArray(adapters)) note('adapters', 'must be an array of adapters', adapters)
  else adapters.forEach((adapter, i) => isAdapter(adapter) || note(`adapters[${i}]`, 'must be an adapter ({ name, watch })', adapter))
  if (config.waitMs !== waitMs) note('waitMs', 'must be a number of milliseconds from 0 to 2147483647', waitMs)
  if (onError !== undefined && typeof onError !== 'function') note('onError', 'must be a function', onError)
  return { config, problems }
}
