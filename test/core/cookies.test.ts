/**
 * @vitest-environment-options {"url": "http://localhost/"}
 */
import { afterEach, describe, expect, it, vi } from 'vitest'
import { createConsent, defineAdapter, deleteCookies, isConsentError, type ConsentOptions } from 'consentry'
import { categories, make } from './setup.js'

// The `cookies` option (issue 16): the cookies of a denied category are expired, on revoke and at
// start. happy-dom keeps expired domain cookies (see held-calls.test.ts), so this file covers the
// host-only cookies of the page's own path; the domain and path variants are covered in Chromium
// (test/e2e/cookies.e2e.test.ts). This page is http://localhost/, where the one write is host-only on path=/.
const names = () =>
  document.cookie
    .split(';')
    .map((pair) => pair.split('=')[0]!.trim())
    .filter(Boolean)
    .sort()
const plant = (...cookies: string[]) => {
  for (const name of cookies) document.cookie = `${name}=1;path=/`
}
afterEach(() => {
  for (const name of names()) document.cookie = `${name}=;max-age=0;path=/`
  vi.unstubAllEnvs()
})

describe('cookies option: clean-up of denied categories', () => {
  it('revoking a category expires its cookies (names and * patterns) and nothing else', () => {
    const { consent, errors } = make({ cookie: false, cookies: { advertising: ['_fbp', '_gcl_*'] } })
    consent.set({ advertising: true })
    plant('_fbp', '_gcl_au', '_gcl', 'keep', '_ga')
    consent.set({ analytics: true })
    expect(names()).toEqual(['_fbp', '_ga', '_gcl', '_gcl_au', 'keep'])
    consent.set({ advertising: false })
    expect(names()).toEqual(['_ga', '_gcl', 'keep'])
    expect(errors).toEqual([])
  })

  it('a category denied at start loses its cookies as soon as consent is known', () => {
    plant('_fbp', 'keep')
    make({ cookie: false, cookies: { advertising: ['_fbp'] } })
    // No adapter: the defaults (advertising is opt-in, so denied) apply at once.
    expect(names()).toEqual(['keep'])
  })

  it('a topic is cleaned when its purpose is revoked', () => {
    const { consent } = make({ cookie: false, cookies: { newsletter: ['nl_*'] } })
    consent.set({ advertising: true, newsletter: true })
    plant('nl_id')
    consent.set({ advertising: false })
    expect(names()).toEqual([])
  })

  it('nothing is deleted while consent is pending (a CMP may still grant)', async () => {
    plant('_fbp')
    let emit!: (reading: Record<string, boolean>) => void
    const cmp = defineAdapter({ name: 'slow', watch: (send) => ((emit = send), () => {}) })
    const { consent } = make({ cookie: false, adapters: [cmp], waitMs: 10_000, cookies: { advertising: ['_fbp'] } })
    expect(consent.get().status).toBe('pending')
    expect(names()).toEqual(['_fbp'])
    emit({ advertising: true })
    expect(names()).toEqual(['_fbp'])
    emit({ advertising: false })
    expect(names()).toEqual([])
  })

  it('a granted category keeps its cookies', () => {
    const { consent } = make({ cookie: false, cookies: { analytics: ['_ga'] } })
    plant('_ga')
    consent.set({ advertising: false })
    expect(consent.isGranted('analytics')).toBe(true)
    expect(names()).toEqual(['_ga'])
  })
})

