import { afterEach, describe, expect, it, vi } from 'vitest'
import { createConsent, defineAdapter, type Category, type ConsentError, type ConsentManager, type ConsentOptions } from 'consentry'
import { CONSENT_UPDATED_EVENT, withSegment, type SegmentOptions } from '../../src/segment/index.js'
import { fakeSegmentAnalytics } from '../fakes/segment-analytics.js'

// withSegment's consent change event, cookie deletion on revoke and CDN consent settings, on the
// recording stand-in of analytics-next (test/fakes/segment-analytics.ts); the real SDK runs in
// segment.e2e.test.ts.
let consent: ConsentManager | undefined
const errors: ConsentError[] = []
afterEach(() => {
  vi.restoreAllMocks()
  consent?.destroy()
  consent = undefined
  sessionStorage.clear()
  localStorage.clear()
  for (const name of document.cookie.split(';').map((c) => c.split('=')[0]!.trim())) if (name) document.cookie = `${name}=; expires=Thu, 01 Jan 1970 00:00:00 GMT; path=/`
  errors.length = 0
})

const optIn = (...ids: string[]): Category[] => ids.map((id) => ({ id, name: id, enforcement: 'opt-in' }))
const setup = (categories: Category[] = optIn('analytics', 'marketing'), waitMs = 60_000, extra: Partial<ConsentOptions> = {}) => {
  let emit!: (reading: Record<string, boolean>) => void
  consent = createConsent({
    categories,
    adapters: [defineAdapter({ name: 'cmp', watch: (e) => ((emit = e), () => {}) })],
    waitMs,
    cookie: false,
    onError: (error) => errors.push(error),
    ...extra,
  })
  return (reading: Record<string, boolean>) => emit(reading)
}
const flush = () => new Promise((resolve) => setTimeout(resolve, 0))
const changeEvents = (fake: ReturnType<typeof fakeSegmentAnalytics>) => fake.calls.filter((c) => c.method === 'track' && c.args[0] === CONSENT_UPDATED_EVENT).map((c) => c.args)
const wrap = (fake: ReturnType<typeof fakeSegmentAnalytics>, options: SegmentOptions = {}) => {
  const analytics = withSegment(fake, consent!, { model: 'opt-out', ...options })
  analytics.load({ writeKey: 'KEY' })
  return analytics
}

