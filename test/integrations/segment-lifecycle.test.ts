import { afterEach, describe, expect, it, vi } from 'vitest'
import { createConsent, defineAdapter, type Category, type ConsentError, type ConsentManager, type ConsentOptions } from 'consentry'
import { withSegment } from '../../src/segment/index.js'
import { fakeSegmentAnalytics } from '../fakes/segment-analytics.js'

// withSegment's load, stamping and destination life cycle on the recording stand-in of
// analytics-next (test/fakes/segment-analytics.ts). The plugin API added below follows
// analytics-next 1.x (core/analytics, core/queue): a loaded Analytics has `queue.plugins` (each with
// its `name`, the destination's creation name), `deregister(name)` and `register(plugin)`.
let consent: ConsentManager | undefined
const errors: ConsentError[] = []
afterEach(() => {
  vi.restoreAllMocks()
  consent?.destroy()
  consent = undefined
  sessionStorage.clear()
  localStorage.clear()
  document.head.querySelectorAll('link').forEach((l) => l.remove())
  errors.length = 0
})

const cats = (...spec: [string, Category['enforcement']][]): Category[] => spec.map(([id, enforcement]) => ({ id, name: id, enforcement }))
const setup = (categories: Category[] = cats(['analytics', 'opt-in'], ['marketing', 'opt-in']), extra: Partial<ConsentOptions> = {}) => {
  let emit!: (reading: Record<string, boolean>) => void
  consent = createConsent({
    categories,
    adapters: [defineAdapter({ name: 'cmp', watch: (e) => ((emit = e), () => {}) })],
    waitMs: 60_000,
    cookie: false,
    onError: (error) => errors.push(error),
    ...extra,
  })
  return (reading: Record<string, boolean>) => emit(reading)
}
const flush = () => new Promise((resolve) => setTimeout(resolve, 0))
type Fake = ReturnType<typeof fakeSegmentAnalytics>
const source = (fake: Fake) => {
  const middleware = fake.sourceMiddleware[0] as (context: { payload: { obj: Record<string, any> }; next: (p: unknown) => void; integrations?: object }) => void
  return (plugins?: object) => {
    const event = { obj: { type: 'track', event: 'x' } as Record<string, any> }
    let passed = false
    middleware({ payload: event, next: () => void (passed = true), ...(plugins ? { integrations: plugins } : {}) })
    return passed ? event.obj : 'dropped'
  }
}
const withPlugins = (fake: Fake, names: string[]) => {
  const plugins = names.map((name) => ({ name, type: 'destination' }))
  const registry = { deregistered: [] as string[], registered: [] as unknown[] }
  Object.assign(fake, {
    queue: { plugins: [...plugins] },
    deregister: (name: string) => void registry.deregistered.push(name),
    register: (plugin: unknown) => void registry.registered.push(plugin),
  })
  return { plugins, ...registry }
}
const PIXEL_CDN = { integrations: { 'Segment.io': {}, Pixel: { consentSettings: { categories: ['marketing'] } }, GA: { consentSettings: { categories: ['analytics'] } } } }

describe('withSegment stamping', () => {
  it('an opt-out page stamps the enforcement defaults while the CMP has not answered, then the decision', () => {
    const cmp = setup(cats(['necessary', 'always'], ['analytics', 'opt-out'], ['marketing', 'opt-in']))
    const fake = fakeSegmentAnalytics()
    withSegment(fake, consent!, { consentChangedEvent: false, model: 'opt-out' }).load({ writeKey: 'KEY' })
    expect(consent!.get().status).toBe('pending')
    const send = source(fake)
    expect((send() as any).context.consent.categoryPreferences).toEqual({ necessary: true, analytics: true, marketing: false })
    cmp({ analytics: false, marketing: true })
    expect((send() as any).context.consent.categoryPreferences).toEqual({ necessary: true, analytics: false, marketing: true })
  })

  it('an opt-in page stamps the pending state itself (only always granted)', () => {
    setup(cats(['necessary', 'always'], ['analytics', 'opt-out'], ['marketing', 'opt-in']))
    const fake = fakeSegmentAnalytics()
    withSegment(fake, consent!, { consentChangedEvent: false, model: 'opt-in' })
    expect((source(fake)() as any).context.consent.categoryPreferences).toEqual(consent!.get().categoryPreferences)
    expect(consent!.get().categoryPreferences).toEqual({ necessary: true, analytics: false, marketing: false })
  })

  it('before the CDN settings are read, switches off the denied destinations among the event’s plugins', () => {
    const cmp = setup()
    const fake = fakeSegmentAnalytics()
    withSegment(fake, consent!, { consentChangedEvent: false, integrationCategoryMappings: { Pixel: ['marketing'], GA: ['analytics'] } })
    cmp({ analytics: true, marketing: false })
    expect((source(fake)({ Pixel: {}, GA: {} }) as any).integrations).toEqual({ Pixel: false })
  })
})

