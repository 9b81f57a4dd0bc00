import { afterEach, describe, expect, it } from 'vitest'
import { cookieStore } from '../../src/core/cookie-store.js'
import { decisionStore } from '../../src/core/decision-store.js'
import { currentPage, type Page } from '../../src/core/page.js'

// The core reaches the page's cookies, address and Global Privacy Control through one module
// (src/core/page.ts). The decision store takes the page it is given, so a page that is not the
// document (here a plain object over a map) is all it reads and writes.
function fakePage(protocol = 'https:') {
  const written: string[] = []
  const jar = new Map<string, string>([['other', '1']])
  const page: Page = {
    cookies: () => [...jar].map(([name, value]) => `${name}=${value}`).join('; '),
    setCookie(text) {
      written.push(text)
      const [name = '', value = ''] = text.split(';')[0]!.split('=')
      if (/max-age=0/.test(text)) jar.delete(name)
      else jar.set(name, value)
    },
    location: () => ({ hostname: 'shop.example.test', pathname: '/cart/', protocol }),
    gpc: () => false,
    blocked: () => false,
    watch: () => () => {},
  }
  return { page, written }
}

afterEach(() => {
  for (const pair of document.cookie.split('; ').filter(Boolean)) document.cookie = `${pair.split('=')[0]}=; max-age=0; path=/`
})

describe('the page seam', () => {
  it('the decision store reads and writes through the page it is given, never the document', () => {
    const { page, written } = fakePage()
    const failures: string[] = []
    const store = decisionStore(
      { name: 'consentry', expires: 30, path: '/' },
      page,
      'v1',
      (message) => failures.push(message),
      () => true,
    )
    expect(store.load()).toBeUndefined()
    const decision = { id: 'r1', updatedAt: 1, source: 'user' as const, policyVersion: 'v1', granted: ['analytics'], denied: [], explicit: [], refused: [] }
    store.save(decision)
    expect(written).toHaveLength(1)
    expect(written[0]).toMatch(/^consentry=1\|.*; path=\/; samesite=lax; secure$/)
    expect(store.load()).toEqual(decision)
    expect(failures).toEqual([])
    expect(document.cookie).toBe('')
  })

  it('expires the decision cookie on every path prefix and parent domain of the page it is given', () => {
    const { page, written } = fakePage('http:')
    cookieStore({ name: 'consentry', expires: 30, path: '/' }, page).clear()
    expect(written).toContain('consentry=;max-age=0;path=/cart/;domain=.example.test')
    expect(written).toContain('consentry=;max-age=0;path=/')
  })

  it('a browser that blocks cookies (navigator.cookieEnabled false) is blocked(); its cookies read as none', () => {
    Object.defineProperty(navigator, 'cookieEnabled', { configurable: true, value: false })
    try {
      expect(currentPage()?.blocked()).toBe(true)
      expect(currentPage()?.cookies()).toBe('')
    } finally {
      delete (navigator as { cookieEnabled?: boolean }).cookieEnabled
    }
    expect(currentPage()?.blocked()).toBe(false)
  })

  it('a document.cookie that a page script redefined to give no string reads as no cookies', () => {
    Object.defineProperty(document, 'cookie', { configurable: true, get: () => undefined, set: () => {} })
    try {
      expect(currentPage()?.cookies()).toBe('')
    } finally {
      delete (document as { cookie?: string }).cookie
    }
  })
})
