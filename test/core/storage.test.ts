import { afterEach, describe, expect, it } from 'vitest'
import Cookies from 'js-cookie'
import { make } from './setup.js'
import { encodeDecision } from '../../src/core/decision-codec.js'

describe('stored decision (first-party cookie)', () => {
  it('one with a time no Date can hold grants nothing, is reported, and every event is still stamped', () => {
    const stored = { id: 'far', source: 'user', policyVersion: '1', granted: ['advertising'], denied: [], explicit: ['advertising'], refused: [] } as const
    Cookies.set('consentry', encodeDecision({ ...stored, updatedAt: 9e15 }))
    const { consent, errors } = make()
    expect(consent.get()).toMatchObject({ status: 'default', categoryPreferences: { advertising: false } })
    expect(consent.stamp({}).context.consent.receipt.updatedAt).toMatch(/^\d{4}-/)
    expect(errors.map((e) => `${e.code}: ${e.message}`)).toEqual(['invalid-cookie: consentry: ignored a consent cookie (malformed fields)'])
  })

  it('a decision is stored compactly and reused on the next page with source storage', () => {
    const first = make().consent
    first.set({ advertising: true, analytics: false })
    const { id, updatedAt } = first.get()
    const raw = Cookies.get('consentry') ?? ''
    expect(raw.length).toBeLessThan(120)
    expect(raw.startsWith(`1|${id}|`)).toBe(true)
    first.destroy()

    const next = make().consent
    expect(next.get()).toMatchObject({ status: 'decided', source: 'storage', id, updatedAt, categoryPreferences: { advertising: true, analytics: false } })
  })

  it('writes SameSite=Lax, Secure on https, the configured path, expiry and domain', () => {
    const writes: string[] = []
    const descriptor = Object.getOwnPropertyDescriptor(Document.prototype, 'cookie')
    Object.defineProperty(document, 'cookie', {
      configurable: true,
      get: () => descriptor?.get?.call(document),
      set: (value: string) => (writes.push(value), descriptor?.set?.call(document, value)),
    })
    try {
      make({ cookie: { name: 'cc', path: '/shop', domain: 'example.test', expires: 30 } }).consent.set({ advertising: true })
    } finally {
      delete (document as { cookie?: string }).cookie
    }
    expect(writes).toHaveLength(1)
    expect(writes[0]).toMatch(/^cc=1\|/)
    expect(writes[0]).toMatch(/; path=\/shop/)
    expect(writes[0]).toMatch(/; domain=example\.test/)
    expect(writes[0]).toMatch(/; sameSite=Lax/i)
    expect(writes[0]).toMatch(/; secure/)
    const expires = new Date(/expires=([^;]+)/.exec(writes[0] ?? '')?.[1] ?? '').getTime()
    expect(Math.round((expires - Date.now()) / 86_400_000)).toBe(30)
  })

  it('a decision made under another policy version is not reused: the site asks again', () => {
    const first = make({ policyVersion: '2024-01' }).consent
    first.set({ advertising: true })
    first.destroy()
    const next = make({ policyVersion: '2025-06' }).consent
    expect(next.get()).toMatchObject({ status: 'default', source: 'default', policyVersion: '2025-06', categoryPreferences: { advertising: false } })
  })

  it.each([
    ['garbage', 'hello'],
    ['another format version', '2|abc|lk|u|1|advertising|||x'],
    ['a hand-edited grant (checksum)', 'TAMPER'],
    ['truncated', 'TRUNCATE'],
    ['wrong source letter', 'SOURCE'],
  ])('a malformed or tampered cookie (%s) is ignored, reported, never thrown', (_, kind) => {
    const first = make().consent
    first.set({ analytics: false })
    const good = Cookies.get('consentry') ?? ''
    first.destroy()
    const value =
      kind === 'TAMPER'
        ? good.replace('|analytics|', '|analytics+advertising|').replace('||', '|advertising|')
        : kind === 'TRUNCATE'
          ? good.slice(0, 20)
          : kind === 'SOURCE'
            ? good.replace(/^(1\|[^|]+\|[^|]+\|)u/, '$1z')
            : kind
    document.cookie = `consentry=${value}; path=/`
    const { consent, errors } = make()
    expect(consent.get()).toMatchObject({ status: 'default', categoryPreferences: { advertising: false } })
    expect(errors.map((e) => e.code)).toEqual(['invalid-cookie'])
  })

  it('stores a cookie-safe value that round-trips any policy version', () => {
    const policyVersion = '2025 Q1/ü|+%;,"'
    const first = make({ policyVersion }).consent
    first.set({ advertising: true })
    const raw =
      document.cookie
        .split('; ')
        .find((pair) => pair.startsWith('consentry='))
        ?.slice('consentry='.length) ?? ''
    // RFC 6265 cookie-octets: no controls, whitespace, DQUOTE, comma, semicolon or backslash.
    expect(raw).toMatch(/^[\x21\x23-\x2B\x2D-\x3A\x3C-\x5B\x5D-\x7E]+$/)
    first.destroy()
    const next = make({ policyVersion }).consent
    expect(next.get()).toMatchObject({ status: 'decided', source: 'storage', policyVersion, categoryPreferences: { advertising: true } })
  })

  it('cookie: false keeps the decision in memory only', () => {
    make({ cookie: false }).consent.set({ advertising: true })
    expect(Cookies.get('consentry')).toBeUndefined()
  })
})

describe('a page outside the decision cookie path', () => {
  const outside = /^invalid-cookie: consentry: the decision cookie's path "\/shop" does not cover this page \(\/blog\/post\)/
  afterEach(() => history.replaceState(null, '', '/'))

  it('is reported once at creation and at a save: a refusal made here could not be kept', () => {
    history.replaceState(null, '', '/blog/post')
    const { consent, errors } = make({ cookie: { path: '/shop' } })
    consent.set({ analytics: false })
    consent.set({ analytics: false, advertising: false })
    expect(errors.map((e) => `${e.code}: ${e.message}`)).toEqual([expect.stringMatching(outside)])
  })

  it('is reported again after the page moves out of the path (an SPA route change), and not inside it', () => {
    history.replaceState(null, '', '/shop/cart')
    const { consent, errors } = make({ cookie: { path: '/shop' } })
    consent.set({ analytics: false })
    expect(errors).toEqual([])
    history.replaceState(null, '', '/blog/post')
    consent.set({ analytics: true })
    expect(errors.map((e) => `${e.code}: ${e.message}`)).toEqual([expect.stringMatching(outside)])
  })
})
