import { afterEach, describe, expect, it } from 'vitest'
import { encodeDecision, type StoredDecision } from '../../src/core/decision-codec.js'
import { decisionStore } from '../../src/core/decision-store.js'
import { currentPage } from '../../src/core/page.js'
import { installCookieJar } from './cookie-jar.js'

// The one stored decision behind the `cookie` option, against a cookie jar that behaves like a
// browser's (several copies under different paths, expiry that removes, refused writes).
const PAGE = 'https://www.example.test/page'
const setURL = (url: string) => (window as unknown as { happyDOM: { setURL(url: string): void } }).happyDOM.setURL(url)
const decision = (updatedAt: number, policyVersion = 'v1'): StoredDecision => ({
  id: `r${updatedAt}`,
  updatedAt,
  source: 'user',
  policyVersion,
  granted: ['analytics'],
  denied: ['advertising'],
  explicit: [],
  refused: [],
})
const options = (path = '/') => ({ name: 'consentry', expires: 365, path })
function open(path = '/', stands: (d: StoredDecision) => boolean = () => true) {
  const failures: string[] = []
  const store = decisionStore(options(path), currentPage()!, 'v1', (message) => failures.push(message), stands)
  return { store, failures }
}
const plant = (d: StoredDecision | string, path = '/') => {
  document.cookie = `consentry=${typeof d === 'string' ? d : encodeDecision(d)}; path=${path}`
}

let jar: ReturnType<typeof installCookieJar> | undefined
const useJar = (refuse?: (text: string) => boolean) => (jar = installCookieJar(refuse))
afterEach(() => {
  jar?.uninstall()
  jar = undefined
  setURL(PAGE)
})

describe('decision store: reading', () => {
  it.each([
    ['newer listed first', '/', '/page'],
    ['older listed first', '/page', '/'],
  ])('of two copies the newest by stored time wins (%s)', (order, olderPath, newerPath) => {
    useJar()
    plant(decision(1000), olderPath)
    plant(decision(2000), newerPath)
    // The browser lists the copy with the longer path first.
    expect(document.cookie.indexOf('r1000') < document.cookie.indexOf('r2000')).toBe(order === 'older listed first')
    const { store, failures } = open()
    expect(store.load()?.id).toBe('r2000')
    expect(failures).toEqual([])
  })

  it('a copy it cannot read is reported once, with its reason, and the valid one is used', () => {
    useJar()
    plant('hello', '/page')
    plant(decision(1000))
    const { store, failures } = open()
    expect(store.load()?.id).toBe('r1000')
    expect(store.load()?.id).toBe('r1000')
    expect(failures).toEqual(['ignored a consent cookie (unknown format)'])
  })

  it('a decision under another policy version, or one that no longer stands, is not used', () => {
    useJar()
    plant(decision(1000, 'v0'))
    expect(open().store.load()).toBeUndefined()
    plant(decision(2000))
    expect(open().store.load()?.id).toBe('r2000')
    expect(open('/', () => false).store.load()).toBeUndefined()
  })

  // Reported, once: no decision can be read or kept there, so opt-out categories start granted at
  // every load (this test expected silence before; a page outside the cookie's path is reported alike).
  it('without cookie access (a sandboxed frame) there is no decision, nothing throws, and that is reported once', () => {
    Object.defineProperty(document, 'cookie', {
      configurable: true,
      get: () => {
        throw new DOMException('sandboxed', 'SecurityError')
      },
      set: () => {
        throw new DOMException('sandboxed', 'SecurityError')
      },
    })
    try {
      const { store, failures } = open()
      expect(store.load()).toBeUndefined()
      expect(store.newer()).toBeUndefined()
      store.save(decision(1000))
      expect(store.load()).toBeUndefined()
      expect(failures).toEqual(['this page cannot use cookies (they are blocked, or it is a sandboxed frame without allow-same-origin): no decision is kept or read here'])
    } finally {
      delete (document as { cookie?: string }).cookie
    }
  })
})