describe('withSegment "Segment Consent Preference Updated"', () => {
  it('is tracked once per real decided change, with the preferences as consent options', async () => {
    const cmp = setup()
    const fake = fakeSegmentAnalytics()
    wrap(fake)
    await flush()
    expect(changeEvents(fake)).toEqual([])
    cmp({ analytics: true, marketing: false })
    cmp({ analytics: true, marketing: false })
    cmp({ analytics: true, marketing: true })
    expect(CONSENT_UPDATED_EVENT).toBe('Segment Consent Preference Updated')
    expect(changeEvents(fake)).toEqual([
      [CONSENT_UPDATED_EVENT, undefined, { consent: { categoryPreferences: { analytics: true, marketing: false } } }],
      [CONSENT_UPDATED_EVENT, undefined, { consent: { categoryPreferences: { analytics: true, marketing: true } } }],
    ])
  })

  it('is not tracked again on the next page for the same choice (a CMP re-firing it), but is for a new one', () => {
    let cmp = setup()
    let fake = fakeSegmentAnalytics()
    wrap(fake)
    cmp({ analytics: true, marketing: false })
    expect(changeEvents(fake)).toHaveLength(1)
    consent!.destroy()
    // Next page: a new manager and instance, same localStorage.
    cmp = setup()
    fake = fakeSegmentAnalytics()
    wrap(fake)
    cmp({ analytics: true, marketing: false })
    expect(changeEvents(fake)).toEqual([])
    cmp({ analytics: false, marketing: false })
    expect(changeEvents(fake)).toEqual([[CONSENT_UPDATED_EVENT, undefined, { consent: { categoryPreferences: { analytics: false, marketing: false } } }]])
  })

  it('is not tracked for the fail-closed defaults after a CMP timeout', async () => {
    setup(optIn('analytics'), 10)
    const fake = fakeSegmentAnalytics()
    wrap(fake)
    await new Promise((resolve) => setTimeout(resolve, 40))
    expect(consent!.get().status).toBe('default')
    expect(changeEvents(fake)).toEqual([])
  })

  it('is not tracked for a stored decision read back on the next page (another localStorage, same cookie)', async () => {
    const first = setup(optIn('analytics'), 60_000, { cookie: {} })
    wrap(fakeSegmentAnalytics())
    first({ analytics: true })
    consent!.destroy()
    localStorage.clear()
    // Next page: the CMP never answers, so the stored decision is used when the wait ends.
    setup(optIn('analytics'), 10, { cookie: {} })
    const fake = fakeSegmentAnalytics()
    wrap(fake)
    await new Promise((resolve) => setTimeout(resolve, 40))
    expect(consent!.get()).toMatchObject({ status: 'decided', source: 'storage', categoryPreferences: { analytics: true } })
    expect(changeEvents(fake)).toEqual([])
  })

  it('still deduplicates within the page when localStorage throws', () => {
    vi.spyOn(Storage.prototype, 'getItem').mockImplementation(() => {
      throw new Error('SecurityError')
    })
    vi.spyOn(Storage.prototype, 'setItem').mockImplementation(() => {
      throw new Error('SecurityError')
    })
    const cmp = setup()
    const fake = fakeSegmentAnalytics()
    wrap(fake)
    cmp({ analytics: true, marketing: false })
    cmp({ analytics: true, marketing: false })
    cmp({ analytics: false, marketing: false })
    expect(changeEvents(fake).map((args) => (args[2] as any).consent.categoryPreferences.analytics)).toEqual([true, false])
  })

  it('is never tracked with consentChangedEvent: false', () => {
    const cmp = setup()
    const fake = fakeSegmentAnalytics()
    wrap(fake, { consentChangedEvent: false })
    cmp({ analytics: true, marketing: true })
    expect(changeEvents(fake)).toEqual([])
  })
})

describe('withSegment cookies option', () => {
  it('deletes the cookies of a category when it goes from granted to denied, and only then', () => {
    const cmp = setup(optIn('analytics', 'marketing', 'misc'))
    wrap(fakeSegmentAnalytics(), { consentChangedEvent: false, cookies: { analytics: ['_ga', /^_ga_/], marketing: ['_fbp'], misc: ['keep_me'] } })
    document.cookie = '_ga=1; path=/'
    document.cookie = '_ga_X=1; path=/'
    document.cookie = '_fbp=1; path=/'
    document.cookie = 'keep_me=1; path=/'
    const names = () =>
      document.cookie
        .split(';')
        .map((c) => c.split('=')[0]!.trim())
        .filter(Boolean)
        .sort()
    cmp({ analytics: true, marketing: true, misc: false })
    expect(names()).toEqual(['_fbp', '_ga', '_ga_X', 'keep_me'])
    cmp({ analytics: true, marketing: false, misc: false })
    expect(names()).toEqual(['_ga', '_ga_X', 'keep_me'])
    cmp({ analytics: false, marketing: false, misc: false })
    expect(names()).toEqual(['keep_me'])
  })

  it('a pattern that matches everything never deletes the stored decision: the refusal survives the next load', () => {
    const cmp = setup(optIn('analytics'), 60_000, { cookie: {} })
    wrap(fakeSegmentAnalytics(), { consentChangedEvent: false, cookies: { analytics: ['*'] } })
    cmp({ analytics: true })
    document.cookie = '_ga=1; path=/'
    cmp({ analytics: false })
    expect(document.cookie).toMatch(/^consentry=1\|[^;]*$/)
    consent!.destroy()
    consent = createConsent({ categories: optIn('analytics') })
    expect(consent.get()).toMatchObject({ status: 'decided', source: 'storage', categoryPreferences: { analytics: false } })
  })
})