describe('withSegment consented load', () => {
  it('hands analytics-next CDN settings with only the consented destinations, after the site’s own updateCDNSettings', async () => {
    const cmp = setup()
    const cdn = {
      ...PIXEL_CDN,
      remotePlugins: [
        { name: 'Pixel Remote', creationName: 'Pixel' },
        { name: 'GA Remote', creationName: 'GA' },
      ],
    }
    const fake = fakeSegmentAnalytics({ cdn })
    const seen: unknown[] = []
    withSegment(fake, consent!, { consentChangedEvent: false }).load({ writeKey: 'KEY' }, { updateCDNSettings: (s: unknown) => (seen.push(s), s) })
    cmp({ analytics: true, marketing: false })
    await flush()
    expect(seen).toEqual([{ integrations: { 'Segment.io': {}, GA: { consentSettings: { categories: ['analytics'] } } }, remotePlugins: [{ name: 'GA Remote', creationName: 'GA' }] }])
  })

  it('an opt-out page loads with the CDN settings untouched, even with an opt-in category denied', async () => {
    setup(cats(['analytics', 'opt-out'], ['marketing', 'opt-in']))
    const fake = fakeSegmentAnalytics({ cdn: PIXEL_CDN })
    const seen: unknown[] = []
    withSegment(fake, consent!, { consentChangedEvent: false, model: 'opt-out' }).load({ writeKey: 'KEY' }, { updateCDNSettings: (s: unknown) => (seen.push(s), s) })
    await flush()
    expect(seen).toEqual([PIXEL_CDN])
  })

  it('keeps Segment.io (the source’s own connection) in the CDN settings even when unmapped destinations are denied', async () => {
    const cmp = setup(undefined, { unmapped: 'deny' })
    const fake = fakeSegmentAnalytics({ cdn: { integrations: { 'Segment.io': { apiKey: 'KEY' }, Other: {} } } })
    const seen: unknown[] = []
    withSegment(fake, consent!, { consentChangedEvent: false }).load({ writeKey: 'KEY' }, { updateCDNSettings: (s: unknown) => (seen.push(s), s) })
    cmp({ analytics: true, marketing: true })
    await flush()
    expect(seen).toEqual([{ integrations: { 'Segment.io': { apiKey: 'KEY' } } }])
  })

  it('disable: true always wins; a function is OR-ed with the consent check', async () => {
    const cmp = setup()
    const cdn = { ...PIXEL_CDN, consentSettings: { allCategories: ['analytics', 'marketing'], hasUnmappedDestinations: false } }
    const disableOf = async (disable: unknown) => {
      const fake = fakeSegmentAnalytics({ cdn })
      withSegment(fake, consent!, { consentChangedEvent: false, buffer: false }).load({ writeKey: 'KEY' }, disable === undefined ? {} : { disable })
      await flush()
      return (fake.calls.find((c) => c.method === 'load')!.args[1] as { disable: unknown }).disable
    }
    cmp({ analytics: true, marketing: false })
    expect(await disableOf(true)).toBe(true)
    const none = (await disableOf(undefined)) as (s: unknown) => Promise<boolean>
    expect(await none(cdn)).toBe(false)
    expect(await ((await disableOf(() => true)) as (s: unknown) => Promise<boolean>)(cdn)).toBe(true)
    expect(await ((await disableOf(() => 'yes')) as (s: unknown) => Promise<boolean>)(cdn)).toBe(false)
    expect(await ((await disableOf(false)) as (s: unknown) => Promise<boolean>)(cdn)).toBe(false)
    cmp({ analytics: false, marketing: false })
    // Nothing relevant granted and no unmapped destination: analytics-next is switched off.
    const fake = fakeSegmentAnalytics({ cdn })
    withSegment(fake, consent!, { consentChangedEvent: false, buffer: false }).load({ writeKey: 'KEY' })
    await flush()
    const disable = (fake.calls.find((c) => c.method === 'load')!.args[1] as { disable: (s: unknown) => Promise<boolean> }).disable
    expect(await disable(cdn)).toBe(true)
  })
})