describe('decision store: a browser that blocks cookies', () => {
  it('is reported once from the first check after start-up (newer()) and at a save, never asked while loading (a first navigator read costs start-up time)', () => {
    let asked = 0
    Object.defineProperty(navigator, 'cookieEnabled', { configurable: true, get: () => (asked++, false) })
    try {
      const { store, failures } = open()
      expect(store.load()).toBeUndefined()
      expect(asked).toBe(0)
      expect(failures).toEqual([])
      expect(store.newer()).toBeUndefined()
      store.save(decision(1000))
      expect(failures).toEqual(['this page cannot use cookies (they are blocked, or it is a sandboxed frame without allow-same-origin): no decision is kept or read here'])
    } finally {
      delete (navigator as { cookieEnabled?: boolean }).cookieEnabled
    }
  })
})

describe('decision store: another tab', () => {
  it('newer() returns a decision stored after the newest this page has seen, once', () => {
    useJar()
    plant(decision(1000))
    const { store } = open()
    expect(store.load()?.id).toBe('r1000')
    expect(store.newer()).toBeUndefined()
    plant(decision(2000))
    expect(store.newer()?.id).toBe('r2000')
    expect(store.newer()).toBeUndefined()
  })

  it('what this page saved itself is not "newer"', () => {
    useJar()
    plant(decision(1000))
    const { store } = open()
    store.load()
    store.save(decision(3000))
    expect(store.newer()).toBeUndefined()
  })

  it('a decision stored after this page’s is newer even with an earlier stored time (a clock set back)', () => {
    useJar()
    const { store } = open()
    store.save(decision(5000))
    // Another tab writes over it after the system clock went back: its time is lower, its id new.
    plant(decision(4000))
    expect(store.newer()?.id).toBe('r4000')
    expect(store.newer()).toBeUndefined()
    plant(decision(3000))
    expect(store.newer()?.id).toBe('r3000')
  })

  it('with no cookie at all nothing is newer', () => {
    useJar()
    expect(open().store.newer()).toBeUndefined()
  })
})

