import type { CookiePattern } from './types.js'
import { toRegExp } from './delete-cookies.js'
import { isObject } from './is-object.js'
import { own, ownKeys } from './own.js'

/** Records one invalid option (see resolve-config). */
type Note = (option: string, rule: string, value: unknown) => void

// A name a cookie string can hold: no separators, no whitespace; `*` is the wildcard.
const COOKIE_PATTERN = /^[^\s;,=]+$/

/**
 * The `cookies` option: category id → cookie names or patterns expired when it is denied. A key
 * that is not a configured category, a list that is not an array, and an entry that is neither a
 * cookie name nor a RegExp are reported and dropped; so is a pattern matching the consent cookie
 * itself, which would erase the decision it acts on.
 */
export function resolveCookies(value: unknown, known: ReadonlySet<string>, consentCookie: string | undefined, note: Note): Record<string, CookiePattern[]> {
  const cookies: Record<string, CookiePattern[]> = Object.create(null)
  if (value === undefined) return cookies
  if (!isObject(value)) return (note('cookies', 'must be an object of category id → cookie names', value), cookies)
  for (const id of ownKeys(value)) {
    const list = own(value, id)
    const at = `cookies.${id}`
    if (!known.has(id)) note(at, 'must name a configured category', id)
    else if (!Array.isArray(list)) note(at, 'must be an array of cookie names', list)
    else
      cookies[id] = list.filter((pattern, i) => {
        const usable = (typeof pattern === 'string' && COOKIE_PATTERN.test(pattern)) || pattern instanceof RegExp
        if (!usable) return (note(`${at}[${i}]`, 'must be a cookie name ("*" matches any characters) or a RegExp', pattern), false)
        if (consentCookie !== undefined && toRegExp(pattern).test(consentCookie)) return (note(`${at}[${i}]`, 'must not match the consent cookie', pattern), false)
        return true
      })
  }
  return cookies
}