describe('withSegment and Segment’s CDN consent settings', () => {
  const source = (fake: ReturnType<typeof fakeSegmentAnalytics>) => {
    const middleware = fake.sourceMiddleware[0] as (context: { payload: { obj: Record<string, any> }; next: (p: unknown) => void }) => void
    return (name = 'x') => {
      const event = { obj: { type: 'track', event: name } as Record<string, any> }
      let passed = false
      middleware({ payload: event, next: () => void (passed = true) })
      return passed ? (event.obj.integrations as Record<string, boolean>) : 'dropped'
    }
  }

  it('switches the SDK off when nothing of allCategories is granted and no destination is unmapped', async () => {
    const cmp = setup()
    const cdn = {
      integrations: { 'Segment.io': {}, Pixel: { consentSettings: { categories: ['marketing'] } }, GA: { consentSettings: { categories: ['analytics', 'marketing'] } } },
      consentSettings: { allCategories: ['analytics', 'marketing'], hasUnmappedDestinations: false },
    }
    const fake = fakeSegmentAnalytics({ cdn })
    wrap(fake, { consentChangedEvent: false })
    const send = source(fake)
    cmp({ analytics: false, marketing: false })
    expect(send()).toBe('dropped')
    // The change event itself always goes, so Segment learns of the revocation.
    expect(send(CONSENT_UPDATED_EVENT)).toEqual({ Pixel: false, GA: false })
    cmp({ analytics: true, marketing: false })
    expect(send()).toEqual({ Pixel: false, GA: false })
    cmp({ analytics: true, marketing: true })
    expect(send()).toEqual({})
    expect(errors).toEqual([])
  })

  it('keeps the SDK on when Segment has unmapped destinations, or says nothing about them', async () => {
    for (const hasUnmappedDestinations of [true, undefined]) {
      const cmp = setup()
      const cdn = {
        integrations: { 'Segment.io': {}, Pixel: { consentSettings: { categories: ['marketing'] } }, Other: {} },
        consentSettings: { allCategories: ['marketing'], ...(hasUnmappedDestinations === undefined ? {} : { hasUnmappedDestinations }) },
      }
      const fake = fakeSegmentAnalytics({ cdn })
      wrap(fake, { consentChangedEvent: false })
      cmp({ analytics: false, marketing: false })
      expect(source(fake)()).toEqual({ Pixel: false })
      consent!.destroy()
    }
  })

  it('with integrationCategoryMappings, switches the SDK off when none of their categories is granted', () => {
    const cmp = setup()
    const fake = fakeSegmentAnalytics({ cdn: { integrations: { 'Segment.io': {}, Pixel: { consentSettings: { categories: ['analytics'] } } } } })
    wrap(fake, { consentChangedEvent: false, integrationCategoryMappings: { Pixel: ['marketing'] } })
    const send = source(fake)
    cmp({ analytics: true, marketing: false })
    expect(send()).toBe('dropped')
    cmp({ analytics: false, marketing: true })
    expect(send()).toEqual({})
  })

  it('a destination needs every one of its categories; remote plugins count as destinations', () => {
    const cmp = setup()
    const cdn = {
      integrations: { 'Segment.io': {}, Both: { consentSettings: { categories: ['analytics', 'marketing'] } } },
      remotePlugins: [{ name: 'Remote Plugin', creationName: 'Remote' }],
    }
    const fake = fakeSegmentAnalytics({ cdn })
    wrap(fake, { consentChangedEvent: false, integrationCategoryMappings: { Both: ['analytics', 'marketing'], Remote: ['analytics'] } })
    const send = source(fake)
    cmp({ analytics: true, marketing: false })
    expect(send()).toEqual({ Both: false })
    cmp({ analytics: false, marketing: true })
    expect(send()).toEqual({ Both: false, Remote: false })
    cmp({ analytics: true, marketing: true })
    expect(send()).toEqual({})
  })

  it('a destination Segment lists without categories (missing or null) follows the manager’s unmapped rule', () => {
    for (const unmapped of ['allow', 'deny'] as const) {
      const cmp = setup(undefined, 60_000, { unmapped })
      const cdn = { integrations: { 'Segment.io': {}, Missing: {}, Null: { consentSettings: { categories: null } }, Pixel: { consentSettings: { categories: ['marketing'] } } } }
      const fake = fakeSegmentAnalytics({ cdn })
      wrap(fake, { consentChangedEvent: false })
      cmp({ analytics: true, marketing: true })
      // Segment.io is the source's own cloud connection, never a destination to switch off.
      expect(source(fake)()).toEqual(unmapped === 'allow' ? {} : { Missing: false, Null: false })
      consent!.destroy()
    }
  })

  it('before the CDN settings arrive, an event plugin nobody maps follows the manager’s unmapped rule', () => {
    const cmp = setup(undefined, 60_000, { unmapped: 'deny' })
    const fake = fakeSegmentAnalytics()
    withSegment(fake, consent!, { consentChangedEvent: false, model: 'opt-out', integrationCategoryMappings: { Pixel: ['marketing'], GA: ['analytics'] } })
    cmp({ analytics: true, marketing: false })
    const middleware = fake.sourceMiddleware[0] as (context: { payload: { obj: Record<string, any> }; next: (p: unknown) => void; integrations: object }) => void
    const event = { obj: { type: 'track', event: 'x' } as Record<string, any> }
    middleware({ payload: event, next: () => {}, integrations: { Pixel: {}, GA: {}, Other: {} } })
    expect(event.obj.integrations).toEqual({ Pixel: false, Other: false })
  })

  it('a listener that runs before withSegment’s on a change already sees the new answer for a manager-mapped destination', async () => {
    const cmp = setup(undefined, 60_000, { destinations: { Pixel: ['marketing'] } })
    const fake = fakeSegmentAnalytics({ cdn: { integrations: { 'Segment.io': {}, Pixel: {} } } })
    const seen: unknown[] = []
    consent!.subscribe(() => seen.push(source(fake)()))
    wrap(fake, { consentChangedEvent: false })
    cmp({ analytics: true, marketing: true })
    await flush()
    cmp({ analytics: true, marketing: false })
    expect(seen.at(-1)).toEqual({ Pixel: false })
  })

  it('a malformed CDN categories value denies its destination instead of throwing', () => {
    const cmp = setup()
    const fake = fakeSegmentAnalytics({ cdn: { integrations: { 'Segment.io': {}, Odd: { consentSettings: { categories: 'analytics' } }, Null: null } } })
    wrap(fake, { consentChangedEvent: false })
    cmp({ analytics: true, marketing: true })
    expect(source(fake)()).toEqual({ Odd: false })
  })

  it('reports, once and by name, CDN or mapped category ids the manager lacks', () => {
    const cmp = setup()
    const cdn = {
      integrations: { 'Segment.io': {}, A: { consentSettings: { categories: ['C0004', 'analytics'] } }, B: { consentSettings: { categories: ['C0004'] } } },
      consentSettings: { allCategories: ['C0004', 'C0002', 'analytics'] },
    }
    const fake = fakeSegmentAnalytics({ cdn })
    wrap(fake, { consentChangedEvent: false })
    cmp({ analytics: true })
    cmp({ analytics: false })
    expect(errors.map((e) => [e.code, e.message])).toEqual([
      ['unknown-category', "consentry: withSegment(): Segment's consent categories C0004, C0002 are not categories of this manager; destinations needing them get nothing"],
    ])
  })

  it('reports nothing when every category id is known, and a mapped id the CDN lacks when mappings are given', () => {
    const cmp = setup()
    const cdn = { integrations: { 'Segment.io': {}, A: { consentSettings: { categories: ['analytics'] } } }, consentSettings: { allCategories: ['analytics'] } }
    const fake = fakeSegmentAnalytics({ cdn })
    wrap(fake, { consentChangedEvent: false })
    cmp({ analytics: true })
    expect(errors).toEqual([])
    consent!.destroy()
    const again = setup()
    wrap(fakeSegmentAnalytics({ cdn }), { consentChangedEvent: false, integrationCategoryMappings: { A: ['ads'] } })
    again({ analytics: true })
    expect(errors.map((e) => e.message)).toEqual([expect.stringContaining('categories ads are not')])
  })
})
