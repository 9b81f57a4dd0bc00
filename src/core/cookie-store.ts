import { cookieScopes } from './cookie-scopes.js'
import type { Page } from './page.js'
import type { Config } from './resolve-config.js'

/**
 * Reads and writes the decision cookie through the page; never throws (see page.ts).
 * Neither name nor value needs escaping: config limits names and category ids to cookie-safe
 * characters, and the policy version is URI-encoded inside the value.
 */
export function cookieStore(cookie: Exclude<Config['cookie'], false>, page: Page) {
  return {
    /** Every value stored under the name: a changed `domain` or `path` can leave several. */
    read(): string[] {
      return (page.cookies() ?? '')
        .split('; ')
        .filter((pair) => pair.slice(0, pair.indexOf('=')) === cookie.name)
        .map((pair) => pair.slice(pair.indexOf('=') + 1))
    },
    write(value: string): void {
      const expires = new Date(Date.now() + cookie.expires * 864e5).toUTCString()
      const domain = cookie.domain ? `; domain=${cookie.domain}` : ''
      const secure = page.location().protocol === 'https:' ? '; secure' : ''
      page.setCookie(`${cookie.name}=${value}; expires=${expires}; path=${cookie.path}${domain}; samesite=lax${secure}`)
    },
    /** Expires every copy this page can see, whatever path and domain it was set with. */
    clear(): void {
      for (const scope of cookieScopes(page)) page.setCookie(`${cookie.name}=;max-age=0${scope}`)
    },
    /** Whether a cookie written with these options is readable from this page. */
    visible: () => {
      const { pathname } = page.location()
      // RFC 6265 path-match: the path itself, or below it at a "/" boundary.
      return pathname === cookie.path || pathname.startsWith(cookie.path.endsWith('/') ? cookie.path : `${cookie.path}/`)
    },
  }
}
