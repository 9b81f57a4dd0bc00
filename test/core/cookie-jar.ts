/**
 * A browser cookie jar behind `document.cookie`, for the cases happy-dom does not model: it keeps
 * a cookie expired with `max-age=0` as an empty value, where browsers drop it. Follows RFC 6265:
 * a cookie is keyed by name, path and domain (§5.3 step 11); `max-age` <= 0 or a past `expires`
 * removes it (§5.2.1-2, §5.3); a read lists the cookies whose path path-matches the page (§5.1.4)
 * and whose domain domain-matches the host (§5.1.3), longer paths first, then oldest first, as
 * `name=value` joined by "; " (§5.4).
 * `refuse` stands for a write the browser drops (over 4096 bytes, a blocked third party, ...).
 * Every write is recorded as written.
 */
export function installCookieJar(refuse: (text: string) => boolean = () => false) {
  const jar = new Map<string, { name: string; value: string; path: string; domain: string }>()
  const writes: string[] = []
  const pathMatch = (page: string, path: string) => page === path || page.startsWith(path.endsWith('/') ? path : `${path}/`)
  const domainMatch = (host: string, domain: string) => domain === '' || host === domain || host.endsWith(`.${domain}`)
  Object.defineProperty(document, 'cookie', {
    configurable: true,
    get: () =>
      [...jar.values()]
        .filter((c) => pathMatch(location.pathname, c.path) && domainMatch(location.hostname, c.domain))
        .sort((a, b) => b.path.length - a.path.length)
        .map((c) => `${c.name}=${c.value}`)
        .join('; '),
    set: (text: string) => {
      writes.push(text)
      if (refuse(text)) return
      const [pair = '', ...attributes] = text.split(';')
      const name = pair.slice(0, pair.indexOf('=')).trim()
      const value = pair.slice(pair.indexOf('=') + 1).trim()
      const attribute = (key: string) => attributes.map((a) => a.trim().split('=')).find(([k]) => k?.toLowerCase() === key)?.[1]
      const path = attribute('path') ?? '/'
      const domain = (attribute('domain') ?? '').replace(/^\./, '')
      const maxAge = attribute('max-age')
      const expires = attribute('expires')
      const key = `${name};${path};${domain}`
      if ((maxAge !== undefined && Number(maxAge) <= 0) || (expires !== undefined && Date.parse(expires) <= Date.now())) jar.delete(key)
      else jar.set(key, { name, value, path, domain })
    },
  })
  return {
    writes,
    /** Every stored cookie as `name=value;path=...;domain=...`, visible from this page or not. */
    all: () => [...jar.values()].map((c) => `${c.name}=${c.value};path=${c.path};domain=${c.domain}`),
    uninstall: () => delete (document as { cookie?: string }).cookie,
  }
}
