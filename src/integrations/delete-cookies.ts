/**
 * A cookie name, or a pattern: a string with `*` wildcards or a RegExp. Used by an integration's
 * `cookies` option (category id → the cookies deleted when it is revoked).
 *
 * @example
 * const marketingCookies: CookiePattern[] = ['_fbp', '_gcl*', /^_hj/]
 */
export type CookiePattern = string | RegExp

// A RegExp is copied without its g/y flags: those make test() resume from lastIndex, so every
// other matching cookie would be skipped.
const toRegExp = (pattern: CookiePattern) =>
  typeof pattern === 'string' ? new RegExp(`^${pattern.replace(/[.+?^${}()|[\]\\]/g, '\\$&').replace(/\*/g, '.*')}$`) : new RegExp(pattern.source, pattern.flags.replace(/[gy]/g, ''))

// A name as the page wrote it may not be valid percent-encoding (`%E0%A4%A`): matched as it is.
const decode = (name: string) => {
  try {
    return decodeURIComponent(name)
  } catch {
    return name
  }
}

/**
 * Deletes every cookie whose name matches one of `patterns`. A cookie can only be removed with
 * the path and domain it was set with, and `document.cookie` does not say which, so each one is
 * expired on every path prefix of this page and on the host and each parent domain.
 * Returns the names it expired.
 */
export function deleteCookies(patterns: readonly CookiePattern[]): string[] {
  if (typeof document !== 'object' || patterns.length === 0) return []
  const tests = patterns.map(toRegExp)
  // Matched decoded or as written, expired as written: the name the browser stores.
  const names = document.cookie
    .split(';')
    .map((pair) => pair.split('=')[0]!.trim())
    .filter((name) => name && tests.some((test) => test.test(name) || test.test(decode(name))))
  const labels = location.hostname.split('.')
  const domains = ['', ...labels.slice(0, -1).map((_, i) => `;domain=.${labels.slice(i).join('.')}`)]
  const segments = location.pathname.split('/')
  const prefixes = segments.map((_, i) => segments.slice(0, i + 1).join('/') || '/')
  const paths = new Set([...prefixes, ...prefixes.map((p) => (p.endsWith('/') ? p : `${p}/`))])
  for (const name of names) {
    for (const domain of domains) {
      for (const path of paths) {
        // max-age=0 expires a cookie in every browser still supported (expires= is only for IE).
        document.cookie = `${name}=;max-age=0;path=${path}${domain}`
      }
    }
  }
  return names
}
