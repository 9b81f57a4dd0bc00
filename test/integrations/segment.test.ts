import { afterEach, describe, expect, it, vi } from 'vitest'
import { createConsent, defineAdapter, type ConsentError, type ConsentManager } from 'consentry'
import { type SegmentAnalytics, withSegment } from '../../src/segment/index.js'
import { fakeSegmentAnalytics } from '../fakes/segment-analytics.js'

// The integration runtime's SDK wrapper (hold, deferred load, replay) through withSegment, on a
// recording stand-in; the real analytics-next is covered in segment.e2e.test.ts.
let consent: ConsentManager | undefined
const errors: ConsentError[] = []
afterEach(() => {
  vi.restoreAllMocks()
  consent?.destroy()
  sessionStorage.clear()
  errors.length = 0
})

const setup = (waitMs = 60_000) => {
  let emit!: (reading: Record<string, boolean>) => void
  consent = createConsent({
    categories: [{ id: 'analytics', name: 'Analytics', enforcement: 'opt-in' }],
    adapters: [defineAdapter({ name: 'cmp', watch: (e) => ((emit = e), () => {}) })],
    waitMs,
    cookie: false,
    onError: (error) => errors.push(error),
  })
  return (reading: Record<string, boolean>) => emit(reading)
}
const flush = () => new Promise((resolve) => setTimeout(resolve, 0))
const sent = (fake: ReturnType<typeof fakeSegmentAnalytics>) => fake.calls.filter((c) => c.method !== 'load')

describe('withSegment holding calls (opt-in)', () => {
  it('with buffer: false holds calls in memory only, then loads on consent and replays them in call order with their page context', async () => {
    const cmp = setup()
    const fake = fakeSegmentAnalytics()
    const analytics = withSegment(fake, consent!, { buffer: false, consentChangedEvent: false })
    analytics.load({ writeKey: 'KEY' })
    await expect(analytics.track('one', { n: 1 })).resolves.toBeUndefined()
    await analytics.page()
    expect(fake.calls).toEqual([])
    expect(sessionStorage.length).toBe(0)
    cmp({ analytics: true })
    await flush()
    expect(fake.calls.filter((c) => c.method === 'load')).toHaveLength(1)
    expect(sent(fake).map((c) => [c.method, c.args[0]])).toEqual([
      ['track', 'one'],
      ['page', expect.objectContaining({ __t: 'bpc', u: 'https://www.example.test/page', p: '/page' })],
    ])
    expect(sent(fake)[0]!.args.at(-1)).toMatchObject({ __t: 'bpc', u: 'https://www.example.test/page' })
    // Once replayed, calls go straight through.
    void analytics.track('two')
    expect(sent(fake).map((c) => c.args[0])).toContain('two')
  })

  it('keeps holding through the fail-closed defaults of a CMP that has not answered, and loads on its answer', async () => {
    // OneTrust in opt-in answers only when the visitor closes its banner, often long after waitMs.
    const cmp = setup(20)
    const fake = fakeSegmentAnalytics()
    const analytics = withSegment(fake, consent!, { consentChangedEvent: false })
    analytics.load({ writeKey: 'KEY' })
    void analytics.track('early')
    await new Promise((resolve) => setTimeout(resolve, 60))
    expect(consent!.get().status).toBe('default')
    void analytics.track('after the wait')
    await flush()
    expect(fake.calls).toEqual([])
    cmp({ analytics: true })
    await flush()
    expect(fake.calls.filter((c) => c.method === 'load')).toHaveLength(1)
    expect(sent(fake).map((c) => c.args[0])).toEqual(['early', 'after the wait'])
  })

  it('bounds the persistent buffer: the oldest call goes first, and the drop is reported', () => {
    setup()
    const analytics = withSegment(fakeSegmentAnalytics(), consent!, { buffer: { maxEvents: 1, key: 'bounded' } })
    void analytics.track('first')
    void analytics.track('second')
    expect(JSON.parse(sessionStorage.getItem('bounded')!).map((c: { args: unknown[] }) => c.args[0])).toEqual(['second'])
    expect(errors.map((e) => e.code)).toEqual(['calls-dropped'])
  })

  it('reports a load that fails, never throws it into the page, and keeps holding', async () => {
    const cmp = setup()
    const fake = fakeSegmentAnalytics({ failLoad: true })
    const analytics = withSegment(fake, consent!, { consentChangedEvent: false })
    analytics.load({ writeKey: 'KEY' })
    void analytics.track('held')
    cmp({ analytics: true })
    await flush()
    expect(errors.map((e) => e.code)).toEqual(['callback-failed'])
    expect(sent(fake)).toEqual([])
    expect(JSON.parse(sessionStorage.getItem('consentry:segment')!)).toHaveLength(1)
  })

  it('rejects what is not analytics-next in development, naming the missing methods', () => {
    setup()
    expect(() => withSegment({ track() {} } as never, consent!)).toThrow(
      expect.objectContaining({ code: 'invalid-option', message: expect.stringMatching(/withSegment\(\).*load\(\), addSourceMiddleware\(\)/) }),
    )
  })
})