describe('withSegment destinations after load', () => {
  it('deregisters a revoked destination’s plugin and registers the same plugin when granted again', async () => {
    const cmp = setup()
    const fake = fakeSegmentAnalytics({ cdn: PIXEL_CDN })
    const registry = withPlugins(fake, ['GA', 'Pixel'])
    withSegment(fake, consent!, { consentChangedEvent: false }).load({ writeKey: 'KEY' })
    cmp({ analytics: true, marketing: true })
    await flush()
    cmp({ analytics: true, marketing: false })
    expect(registry.deregistered).toEqual(['Pixel'])
    // A change that leaves it denied brings nothing back.
    cmp({ analytics: false, marketing: false })
    cmp({ analytics: true, marketing: false })
    expect(registry.registered).toEqual([registry.plugins[0]])
    cmp({ analytics: true, marketing: true })
    expect(registry.registered).toEqual([registry.plugins[0], registry.plugins[1]])
    cmp({ analytics: true, marketing: true })
    expect(registry.registered).toHaveLength(2)
  })

  it('tells onGrantedAfterLoad about a destination filtered out at load once it is granted, only once', async () => {
    const cmp = setup()
    const fake = fakeSegmentAnalytics({ cdn: PIXEL_CDN })
    const granted: string[][] = []
    withSegment(fake, consent!, { consentChangedEvent: false, onGrantedAfterLoad: (names) => void granted.push(names) }).load({ writeKey: 'KEY' })
    cmp({ analytics: true, marketing: false })
    await flush()
    cmp({ analytics: false, marketing: false })
    expect(granted).toEqual([])
    cmp({ analytics: true, marketing: true })
    expect(granted).toEqual([['Pixel']])
    cmp({ analytics: true, marketing: false })
    cmp({ analytics: true, marketing: true })
    expect(granted).toEqual([['Pixel']])
  })

  it('without onGrantedAfterLoad nothing is reported; one that throws is reported by name', async () => {
    for (const onGrantedAfterLoad of [
      undefined,
      () => {
        throw new Error('boom')
      },
    ]) {
      const cmp = setup()
      withSegment(fakeSegmentAnalytics({ cdn: PIXEL_CDN }), consent!, { consentChangedEvent: false, onGrantedAfterLoad }).load({ writeKey: 'KEY' })
      cmp({ analytics: true, marketing: false })
      await flush()
      cmp({ analytics: true, marketing: true })
      expect(errors.map((e) => e.message)).toEqual(onGrantedAfterLoad ? [expect.stringContaining('onGrantedAfterLoad')] : [])
      consent!.destroy()
    }
  })

  it('a destination granted before any load is not reported to onGrantedAfterLoad', () => {
    const cmp = setup()
    const granted: string[][] = []
    const fake = fakeSegmentAnalytics({ cdn: PIXEL_CDN })
    withSegment(fake, consent!, { consentChangedEvent: false, onGrantedAfterLoad: (names) => void granted.push(names) })
    cmp({ analytics: true, marketing: false })
    cmp({ analytics: true, marketing: true })
    expect(granted).toEqual([])
  })

  it('an unload callback that throws is reported by the destination’s name', async () => {
    const cmp = setup()
    const fake = fakeSegmentAnalytics({ cdn: PIXEL_CDN })
    withSegment(fake, consent!, {
      consentChangedEvent: false,
      unload: {
        Pixel: () => {
          throw new Error('boom')
        },
      },
    }).load({ writeKey: 'KEY' })
    cmp({ analytics: true, marketing: true })
    await flush()
    cmp({ analytics: true, marketing: false })
    expect(errors.map((e) => e.message)).toEqual([expect.stringContaining('unload["Pixel"]')])
  })
})

