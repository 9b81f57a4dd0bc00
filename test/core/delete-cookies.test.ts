import { afterEach, describe, expect, it } from 'vitest'
import { deleteCookies } from 'consentry'
import { installCookieJar } from './cookie-jar.js'

// Where deleteCookies aims: `document.cookie` does not say with which path and domain a cookie was
// set, and only a write with the same ones removes it, so every candidate scope is expired.
const PAGE = 'https://www.example.test/page'
const setURL = (url: string) => (window as unknown as { happyDOM: { setURL(url: string): void } }).happyDOM.setURL(url)
const EXPIRED = '=;expires=Thu, 01 Jan 1970 00:00:01 GMT'

let jar: ReturnType<typeof installCookieJar> | undefined
const useJar = () => (jar = installCookieJar())
afterEach(() => {
  jar?.uninstall()
  jar = undefined
  setURL(PAGE)
})
const scopes = (paths: string[], domains: string[]) => paths.flatMap((path) => domains.map((domain) => `;path=${path}${domain}`)).sort()
// On an https page each scope is expired a second time as a partitioned (CHIPS) cookie: a
// Partitioned write is the only one that removes one, and Partitioned needs Secure.
const secureScopes = (paths: string[], domains: string[]) =>
  scopes(paths, domains)
    .flatMap((scope) => [scope, `${scope};secure;samesite=none;partitioned`])
    .sort()
const expiredScopes = (writes: string[], name: string) =>
  writes
    .filter((w) => w.startsWith(`${name}${EXPIRED}`))
    .map((w) => w.slice(`${name}${EXPIRED}`.length))
    .sort()

describe('deleteCookies: the scopes it expires', () => {
  it('every path prefix of the page (with and without "/") on the host and each parent domain, not the top-level label', () => {
    setURL('https://shop.example.test/a/b')
    const { writes, all } = useJar()
    document.cookie = '_ga=1; path=/a; domain=.example.test'
    document.cookie = '_ga=2; path=/a/b/'
    document.cookie = 'keep=1; path=/'
    expect(deleteCookies(['_ga'])).toEqual(['_ga'])
    expect(expiredScopes(writes, '_ga')).toEqual(secureScopes(['/', '/a', '/a/', '/a/b', '/a/b/'], ['', ';domain=.shop.example.test', ';domain=.example.test']))
    expect(all()).toEqual(['keep=1;path=/;domain='])
  })

  it('the site root: one path', () => {
    setURL('https://example.test/')
    const { writes } = useJar()
    document.cookie = '_ga=1; path=/'
    deleteCookies(['_ga'])
    expect(expiredScopes(writes, '_ga')).toEqual(secureScopes(['/'], ['', ';domain=.example.test']))
  })

  it.each([
    ['an IPv4 address', 'http://10.0.0.1/a'],
    ['an IPv6 address', 'http://[::1]/a'],
  ])('on %s: host-only, no domain attribute', (_, url) => {
    setURL(url)
    const { writes } = useJar()
    document.cookie = '_ga=1; path=/'
    deleteCookies(['_ga'])
    expect(expiredScopes(writes, '_ga')).toEqual(scopes(['/', '/a', '/a/'], ['']))
  })

  it.each([
    // A name that starts with an address is a name (wildcard DNS services), as is one ending in digits.
    ['10.0.0.1.nip.io', ['', ';domain=.10.0.0.1.nip.io', ';domain=.0.0.1.nip.io', ';domain=.0.1.nip.io', ';domain=.1.nip.io', ';domain=.nip.io']],
    ['edge.cdn77', ['', ';domain=.edge.cdn77']],
  ])('a host name (%s) gets its parent domains', (host, domains) => {
    setURL(`http://${host}/`)
    const { writes } = useJar()
    document.cookie = '_ga=1; path=/'
    deleteCookies(['_ga'])
    expect(expiredScopes(writes, '_ga')).toEqual(scopes(['/'], domains))
  })
})

describe('deleteCookies: which names', () => {
  it('a name with "." matches that name only: only "*" is a wildcard', () => {
    const { all } = useJar()
    document.cookie = 'ab.c=1; path=/'
    document.cookie = 'abxc=1; path=/'
    expect(deleteCookies(['ab.c'])).toEqual(['ab.c'])
    expect(all()).toEqual(['abxc=1;path=/;domain='])
  })

  it('a RegExp keeps its other flags (i)', () => {
    useJar()
    document.cookie = '_hjA=1; path=/'
    document.cookie = '_HJB=1; path=/'
    expect(deleteCookies([/^_hj/i])).toEqual(['_hjA', '_HJB'])
  })

  it('no patterns: nothing deleted, nothing written', () => {
    const { writes, all } = useJar()
    document.cookie = '_ga=1; path=/'
    expect(deleteCookies([])).toEqual([])
    expect(writes).toHaveLength(1)
    expect(all()).toHaveLength(1)
  })

  it('without cookie access (a sandboxed frame) it deletes nothing and never throws', () => {
    Object.defineProperty(document, 'cookie', {
      configurable: true,
      get: () => {
        throw new DOMException('sandboxed', 'SecurityError')
      },
    })
    try {
      expect(deleteCookies(['_ga'])).toEqual([])
    } finally {
      delete (document as { cookie?: string }).cookie
    }
  })
})

describe('deleteCookies: what it returns', () => {
  it('only the names the page can no longer read: a cookie the browser keeps is not listed as expired', () => {
    // The browser drops the expiry writes for "_kept" (as it does for a Secure cookie on an http page).
    const { all } = installCookieJar((text) => text.startsWith('_kept=;'))
    try {
      document.cookie = '_kept=1; path=/'
      document.cookie = '_gone=1; path=/'
      expect(deleteCookies(['_kept', '_gone'])).toEqual(['_gone'])
      expect(all()).toEqual(['_kept=1;path=/;domain='])
    } finally {
      delete (document as { cookie?: string }).cookie
    }
  })
})