describe('decision store: a sibling site’s decision (a `domain` cookie seen through the parent domain)', () => {
  const shared = (updatedAt: number, domain = 'example.test') => ({ ...decision(updatedAt), id: `s${updatedAt}`, domain })
  // What blog.example.test writes with `cookie: { domain: 'example.test' }`, as www.example.test sees it.
  const plantShared = (updatedAt: number) => {
    document.cookie = `consentry=${encodeDecision(shared(updatedAt))}; path=/; domain=example.test`
  }
  const openAt = (domain?: string) => {
    const failures: string[] = []
    const store = decisionStore(
      { ...options(), ...(domain ? { domain } : {}) },
      currentPage()!,
      'v1',
      (message) => failures.push(message),
      () => true,
    )
    return { store, failures }
  }

  it('is not a host-only store’s decision, even when newer than its own; newer() ignores it too', () => {
    useJar()
    plantShared(3000)
    expect(openAt().store.load()).toBeUndefined()
    plant(decision(1000), '/page')
    const { store, failures } = openAt()
    expect(store.load()?.id).toBe('r1000')
    plantShared(5000)
    expect(store.newer()).toBeUndefined()
    expect(failures).toEqual([])
  })

  it('is one for a store configured with that domain (any case, with or without the dot), as are values without a domain', () => {
    useJar()
    plantShared(3000)
    expect(openAt('.Example.test').store.load()?.id).toBe('s3000')
    expect(openAt('other.test').store.load()).toBeUndefined()
    plant(decision(4000), '/page')
    expect(openAt('example.test').store.load()?.id).toBe('r4000')
  })

  it('survives a host-only store’s save, which records no domain; a domain store’s save records its own', () => {
    useJar()
    plantShared(3000)
    const { store, failures } = openAt()
    store.save(decision(4000))
    expect(failures).toEqual([])
    expect(document.cookie).toContain('|v1#example.test|')
    expect(document.cookie).toMatch(/\|v1\|analytics\|/)
    const shop = openAt('.example.test')
    shop.store.save(decision(6000))
    expect(document.cookie).toMatch(/consentry=1\|r6000\|[^;]*\|v1#example\.test\|/)
    expect(shop.failures).toEqual([])
  })
})

describe('decision store: writing', () => {
  it('writes the configured path, expiry, SameSite=Lax and Secure on https', () => {
    const { writes } = useJar()
    open().store.save(decision(1000))
    expect(writes).toHaveLength(1)
    expect(writes[0]).toMatch(new RegExp(`^consentry=${encodeDecision(decision(1000)).replace(/[|+]/g, '\\$&')}; expires=[^;]+ GMT; path=/; samesite=lax; secure$`))
  })

  it('writes no Secure attribute on http, where the browser would drop the cookie', () => {
    setURL('http://www.example.test/page')
    const { writes } = useJar()
    const { store, failures } = open()
    store.save(decision(1000))
    expect(writes[0]).toMatch(/; path=\/; samesite=lax$/)
    expect(failures).toEqual([])
    expect(store.load()?.id).toBe('r1000')
  })

  it('stale copies under another path go: only the new value stays, nothing is reported', () => {
    setURL('https://shop.example.test/a/b')
    const { writes, all } = useJar()
    plant(decision(1000), '/a')
    const { store, failures } = open()
    store.save(decision(2000))
    expect(failures).toEqual([])
    expect(all()).toEqual([`consentry=${encodeDecision(decision(2000))};path=/;domain=`])
    // Every copy is expired: host-only and on each parent domain, on each path prefix of the page.
    const cleared = writes.filter((w) => w.startsWith('consentry=;max-age=0')).map((w) => w.slice('consentry=;max-age=0'.length))
    const scopes = ['/', '/a', '/a/', '/a/b', '/a/b/'].flatMap((path) => ['', ';domain=.shop.example.test', ';domain=.example.test'].map((domain) => `;path=${path}${domain}`))
    expect(cleared.sort()).toEqual(scopes.sort())
  })

  it('a write the browser refused is reported and removes the older copy, so its grant cannot return', () => {
    const { all } = useJar((text) => /^consentry=1\|r2000/.test(text))
    plant(decision(1000))
    const { store, failures } = open()
    const value = encodeDecision(decision(2000))
    store.save(decision(2000))
    expect(failures).toEqual([`the browser did not keep the decision cookie (${value.length} characters); it is asked again on the next page`])
    expect(all()).toEqual([])
  })

  it('a stale copy the browser does not let go of is reported, even when the new value is listed first', () => {
    setURL('https://www.example.test/a/b')
    useJar((text) => /^consentry=;max-age=0;path=\/(;|$)/.test(text))
    plant(decision(1000))
    const { store, failures } = open('/a')
    // After the write the page reads the new value (path /a, listed first) and the stuck one (path /).
    store.save(decision(2000))
    expect(failures).toEqual([expect.stringMatching(/^the browser did not keep the decision cookie/)])
  })

  it.each([['/'], ['/page']])('a refused write is reported when the cookie path (%s) covers this page', (path) => {
    useJar(() => true)
    const { store, failures } = open(path)
    store.save(decision(1000))
    expect(failures).toHaveLength(1)
  })

  it.each([['/pa'], ['/other/']])('a cookie for a path that does not cover this page (%s) is not read back: the path is reported, not a refused write', (path) => {
    const { all } = useJar()
    const { store, failures } = open(path)
    store.save(decision(1000))
    expect(failures).toEqual([expect.stringMatching(/^the decision cookie's path "[^"]+" does not cover this page/)])
    expect(all()).toEqual([`consentry=${encodeDecision(decision(1000))};path=${path};domain=`])
  })
})