describe('withSegment destination middleware', () => {
  it('adds none until a destination is revoked (analytics-next clones every event per destination once any exists), then one for all', async () => {
    const cmp = setup()
    const cdn = { integrations: { 'Segment.io': {}, Pixel: { consentSettings: { categories: ['analytics'] } } } }
    const fake = fakeSegmentAnalytics({ cdn })
    withSegment(fake, consent!, { consentChangedEvent: false }).load({ writeKey: 'KEY' })
    cmp({ analytics: true })
    await flush()
    expect(fake.calls.filter((c) => c.method === 'load')).toHaveLength(1)
    expect(fake.destinationMiddleware).toEqual([])
    cmp({ analytics: false })
    expect(fake.destinationMiddleware.map((m) => m.integration)).toEqual(['*'])
    const drop = fake.destinationMiddleware[0]!.middleware as (context: { payload: unknown; integration: string; next: (p: unknown) => void }) => void
    const passed: unknown[] = []
    drop({ payload: 'event', integration: 'Pixel', next: (p) => passed.push(p) })
    cmp({ analytics: true })
    drop({ payload: 'event', integration: 'Pixel', next: (p) => passed.push(p) })
    cmp({ analytics: false })
    expect(fake.destinationMiddleware).toHaveLength(1)
    expect(passed).toEqual([null, 'event'])
  })
})

describe('withSegment and the manager\u2019s own destinations mapping', () => {
  // A destination Segment's CDN does not map (no consentSettings) follows the manager's
  // `destinations` option: its revocation must unload it like a CDN-mapped one.
  it('a destination mapped only through the manager is unloaded on revoke and its queued events dropped', async () => {
    let emit!: (reading: Record<string, boolean>) => void
    consent = createConsent({
      categories: [{ id: 'analytics', name: 'Analytics', enforcement: 'opt-in' }],
      destinations: { Pixel: ['analytics'] },
      adapters: [defineAdapter({ name: 'cmp', watch: (e) => ((emit = e), () => {}) })],
      waitMs: 60_000,
      cookie: false,
      onError: (error) => errors.push(error),
    })
    const unloaded: string[] = []
    const fake = fakeSegmentAnalytics({ cdn: { integrations: { 'Segment.io': {}, Pixel: {} } } })
    withSegment(fake, consent, { consentChangedEvent: false, unload: { Pixel: () => void unloaded.push('Pixel') } }).load({ writeKey: 'KEY' })
    emit({ analytics: true })
    await flush()
    expect(fake.calls.filter((c) => c.method === 'load')).toHaveLength(1)
    const source = fake.sourceMiddleware[0] as (context: { payload: { obj: Record<string, any> }; next: (p: unknown) => void }) => void
    const blocked = () => {
      const event = { obj: { type: 'track', event: 'x' } as Record<string, any> }
      source({ payload: event, next: () => {} })
      return event.obj.integrations
    }
    expect(blocked()).toEqual({})
    emit({ analytics: false })
    expect(blocked()).toEqual({ Pixel: false })
    expect(unloaded).toEqual(['Pixel'])
    expect(fake.destinationMiddleware.map((m) => m.integration)).toEqual(['*'])
    const drop = fake.destinationMiddleware[0]!.middleware as (context: { payload: unknown; integration: string; next: (p: unknown) => void }) => void
    const passed: unknown[] = []
    drop({ payload: 'event', integration: 'Pixel', next: (p) => passed.push(p) })
    expect(passed).toEqual([null])
  })
})