describe('cookies option: checked in every build', () => {
  const bad: [string, unknown, RegExp][] = [
    ['not an object', ['_ga'], /"cookies" must be an object/],
    ['unknown category', { analytic: ['_ga'] }, /"cookies\.analytic" must name a configured category/],
    ['inherited-looking key', JSON.parse('{"__proto__": ["_ga"]}'), /"cookies\.__proto__" must name a configured category/],
    ['list not an array', { analytics: '_ga' }, /"cookies\.analytics" must be an array/],
    ['entry with a separator', { analytics: ['_ga;path=/'] }, /"cookies\.analytics\[0\]" must be a cookie name/],
    ['empty entry', { analytics: [''] }, /"cookies\.analytics\[0\]" must be a cookie name/],
    ['entry not a string', { analytics: [42] }, /"cookies\.analytics\[0\]" must be a cookie name/],
    ['pattern matching the consent cookie', { analytics: ['*'] }, /"cookies\.analytics\[0\]" must not match the consent cookie/],
  ]
  it.each(bad)('development throws invalid-option: %s', (_, cookies, message) => {
    let thrown: unknown
    try {
      createConsent({ categories, cookies } as ConsentOptions).destroy()
    } catch (error) {
      thrown = error
    }
    expect(isConsentError(thrown) && thrown.code).toBe('invalid-option')
    expect((thrown as Error).message).toMatch(message)
  })

  it.each(bad)('production reports it and never throws: %s', (_, cookies, message) => {
    vi.stubEnv('NODE_ENV', 'production')
    const { errors } = make({ cookie: { name: 'site_consent' }, cookies: cookies as never })
    expect(errors.map((e) => e.message).join('\n')).toMatch(message)
    expect(errors.every((e) => e.code === 'invalid-option')).toBe(true)
  })

  it('production keeps the valid entries beside an invalid one', () => {
    vi.stubEnv('NODE_ENV', 'production')
    plant('_ga', '_fbp', 'keep')
    const { errors } = make({ cookie: false, cookies: { advertising: ['_fbp', 7 as never, '_ga'], nope: ['keep'] } })
    expect(errors.map((e) => e.message)).toEqual([
      'consentry: option "cookies.advertising[1]" must be a cookie name ("*" matches any characters) or a RegExp; received 7',
      'consentry: option "cookies.nope" must name a configured category; received "nope"',
    ])
    expect(names()).toEqual(['keep'])
  })

  it('the consent cookie survives even a pattern written to catch everything', () => {
    vi.stubEnv('NODE_ENV', 'production')
    const { consent, errors } = make({ cookie: { name: 'site_consent' }, cookies: { advertising: ['site_*', /consent/] } })
    consent.set({ advertising: false })
    expect(errors).toHaveLength(2)
    expect(names()).toContain('site_consent')
  })
})

describe('deleteCookies', () => {
  it('returns the names it expired and matches percent-encoded names decoded', () => {
    plant('a%20b', '_ga', 'x')
    expect(deleteCookies(['a b', /^_g/]).sort()).toEqual(['_ga', 'a%20b'])
    expect(names()).toEqual(['x'])
  })
  it('a RegExp with the g flag still matches every cookie', () => {
    plant('_hjA', '_hjB', '_hjC')
    expect(deleteCookies([/^_hj/g])).toHaveLength(3)
  })
})

describe('deleteCookies never deletes a consentry decision', () => {
  // (The `cookies` option already refuses a pattern matching the consent cookie; deleteCookies is
  // also what the integrations' `cookies` option and a site's own clean-up call.)
  it.each([['*'], [/^c/], ['consentry']])('a pattern matching it (%s) deletes the other cookies and keeps the stored refusal', (pattern) => {
    const optOut = categories.map((c) => (c.id === 'analytics' ? { ...c, enforcement: 'opt-out' as const } : c))
    const first = createConsent({ categories: optOut })
    first.set({ analytics: false })
    plant('_ga', 'other')
    expect(deleteCookies([pattern]).sort()).toEqual(pattern === '*' ? ['_ga', 'other'] : [])
    expect(names()).toEqual(pattern === '*' ? ['consentry'] : ['_ga', 'consentry', 'other'])
    first.destroy()
    // An opt-out category: a lost refusal would grant it again at the next load.
    const next = createConsent({ categories: optOut })
    expect(next.get()).toMatchObject({ status: 'decided', source: 'storage', categoryPreferences: { analytics: false } })
    next.destroy()
  })
})