describe('withSegment given a loaded instance with its CDN settings', () => {
  it('unloads the denied destinations at once, from the instance’s own settings', () => {
    setup(cats(['analytics', 'opt-out'], ['marketing', 'opt-in']))
    const fake = fakeSegmentAnalytics()
    const registry = withPlugins(fake, ['Pixel', 'GA'])
    Object.assign(fake, { initialized: true, settings: { cdnSettings: PIXEL_CDN } })
    vi.spyOn(console, 'error').mockImplementation(() => {})
    withSegment(fake, consent!, { consentChangedEvent: false, model: 'opt-out' })
    // The CMP has not answered: the opt-out defaults grant analytics only.
    expect(registry.deregistered).toEqual(['Pixel'])
    expect(errors.map((e) => e.code)).toEqual(['invalid-option'])
  })

  it('an AnalyticsBrowser loaded elsewhere: after its load settles, revocations reach the Analytics it resolved to', async () => {
    // A loaded AnalyticsBrowser has `instance` and is a thenable resolving to [Analytics, Context]
    // (analytics-next 1.x, core/buffer AnalyticsBuffered).
    const cmp = setup()
    const outer = fakeSegmentAnalytics()
    const inner = fakeSegmentAnalytics()
    const outerRegistry = withPlugins(outer, ['Pixel', 'GA'])
    const registry = withPlugins(inner, ['Pixel', 'GA'])
    Object.assign(outer, { instance: inner, settings: undefined, then: (ok: (v: unknown) => unknown) => Promise.resolve([inner, {}]).then(ok) })
    Object.assign(inner, { settings: { cdnSettings: PIXEL_CDN } })
    vi.spyOn(console, 'error').mockImplementation(() => {})
    withSegment(outer, consent!, { consentChangedEvent: false })
    expect(registry.deregistered).toEqual(['Pixel', 'GA'])
    cmp({ analytics: true, marketing: true })
    await flush()
    cmp({ analytics: true, marketing: false })
    expect(registry.deregistered).toEqual(['Pixel', 'GA', 'Pixel'])
    expect(outerRegistry.deregistered).toEqual([])
    expect(outer.calls.filter((c) => c.method === 'load')).toEqual([])
  })

  it('a loaded instance without the plugin API (no deregister, no destination middleware) is handled without errors', async () => {
    const cmp = setup()
    const fake = fakeSegmentAnalytics({ cdn: PIXEL_CDN })
    Object.assign(fake, { queue: { plugins: [{ name: 'Pixel' }] }, addDestinationMiddleware: undefined })
    withSegment(fake, consent!, { consentChangedEvent: false }).load({ writeKey: 'KEY' })
    cmp({ analytics: true, marketing: true })
    await flush()
    cmp({ analytics: true, marketing: false })
    cmp({ analytics: true, marketing: true })
    expect(errors).toEqual([])
  })
})

describe('withSegment option errors name withSegment', () => {
  it('an invalid model and a non-SDK are reported with what withSegment expects', () => {
    setup()
    withSegment(fakeSegmentAnalytics(), consent!, { model: 'optin' as never, consentChangedEvent: false })
    expect(errors.map((e) => [e.code, e.message])).toEqual([['invalid-option', `consentry: withSegment(): "model" must be 'opt-in' or 'opt-out'; read as 'opt-in'`]])
    expect(() => withSegment({ load() {} } as never, consent!)).toThrow('consentry: withSegment() needs an AnalyticsBrowser, the snippet or a loaded instance; this one has no addSourceMiddleware()')
  })
})