describe('withSegment given an instance whose load() already ran', () => {
  // How analytics-next shows a load that ran (analytics-next 1.84 source): an AnalyticsBrowser sets
  // `instance` once loaded (core/buffer AnalyticsBuffered), a loaded Analytics has
  // `initialized === true` (core/analytics); an object (not the snippet's array) carrying
  // `_writeKey` counts as loaded too. The snippet itself is below.
  const variants: [string, (fake: object) => Record<string, unknown>][] = [
    ['a loaded AnalyticsBrowser (instance)', (fake) => ({ instance: fake })],
    ['a loaded Analytics (initialized)', () => ({ initialized: true })],
    ['an object carrying a write key (_writeKey)', () => ({ _writeKey: 'KEY' })],
  ]
  for (const [name, state] of variants) {
    it(`${name}: reported at once as invalid-option, and events to denied destinations are dropped from then on`, () => {
      const cmp = setup()
      const fake = fakeSegmentAnalytics()
      Object.assign(fake, state(fake))
      const error = vi.spyOn(console, 'error').mockImplementation(() => {})
      withSegment(fake, consent!, { consentChangedEvent: false, integrationCategoryMappings: { Pixel: ['analytics'] } })
      expect(errors.map((e) => e.code)).toEqual(['invalid-option'])
      expect(errors[0]!.message).toMatch(/withSegment\(\)/)
      expect(error.mock.calls).toEqual([[expect.stringMatching(/withSegment\(\)/)]])
      expect(fake.destinationMiddleware.map((m) => m.integration)).toEqual(['*'])
      const drop = fake.destinationMiddleware[0]!.middleware as (context: { payload: unknown; integration: string; next: (p: unknown) => void }) => void
      const passed: unknown[] = []
      drop({ payload: 'event', integration: 'Pixel', next: (p) => passed.push(p) })
      cmp({ analytics: true })
      drop({ payload: 'event', integration: 'Pixel', next: (p) => passed.push(p) })
      expect(passed).toEqual([null, 'event'])
      // No second load of its own.
      expect(fake.calls.filter((c) => c.method === 'load')).toEqual([])
    })
  }

  // Segment's snippet (5.x, segmentio/segment-docs src/_includes/content/snippet-helper.md; see
  // test/fixtures/integrations/segment-snippet.js) sets `_writeKey` itself, before the
  // `analytics.load("KEY")` line the consent-safe form wraps; only its load() sets `_loadOptions`.
  const snippetBuffer = (state: Record<string, unknown>) => {
    const buffer = Object.assign([] as unknown[], { _writeKey: 'KEY', invoked: true, SNIPPET_VERSION: '5.2.1' }, state) as unknown as Record<string, (...args: unknown[]) => unknown>
    for (const method of ['track', 'page', 'identify', 'group', 'alias', 'screen', 'addSourceMiddleware', 'addDestinationMiddleware'])
      buffer[method] = (...args: unknown[]) => void (buffer as unknown as unknown[]).push([method, ...args])
    buffer.load = (...args: unknown[]) => void (buffer as unknown as unknown[]).push(['load', ...args])
    return buffer
  }

  it("the snippet after its own load('KEY') (it set _loadOptions): reported at once", () => {
    setup()
    const error = vi.spyOn(console, 'error').mockImplementation(() => {})
    withSegment(snippetBuffer({ _loadOptions: undefined }) as unknown as SegmentAnalytics, consent!, { consentChangedEvent: false })
    expect(errors.map((e) => e.code)).toEqual(['invalid-option'])
    expect(error).toHaveBeenCalledTimes(1)
  })

  it('the snippet before its load line (only its own _writeKey set) is not reported, and its load runs once consent is decided', async () => {
    const cmp = setup()
    const error = vi.spyOn(console, 'error').mockImplementation(() => {})
    const buffer = snippetBuffer({})
    withSegment(buffer as unknown as SegmentAnalytics, consent!, { consentChangedEvent: false }).load('KEY')
    expect((buffer as unknown as unknown[][]).filter((c) => c[0] === 'load')).toEqual([])
    cmp({ analytics: true })
    await flush()
    expect((buffer as unknown as unknown[][]).filter((c) => c[0] === 'load')).toEqual([['load', 'KEY', expect.objectContaining({ updateCDNSettings: expect.any(Function) })]])
    expect(errors).toEqual([])
    expect(error).not.toHaveBeenCalled()
  })

  it('an AnalyticsBrowser is not reported when its load is the one withSegment runs', async () => {
    const cmp = setup()
    const fake = fakeSegmentAnalytics()
    let resolve!: (value: unknown) => void
    const loading = new Promise((r) => (resolve = r))
    // AnalyticsBuffered is a thenable that settles when its load completes.
    const browser = Object.assign(fake, { then: (ok: (v: unknown) => unknown, ko: (e: unknown) => unknown) => loading.then(ok, ko) })
    withSegment(browser, consent!, { consentChangedEvent: false }).load({ writeKey: 'KEY' })
    cmp({ analytics: true })
    await flush()
    resolve([fake, {}])
    await flush()
    expect(errors).toEqual([])
  })

  it('an AnalyticsBrowser that finishes a load withSegment did not run is reported then', async () => {
    setup()
    const fake = fakeSegmentAnalytics()
    const browser = Object.assign(fake, { then: (ok: (v: unknown) => unknown) => Promise.resolve([fake, {}]).then(ok) })
    vi.spyOn(console, 'error').mockImplementation(() => {})
    withSegment(browser, consent!, { consentChangedEvent: false })
    expect(errors).toEqual([])
    await flush()
    expect(errors.map((e) => e.code)).toEqual(['invalid-option'])
  })
})

describe('withSegment category checks', () => {
  it('an inherited (polluted) category grants no destination', async () => {
    const cmp = setup()
    const cdn = { integrations: { 'Segment.io': {}, Pixel: { consentSettings: { categories: ['C0004'] } } } }
    const fake = fakeSegmentAnalytics({ cdn })
    withSegment(fake, consent!, { consentChangedEvent: false }).load({ writeKey: 'KEY' })
    cmp({ analytics: true })
    await flush()
    const source = fake.sourceMiddleware[0] as (context: { payload: { obj: Record<string, any> }; next: (p: unknown) => void }) => void
    ;(Object.prototype as Record<string, unknown>).C0004 = true
    try {
      const event = { obj: { type: 'track', event: 'x' } as Record<string, any> }
      source({ payload: event, next: () => {} })
      expect(event.obj.integrations).toEqual({ Pixel: false })
    } finally {
      delete (Object.prototype as Record<string, unknown>).C0004
    }
    expect(errors.map((e) => [e.code, e.message])).toEqual([['unknown-category', expect.stringContaining('C0004')]])
  })
})
