import type { ConsentAdapter } from '../adapter.js'
import { ConsentError } from './consent-error.js'
import type { Category, ConsentOptions, CookieOptions, Enforcement } from './types.js'
import { isObject } from './is-object.js'

/** Options with every default filled in. */
export interface Config {
  categories: readonly Category[]
  destinations: Readonly<Record<string, readonly string[]>>
  unmapped: 'allow' | 'deny'
  policyVersion: string
  adapters: readonly ConsentAdapter[]
  waitMs: number
  cookie: { name: string; expires: number; path: string; domain?: string } | false
  onError: (error: ConsentError) => void
}

// Letters, digits and `_ - . :` only, so ids survive the cookie format and CSS selectors unescaped.
const CATEGORY_ID = /^[A-Za-z_][\w.:-]{0,33}$/
const COOKIE_NAME = /^[\w.-]+$/
const ENFORCEMENTS: readonly Enforcement[] = ['opt-in', 'opt-out', 'always']

const show = (value: unknown): string => {
  try {
    return typeof value === 'function' ? 'a function' : (JSON.stringify(value) ?? String(value))
  } catch {
    return String(value)
  }
}

function check(ok: boolean, option: string, rule: string, value: unknown): asserts ok {
  if (!ok) throw new ConsentError('invalid-option', `consentry: option "${option}" ${rule}; received ${show(value)}`)
}


const optional = (value: unknown, type: string) => value === undefined || typeof value === type

function checkCategories(value: unknown): readonly Category[] {
  check(Array.isArray(value) && value.length > 0, 'categories', 'must be a non-empty array', value)
  const ids = new Set<string>()
  const categories = value.map((category: unknown, i) => {
    const at = `categories[${i}]`
    check(isObject(category), at, 'must be an object', category)
    const { id, name, description, enforcement, gpc, parent } = category
    check(typeof id === 'string' && !/^\d/.test(id), `${at}.id`, 'must be a string that does not start with a digit', id)
    check(id.length < 35, `${at}.id`, 'must have fewer than 35 characters', id)
    check(CATEGORY_ID.test(id), `${at}.id`, 'may use only letters, digits, "_", "-", "." and ":"', id)
    check(!ids.has(id), `${at}.id`, 'must be unique (ids are case-sensitive)', id)
    ids.add(id)
    check(typeof name === 'string' && name.length > 0, `${at}.name`, 'must be a non-empty string', name)
    check(optional(description, 'string'), `${at}.description`, 'must be a string', description)
    check(ENFORCEMENTS.includes(enforcement as Enforcement), `${at}.enforcement`, `must be one of ${ENFORCEMENTS.join(', ')}`, enforcement)
    check(optional(gpc, 'boolean'), `${at}.gpc`, 'must be a boolean', gpc)
    check(optional(parent, 'string'), `${at}.parent`, 'must be a category id', parent)
    return category as unknown as Category
  })
  for (const [i, { id, parent }] of categories.entries()) {
    if (parent === undefined) continue
    const purpose = categories.find((c) => c.id === parent)
    check(purpose !== undefined && parent !== id, `categories[${i}].parent`, 'must name another configured category', parent)
    check(purpose.parent === undefined, `categories[${i}].parent`, 'must name a purpose, not a topic (one level of nesting)', parent)
  }
  return categories
}

/**
 * Checks every public option once, at creation, and throws a ConsentError naming the option, the
 * received value and the rule. Development builds only: production trusts its configuration and
 * keeps the bytes (the checks are most of the core's size).
 */
export function assertOptions(options: ConsentOptions): void {
  check(isObject(options), 'options', 'must be an object', options)
  const categories = checkCategories(options.categories)
  const known = new Set(categories.map((c) => c.id))
  const { destinations = {}, unmapped = 'allow', policyVersion = '1', adapters = [], waitMs = 3000, cookie = {}, onError } = options
  check(isObject(destinations), 'destinations', 'must be an object of destination name → category ids', destinations)
  for (const [name, ids] of Object.entries(destinations)) {
    const at = `destinations.${name}`
    check(Array.isArray(ids) && ids.length > 0, at, 'must be a non-empty array of category ids', ids)
    for (const id of ids) check(known.has(id), at, 'must list configured category ids only', id)
  }
  check(unmapped === 'allow' || unmapped === 'deny', 'unmapped', 'must be "allow" or "deny"', unmapped)
  check(typeof policyVersion === 'string' && policyVersion.length > 0, 'policyVersion', 'must be a non-empty string', policyVersion)
  check(Array.isArray(adapters), 'adapters', 'must be an array of adapters', adapters)
  adapters.forEach((adapter, i) =>
    check(isObject(adapter) && typeof adapter.name === 'string' && typeof adapter.watch === 'function', `adapters[${i}]`, 'must be an adapter ({ name, watch })', adapter),
  )
  check(typeof waitMs === 'number' && waitMs >= 0 && Number.isFinite(waitMs), 'waitMs', 'must be a finite number ≥ 0', waitMs)
  check(onError === undefined || typeof onError === 'function', 'onError', 'must be a function', onError)
  check(cookie === false || isObject(cookie), 'cookie', 'must be an object or false', cookie)

  if (cookie) {
    const { name = 'consentry', expires = 365, path = '/', domain } = cookie as CookieOptions
    check(typeof name === 'string' && COOKIE_NAME.test(name), 'cookie.name', 'must use only letters, digits, "_", "-" and "."', name)
    check(typeof expires === 'number' && expires > 0, 'cookie.expires', 'must be a number of days > 0', expires)
    check(typeof path === 'string' && path.startsWith('/'), 'cookie.path', 'must start with "/"', path)
    check(optional(domain, 'string'), 'cookie.domain', 'must be a string', domain)
  }
}

/** Validates (in development) and fills in every default. */
export function resolveConfig(options: ConsentOptions): Config {
  if (process.env.NODE_ENV !== 'production') assertOptions(options)
  const { destinations = {}, unmapped = 'allow', policyVersion = '1', adapters = [], waitMs = 3000, cookie = {}, onError } = options
  const { name = 'consentry', expires = 365, path = '/', domain } = cookie || {}
  return {
    categories: options.categories.map((category) => ({ ...category })),
    destinations,
    unmapped,
    policyVersion,
    adapters,
    waitMs,
    cookie: cookie && { name, expires, path, ...(domain ? { domain } : {}) },
    onError: onError ?? ((error) => console.warn(error)),
  }
}