describe('withSegment malformed options (every build)', () => {
  // Shapes a site can write by mistake: none is a non-empty list of category ids.
  const MALFORMED: [string, unknown][] = [
    ['a string', 'marketing'],
    ['an empty list', []],
    ['a list with a number', ['marketing', 4]],
    ['null', null],
    ['undefined, as an own value', undefined],
    ['an object', { marketing: true }],
    ['true', true],
  ]
  it.each(MALFORMED)('a mapping value that is %s is reported by name and never allows its destination', async (_, value) => {
    const cmp = setup()
    const fake = fakeSegmentAnalytics({ cdn: PIXEL_CDN })
    const seen: { integrations: object }[] = []
    const mappings = { Pixel: value, GA: ['analytics'] } as never
    withSegment(fake, consent!, { consentChangedEvent: false, integrationCategoryMappings: mappings }).load(
      { writeKey: 'KEY' },
      { updateCDNSettings: (s: { integrations: object }) => (seen.push(s), s) },
    )
    expect(errors.map((e) => [e.code, e.message])).toEqual([
      ['invalid-option', 'consentry: withSegment(): integrationCategoryMappings["Pixel"] must be a non-empty array of category ids; read as granting nothing'],
    ])
    cmp({ analytics: true, marketing: true })
    await flush()
    expect(Object.keys(seen[0]!.integrations)).toEqual(['Segment.io', 'GA'])
    expect((source(fake)() as any).integrations).toEqual({ Pixel: false })
    // The only mapping is malformed: the whole SDK is not switched off for it either.
    const alone = fakeSegmentAnalytics({ cdn: PIXEL_CDN })
    withSegment(alone, consent!, { consentChangedEvent: false, integrationCategoryMappings: { Pixel: value } as never }).load({ writeKey: 'KEY' })
    await flush()
    expect((source(alone)() as any).integrations).toEqual({ Pixel: false })
  })

  it.each([
    ['a string', 'Pixel'],
    ['a list', [['Pixel', 'marketing']]],
    ['null', null],
    ['a number', 1],
  ])('mappings that are %s are reported and allow no destination', async (_, value) => {
    const cmp = setup()
    const fake = fakeSegmentAnalytics({ cdn: PIXEL_CDN })
    withSegment(fake, consent!, { consentChangedEvent: false, integrationCategoryMappings: value as never }).load({ writeKey: 'KEY' })
    expect(errors.map((e) => [e.code, e.message])).toEqual([
      ['invalid-option', 'consentry: withSegment(): integrationCategoryMappings must be an object of destination → category ids; read as granting nothing'],
    ])
    cmp({ analytics: true, marketing: true })
    await flush()
    // Segment itself still gets the event (its settings decide that); no destination does.
    expect((source(fake)() as any).integrations).toEqual({ Pixel: false, GA: false })
  })

  it.each([null, 'opt-out', ['model'], 0, true, () => ({})])('options that are not an object (%s) are reported, throw nothing and hold everything until consent', async (value) => {
    for (const env of ['development', 'production']) {
      vi.stubEnv('NODE_ENV', env)
      try {
        const cmp = setup()
        const fake = fakeSegmentAnalytics({ cdn: PIXEL_CDN })
        const analytics = withSegment(fake, consent!, value as never)
        analytics.load({ writeKey: 'KEY' })
        void analytics.track('early')
        expect(fake.calls).toEqual([])
        expect(errors.map((e) => e.code)).toEqual(['invalid-option'])
        expect(errors[0]!.message).toMatch(/^consentry: withSegment\(\): options must be an object, received \w+/)
        cmp({ analytics: true, marketing: false })
        await flush()
        expect(fake.calls.slice(0, 2).map((c) => [c.method, c.args[0]])).toEqual([
          ['load', { writeKey: 'KEY' }],
          ['track', 'early'],
        ])
        consent!.destroy()
        errors.length = 0
      } finally {
        vi.unstubAllEnvs()
      }
    }
  })
})

