import { cookieScopes } from './cookie-scopes.js'
import type { CookiePattern } from './types.js'
import { decodeDecision } from './decision-codec.js'
import { currentPage } from './page.js'

// A RegExp is copied without its g/y flags: those make test() resume from lastIndex, so every
// other matching cookie would be skipped.
/** @internal */
export const toRegExp = (pattern: CookiePattern) =>
  typeof pattern === 'string' ? new RegExp(`^${pattern.replace(/[.+?^${}()|[\]\\]/g, '\\$&').replace(/\*/g, '.*')}$`) : new RegExp(pattern.source, pattern.flags.replace(/[gy]/g, ''))

// A name as the page wrote it may not be valid percent-encoding (`%E0%A4%A`): matched as it is.
const decode = (name: string) => {
  try {
    return decodeURIComponent(name)
  } catch {
    return name
  }
}

// The names in a `document.cookie` string, as written.
const namesIn = (cookies: string) => cookies.split(';').map((pair) => pair.split('=')[0]!.trim())

// The names a page may delete: never one holding a consentry decision, which a pattern such as `*`
// would erase along with the cookies its refusal revoked (opt-out categories would start granted
// at the next load).
const deletable = (cookies: string) => {
  const pairs = cookies.split(';')
  const kept = new Set(pairs.filter((pair) => typeof decodeDecision(pair.slice(pair.indexOf('=') + 1).trim()) !== 'string').map((pair) => pair.split('=')[0]!.trim()))
  return namesIn(cookies).filter((name) => name && !kept.has(name))
}

/**
 * Deletes every cookie this page can read whose name matches one of `patterns`. A cookie can only
 * be removed with the path and domain it was set with, and `document.cookie` does not say which,
 * so each one is expired host-only and on every parent domain, on every path prefix of this page;
 * in a secure context also as a partitioned (CHIPS) cookie, which only a `Partitioned` write
 * removes. Returns the names it expired: those the page can no longer read afterwards (a `Secure`
 * cookie stays on an `http:` page, say). A cookie holding a consentry decision is never deleted,
 * whatever pattern matches it. Never throws (a sandboxed page without cookie access deletes nothing).
 *
 * @example
 * // What the `cookies` option of createConsent does for a revoked category, by hand:
 * deleteCookies(['_ga', '_ga_*', /^_gcl_/])
 */
export function deleteCookies(patterns: readonly CookiePattern[]): string[] {
  // Without a page (server rendering) there is nothing to delete.
  const page = currentPage()
  if (!page) return []
  try {
    const tests = patterns.map(toRegExp)
    // Matched decoded or as written, expired as written: the name the browser stores.
    const names = deletable(page.cookies() ?? '').filter((name) => tests.some((test) => test.test(name) || test.test(decode(name))))
    // A partitioned cookie is a cookie of its own, and Partitioned needs Secure (so a secure context).
    const partitioned = page.location().protocol === 'https:' || globalThis.isSecureContext === true
    const scopes = cookieScopes(page).flatMap((scope) => (partitioned ? [scope, `${scope};secure;samesite=none;partitioned`] : [scope]))
    // A date in the past: every engine expires on it (happy-dom, for one, ignores max-age=0).
    for (const name of names) for (const scope of scopes) page.setCookie(`${name}=;expires=Thu, 01 Jan 1970 00:00:01 GMT${scope}`)
    const left = namesIn(page.cookies() ?? '')
    return names.filter((name) => !left.includes(name))
  } catch {
    return []
  }
}