describe('withSegment held calls keep their page', () => {
  it('carry the canonical URL, path, query, title and referrer of the page they were made on; in memory (buffer: false) their callbacks too', async () => {
    document.head.append(Object.assign(document.createElement('link'), { rel: 'canonical', href: 'https://www.example.test/canonical' }))
    document.title = 'Held page'
    const page = { __t: 'bpc', c: 'https://www.example.test/canonical', p: '/page', u: 'https://www.example.test/page', s: '', t: 'Held page', r: document.referrer }
    for (const buffer of [false, undefined] as const) {
      const cmp = setup()
      const fake = fakeSegmentAnalytics()
      const analytics = withSegment(fake, consent!, { consentChangedEvent: false, buffer, model: 'opt-in' })
      analytics.load({ writeKey: 'KEY' })
      const done = () => {}
      const alsoDone = () => {}
      void analytics.track('held', { n: 1 }, done)
      void analytics.identify('u1', alsoDone, { plan: 'pro' })
      cmp({ analytics: true })
      await flush()
      const args = (method: string) => fake.calls.find((c) => c.method === method)!.args
      // analytics-next takes the page context off the end first (popPageContext), then reads the callbacks.
      if (buffer === false) {
        expect(args('track')).toEqual(['held', { n: 1 }, done, page])
        expect(args('identify')).toEqual(['u1', alsoDone, { plan: 'pro' }, page])
      } else {
        // sessionStorage: functions do not serialise; they are dropped, never replayed as null.
        expect(args('track')).toEqual(['held', { n: 1 }, page])
        expect(args('identify')).toEqual(['u1', { plan: 'pro' }, page])
      }
      consent!.destroy()
    }
  })
})

describe('withSegment and the instance analytics-next loads', () => {
  it('an AnalyticsBrowser resolves to the loaded Analytics (a separate object): destinations are unloaded there', async () => {
    // AnalyticsBrowser.load() resolves to [Analytics, Context] (analytics-next 1.x, browser/index.ts).
    const cmp = setup()
    const fake = fakeSegmentAnalytics({ cdn: PIXEL_CDN })
    const inner = fakeSegmentAnalytics()
    const registry = withPlugins(inner, ['Pixel', 'GA'])
    fake.load = (...args: unknown[]) => {
      fake.calls.push({ method: 'load', args })
      ;(args[1] as { updateCDNSettings: (s: unknown) => unknown }).updateCDNSettings(PIXEL_CDN)
      return Promise.resolve([inner, {}])
    }
    withSegment(fake, consent!, { consentChangedEvent: false }).load({ writeKey: 'KEY' })
    cmp({ analytics: true, marketing: true })
    await flush()
    cmp({ analytics: true, marketing: false })
    expect(registry.deregistered).toEqual(['Pixel'])
    expect(inner.destinationMiddleware.map((m) => m.integration)).toEqual(['*'])
    expect(fake.destinationMiddleware).toEqual([])
  })

  it('with the snippet buffer, calls go to the snippet until analytics.js replaces window.analytics, then to the loaded instance', async () => {
    // Segment's snippet (docs: connections/sources/catalog/libraries/website/javascript/quickstart):
    // window.analytics is an array whose methods push [method, ...args] onto it; analytics.js later
    // replaces window.analytics with the loaded instance (`initialized === true`).
    type Method = (...args: unknown[]) => unknown
    const snippet = [] as unknown as unknown[][] & { load: Method; track: Method } & Record<string, Method>
    for (const method of ['track', 'page', 'identify', 'group', 'alias', 'screen', 'addSourceMiddleware', 'addDestinationMiddleware', 'load'])
      snippet[method] = (...args: unknown[]) => void snippet.push([method, ...args])
    const cmp = setup()
    const analytics = withSegment(snippet as never, consent!, { consentChangedEvent: false, buffer: false }) as typeof snippet
    analytics.load('KEY')
    void analytics.track('early')
    cmp({ analytics: true, marketing: true })
    await flush()
    expect(snippet.filter((c) => c[0] === 'track').map((c) => c[1])).toEqual(['early'])
    const loaded = Object.assign(fakeSegmentAnalytics(), { initialized: true })
    ;(window as any).analytics = loaded
    try {
      void analytics.track('later')
      expect(loaded.calls.map((c) => [c.method, c.args[0]])).toEqual([['track', 'later']])
      expect(snippet.filter((c) => c[0] === 'track').map((c) => c[1])).toEqual(['early'])
    } finally {
      delete (window as any).analytics
    }
  })
})

describe('withSegment revocations around the load', () => {
  it('a destination revoked while analytics-next is loading gets its queued events dropped once it has loaded', async () => {
    const cmp = setup()
    const fake = fakeSegmentAnalytics({ cdn: PIXEL_CDN })
    withSegment(fake, consent!, { consentChangedEvent: false }).load({ writeKey: 'KEY' })
    cmp({ analytics: true, marketing: true })
    // Still loading: the load promise has not settled yet.
    cmp({ analytics: true, marketing: false })
    expect(fake.destinationMiddleware).toEqual([])
    await flush()
    expect(fake.destinationMiddleware.map((m) => m.integration)).toEqual(['*'])
    const drop = fake.destinationMiddleware[0]!.middleware as (context: { payload: unknown; integration: string; next: (p: unknown) => void }) => void
    const passed: unknown[] = []
    drop({ payload: 'to Pixel', integration: 'Pixel', next: (p) => passed.push(p) })
    drop({ payload: 'to GA', integration: 'GA', next: (p) => passed.push(p) })
    expect(passed).toEqual([null, 'to GA'])
    expect(errors).toEqual([])
  })

  it('a destination revoked while analytics-next is loading is deregistered once loaded, then its hook runs, once', async () => {
    const cmp = setup()
    const fake = fakeSegmentAnalytics({ cdn: PIXEL_CDN })
    const registry = withPlugins(fake, ['Segment.io', 'GA', 'Pixel'])
    const order: string[] = []
    Object.assign(fake, { deregister: (name: string) => void order.push(`plugin:${name}`) })
    withSegment(fake, consent!, { consentChangedEvent: false, unload: { Pixel: () => void order.push('hook:Pixel') } }).load({ writeKey: 'KEY' })
    cmp({ analytics: true, marketing: true })
    cmp({ analytics: true, marketing: false })
    await flush()
    expect(order).toEqual(['plugin:Pixel', 'hook:Pixel'])
    // It was loaded: a grant registers the same plugin again.
    cmp({ analytics: true, marketing: true })
    expect(registry.registered).toEqual([registry.plugins[2]])
  })

  it('opt-out: a destination denied before the load completes is deregistered once loaded; allowed ones and other plugins stay', async () => {
    const cmp = setup(cats(['analytics', 'opt-out'], ['marketing', 'opt-out']))
    const fake = fakeSegmentAnalytics({ cdn: PIXEL_CDN })
    const registry = withPlugins(fake, ['Segment.io', 'Page Enrichment', 'GA', 'Pixel'])
    const hooks: string[] = []
    withSegment(fake, consent!, { consentChangedEvent: false, model: 'opt-out', unload: { Pixel: () => void hooks.push('Pixel') } })
    cmp({ analytics: true, marketing: false })
    fake.load({ writeKey: 'KEY' })
    await flush()
    expect(registry.deregistered).toEqual(['Pixel'])
    expect(hooks).toEqual(['Pixel'])
  })

  it('an instance loaded elsewhere whose CDN settings arrive later: events read them then', () => {
    const cmp = setup()
    const fake = fakeSegmentAnalytics()
    Object.assign(fake, { initialized: true })
    vi.spyOn(console, 'error').mockImplementation(() => {})
    withSegment(fake, consent!, { consentChangedEvent: false })
    cmp({ analytics: true, marketing: false })
    Object.assign(fake, { settings: { cdnSettings: PIXEL_CDN } })
    expect((source(fake)() as any).integrations).toEqual({ Pixel: false })
  })
})
