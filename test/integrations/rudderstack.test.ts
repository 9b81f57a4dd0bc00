import { afterEach, describe, expect, it, vi } from 'vitest'
import { createConsent, defineAdapter, type ConsentError, type ConsentManager } from 'consentry'
import { withRudderStack, type RudderStackOptions } from '../../src/rudderstack/index.js'
import { fakeRudderAnalytics } from '../fakes/rudder-analytics.js'

let consent: ConsentManager | undefined
afterEach(() => {
  consent?.destroy()
  sessionStorage.clear()
})

const errors: ConsentError[] = []
const setup = (extra: { destinations?: Record<string, string[]>; unmapped?: 'allow' | 'deny'; waitMs?: number } = {}) => {
  let emit!: (reading: Record<string, boolean>) => void
  errors.length = 0
  consent = createConsent({
    categories: [
      { id: 'analytics', name: 'Analytics', enforcement: 'opt-in' },
      { id: 'marketing', name: 'Marketing', enforcement: 'opt-in' },
    ],
    adapters: [defineAdapter({ name: 'cmp', watch: (e) => ((emit = e), () => {}) })],
    waitMs: 60_000,
    cookie: false,
    onError: (error) => void errors.push(error),
    ...extra,
  })
  return (reading: Record<string, boolean>) => emit(reading)
}
const flush = () => new Promise((resolve) => setTimeout(resolve, 0))
const tracks = (fake: ReturnType<typeof fakeRudderAnalytics>) =>
  fake.calls
    .filter((c) => c.method === 'track')
    .map((c) => ({ event: c.args[0], options: c.args[2] as { integrations?: Record<string, unknown>; context: { consent: { categoryPreferences: Record<string, boolean> } } } }))
const loaded = (fake: ReturnType<typeof fakeRudderAnalytics>, options: RudderStackOptions = {}) => {
  const rudder = withRudderStack(fake, consent!, options)
  rudder.load('KEY', 'https://dataplane.example', { integrations: { All: true, Amplitude: false } })
  return rudder
}

describe('withRudderStack (opt-in)', () => {
  it('neither loads nor sends before consent, then loads with the custom provider and replays stamped calls once ready', async () => {
    const cmp = setup()
    const fake = fakeRudderAnalytics()
    const rudder = withRudderStack(fake, consent!)
    rudder.load('KEY', 'https://dataplane.example')
    rudder.track('early', { n: 1 })
    expect(fake.calls).toEqual([])
    expect(JSON.parse(sessionStorage.getItem('consentry:rudderstack')!)).toHaveLength(1)
    cmp({ analytics: true })
    await flush()
    expect(fake.calls).toEqual([
      {
        method: 'load',
        args: ['KEY', 'https://dataplane.example', { integrations: {}, consentManagement: { enabled: true, provider: 'custom', allowedConsentIds: ['analytics'], deniedConsentIds: ['marketing'] } }],
      },
    ])
    fake.becomeReady()
    const track = fake.calls.find((c) => c.method === 'track')!
    expect(track.args.slice(0, 2)).toEqual(['early', { n: 1 }])
    expect((track.args[2] as any).context.consent.categoryPreferences).toEqual({ analytics: true, marketing: false })
  })

  it('keeps holding through the fail-closed defaults of a CMP that has not answered, and loads on its answer', async () => {
    const cmp = setup({ waitMs: 20 })
    const fake = fakeRudderAnalytics()
    const rudder = withRudderStack(fake, consent!)
    rudder.load('KEY', 'https://dataplane.example')
    rudder.track('early')
    await new Promise((resolve) => setTimeout(resolve, 60))
    expect(consent!.get().status).toBe('default')
    rudder.track('after the wait')
    expect(fake.calls).toEqual([])
    cmp({ analytics: true })
    await flush()
    fake.becomeReady()
    expect(fake.calls.map((c) => c.method)).toEqual(['load', 'track', 'track'])
    expect(fake.calls.filter((c) => c.method === 'track').map((c) => c.args[0])).toEqual(['early', 'after the wait'])
  })

  it('with buffer: false holds calls in memory, callbacks included; stored calls lose theirs', async () => {
    const cmp = setup()
    const fake = fakeRudderAnalytics()
    const rudder = withRudderStack(fake, consent!, { buffer: false })
    rudder.load('KEY', 'https://dataplane.example')
    const done = () => {}
    rudder.track('early', { n: 1 }, done)
    expect(sessionStorage.length).toBe(0)
    cmp({ analytics: true })
    await flush()
    fake.becomeReady()
    expect(fake.calls.find((c) => c.method === 'track')!.args.at(-1)).toBe(done)
  })

  it('drives consent() on every real change only', async () => {
    const cmp = setup()
    const fake = fakeRudderAnalytics()
    withRudderStack(fake, consent!).load('KEY', 'https://dataplane.example')
    cmp({ analytics: true })
    cmp({ analytics: true })
    cmp({ analytics: false, marketing: true })
    await flush()
    expect(fake.calls.filter((c) => c.method === 'consent').map((c) => c.args[0])).toEqual([{ consentManagement: { allowedConsentIds: ['marketing'], deniedConsentIds: ['analytics'] } }])
  })
})

describe('withRudderStack (opt-out)', () => {
  it('loads at once while the CMP is pending with the enforcement defaults, not the closed pending state', async () => {
    let emit!: (reading: Record<string, boolean>) => void
    consent = createConsent({
      categories: [
        { id: 'necessary', name: 'Necessary', enforcement: 'always' },
        { id: 'analytics', name: 'Analytics', enforcement: 'opt-out' },
        { id: 'marketing', name: 'Marketing', enforcement: 'opt-in' },
      ],
      adapters: [defineAdapter({ name: 'cmp', watch: (e) => ((emit = e), () => {}) })],
      waitMs: 60_000,
      cookie: false,
    })
    const fake = fakeRudderAnalytics()
    const granted: string[][] = []
    let unloaded = 0
    const options = {
      model: 'opt-out',
      destinations: { Hotjar: ['analytics'], Pixel: ['marketing'] },
      unload: { Hotjar: () => void unloaded++ },
      onGrantedAfterLoad: (names: string[]) => void granted.push(names),
    } as const
    withRudderStack(fake, consent, options).load('KEY', 'https://dataplane.example')
    expect(consent.get().status).toBe('pending')
    expect(fake.calls[0]!.args[2]).toEqual({
      integrations: { Pixel: false },
      consentManagement: { enabled: true, provider: 'custom', allowedConsentIds: ['necessary', 'analytics'], deniedConsentIds: ['marketing'] },
    })
    // The CMP answers with the defaults: Hotjar was loaded, so nothing is reported or unloaded.
    emit({ analytics: true })
    await flush()
    expect(granted).toEqual([])
    expect(unloaded).toBe(0)
    emit({ analytics: false })
    expect(unloaded).toBe(1)
  })
})

describe('withRudderStack device-mode destinations', () => {
  it('leaves denied destinations out of load() and turns them off per call, keeping the caller’s integrations', async () => {
    const cmp = setup()
    const fake = fakeRudderAnalytics()
    const rudder = loaded(fake, { destinations: { Hotjar: ['analytics'], 'Facebook Pixel': ['marketing'] } })
    cmp({ analytics: true })
    await flush()
    expect((fake.calls[0]!.args[2] as any).integrations).toEqual({ All: true, Amplitude: false, 'Facebook Pixel': false })
    fake.becomeReady()
    rudder.track('one', {}, { integrations: { Mixpanel: false, 'Facebook Pixel': true } })
    rudder.page('Docs', 'Intro')
    rudder.identify('u1', { plan: 'pro' })
    expect(tracks(fake)[0]!.options.integrations).toEqual({ Mixpanel: false, 'Facebook Pixel': false })
    for (const method of ['page', 'identify']) {
      const call = fake.calls.find((c) => c.method === method)!
      const options = call.args.find((a: any) => a?.context?.consent) as any
      expect(options.integrations).toEqual({ 'Facebook Pixel': false })
    }
  })

  it('on revoke: later calls skip the destination, its unload hook runs once; a re-grant resumes it', async () => {
    const cmp = setup()
    const fake = fakeRudderAnalytics()
    let unloaded = 0
    const granted: string[][] = []
    const rudder = loaded(fake, {
      destinations: { Hotjar: ['analytics'] },
      unload: { Hotjar: () => void unloaded++ },
      onGrantedAfterLoad: (names) => void granted.push(names),
    })
    cmp({ analytics: true })
    fake.becomeReady()
    await flush()
    rudder.track('before')
    cmp({ analytics: false })
    cmp({ analytics: false })
    rudder.track('after')
    expect(unloaded).toBe(1)
    cmp({ analytics: true })
    rudder.track('again')
    expect(tracks(fake).map((t) => [t.event, t.options.integrations])).toEqual([
      ['before', {}],
      ['after', { Hotjar: false }],
      ['again', {}],
    ])
    expect(unloaded).toBe(1)
    expect(granted).toEqual([]) // it was loaded on this page: resuming needs no reload
    expect(fake.calls.filter((c) => c.method === 'consent')).toHaveLength(2)
  })

  it('purges calls made before RudderStack is ready from a destination revoked meanwhile', async () => {
    const cmp = setup()
    const fake = fakeRudderAnalytics()
    const rudder = loaded(fake, { destinations: { Hotjar: ['analytics'] } })
    cmp({ analytics: true })
    rudder.track('queued')
    expect(tracks(fake)).toEqual([])
    cmp({ analytics: false })
    fake.becomeReady()
    await flush()
    expect(tracks(fake).map((t) => [t.event, t.options.integrations])).toEqual([['queued', { Hotjar: false }]])
    expect(tracks(fake)[0]!.options.context.consent.categoryPreferences).toEqual({ analytics: false, marketing: false })
  })

  it('reports destinations granted after load (RudderStack loads device mode once) and a throwing hook without throwing', async () => {
    const cmp = setup()
    const fake = fakeRudderAnalytics()
    const granted: string[][] = []
    const rudder = loaded(fake, {
      destinations: { Hotjar: ['analytics'], 'Facebook Pixel': ['marketing'] },
      unload: {
        Hotjar: () => {
          throw new Error('boom')
        },
      },
      onGrantedAfterLoad: (names) => void granted.push(names),
    })
    cmp({ analytics: true })
    fake.becomeReady()
    await flush()
    expect(() => cmp({ analytics: false, marketing: true })).not.toThrow()
    expect(granted).toEqual([['Facebook Pixel']])
    expect(errors.map((e) => [e.code, e.message])).toEqual([['callback-failed', 'consentry: unload["Hotjar"] threw']])
    rudder.track('x')
    expect(tracks(fake)[0]!.options.integrations).toEqual({ Hotjar: false })
  })

  it('takes categories from the manager’s destinations for names only given an unload hook', async () => {
    const cmp = setup({ destinations: { Hotjar: ['marketing'] }, unmapped: 'deny' })
    const fake = fakeRudderAnalytics()
    let unloaded = 0
    const rudder = loaded(fake, { unload: { Hotjar: () => void unloaded++, Unknown: () => {} } })
    cmp({ analytics: true, marketing: true })
    fake.becomeReady()
    await flush()
    rudder.track('a')
    cmp({ analytics: true, marketing: false })
    rudder.track('b')
    expect(tracks(fake).map((t) => t.options.integrations)).toEqual([{ Unknown: false }, { Hotjar: false, Unknown: false }])
    expect(unloaded).toBe(1)
  })
})

describe('withRudderStack options (production build)', () => {
  it('a malformed destination mapping never allows its destination, and is reported instead of thrown', async () => {
    vi.stubEnv('NODE_ENV', 'production')
    try {
      const cmp = setup()
      const fake = fakeRudderAnalytics()
      // Empty: needing nothing would allow everything. A string: not a list of ids.
      const rudder = loaded(fake, { destinations: { Hotjar: [], 'Facebook Pixel': 'marketing' as never } })
      cmp({ analytics: true, marketing: true })
      await flush()
      fake.becomeReady()
      rudder.track('one')
      expect(tracks(fake)[0]!.options.integrations).toEqual({ Hotjar: false, 'Facebook Pixel': false })
      expect(errors.map((e) => e.code)).toContain('invalid-option')
    } finally {
      vi.unstubAllEnvs()
    }
  })
})

describe('withRudderStack malformed options (production build)', () => {
  it('reports every malformed destinations value, each by name, and allows none of them', async () => {
    vi.stubEnv('NODE_ENV', 'production')
    try {
      const cmp = setup()
      const fake = fakeRudderAnalytics()
      const destinations = { A: 'analytics', B: [], C: ['analytics', 4], D: null, E: undefined, F: ['nope'], GA: ['analytics'] } as never
      const rudder = loaded(fake, { destinations, unload: { A: 'no' as never } })
      expect(errors.map((e) => [e.code, e.message.replace('consentry: withRudderStack(): ', '')])).toEqual([
        ...['A', 'B', 'C', 'D', 'E'].map((name) => ['invalid-option', `destinations["${name}"] must be a non-empty array of category ids`]),
        ['invalid-option', 'destinations["F"] names the unknown category "nope"'],
        ['invalid-option', 'unload["A"] must be a function'],
      ])
      cmp({ analytics: true, marketing: true })
      await flush()
      fake.becomeReady()
      rudder.track('one')
      expect(tracks(fake)[0]!.options.integrations).toEqual({ A: false, B: false, C: false, D: false, E: false, F: false })
    } finally {
      vi.unstubAllEnvs()
    }
  })

  it.each([
    ['a string', 'Hotjar'],
    ['a list', ['Hotjar']],
    ['null', null],
  ])('destinations that are %s are reported and turn every destination off', async (_, destinations) => {
    vi.stubEnv('NODE_ENV', 'production')
    try {
      const cmp = setup()
      const fake = fakeRudderAnalytics()
      const rudder = withRudderStack(fake, consent!, { destinations: destinations as never })
      rudder.load('KEY', 'https://dataplane.example')
      expect(errors.map((e) => [e.code, e.message])).toEqual([['invalid-option', 'consentry: withRudderStack(): destinations must be an object of destination → category ids']])
      cmp({ analytics: true, marketing: true })
      await flush()
      fake.becomeReady()
      rudder.track('one')
      expect((fake.calls[0]!.args[2] as any).integrations).toEqual({ All: false })
      expect(tracks(fake)[0]!.options.integrations).toEqual({ All: false })
    } finally {
      vi.unstubAllEnvs()
    }
  })

  it.each([null, 'opt-out', ['model'], 0, true, () => ({})])('options that are not an object (%s) are reported, throw nothing and hold everything until consent, in every build', async (value) => {
    for (const env of ['development', 'production']) {
      vi.stubEnv('NODE_ENV', env)
      try {
        const cmp = setup()
        const fake = fakeRudderAnalytics()
        const rudder = withRudderStack(fake, consent!, value as never)
        rudder.load('KEY', 'https://dataplane.example')
        rudder.track('early')
        expect(fake.calls).toEqual([])
        expect(errors.map((e) => e.code)).toEqual(['invalid-option'])
        expect(errors[0]!.message).toMatch(/^consentry: withRudderStack\(\): options must be an object, received \w+/)
        cmp({ analytics: true })
        await flush()
        fake.becomeReady()
        expect(fake.calls.map((c) => [c.method, c.args[0]])).toEqual([
          ['load', 'KEY'],
          ['track', 'early'],
        ])
        consent!.destroy()
      } finally {
        vi.unstubAllEnvs()
      }
    }
  })
})

describe('withRudderStack options (development build)', () => {
  it('rejects a missing instance and malformed destination options with invalid-option', () => {
    setup()
    const fake = fakeRudderAnalytics()
    const bad: [unknown, RudderStackOptions, RegExp][] = [
      [{}, {}, /needs a RudderAnalytics instance/],
      [fake, { destinations: { Hotjar: 'analytics' as never } }, /destinations\["Hotjar"\] must be a non-empty array/],
      // An empty list would need nothing, so it would allow everything.
      [fake, { destinations: { Hotjar: [] } }, /destinations\["Hotjar"\] must be a non-empty array/],
      [fake, { destinations: { Hotjar: ['ads'] } }, /unknown category "ads"/],
      [fake, { unload: { Hotjar: 'no' as never } }, /unload\["Hotjar"\] must be a function/],
      [fake, { onGrantedAfterLoad: true as never }, /onGrantedAfterLoad must be a function/],
    ]
    for (const [instance, options, message] of bad) {
      expect(() => withRudderStack(instance as never, consent!, options)).toThrow(expect.objectContaining({ code: 'invalid-option', message: expect.stringMatching(message) }))
    }
    expect(fake.calls).toEqual([])
  })
})

describe("withRudderStack on RudderStack's v3 snippet (window.rudderanalytics replaced by the SDK)", () => {
  // The v3 loading snippet (rudderlabs/rudder-sdk-js packages/loading-scripts/src/index.ts): an array
  // of stubs that push [method, ...args] while the global is that array and call the global's method
  // once the SDK has replaced it; the SDK's constructor sets `globalThis.rudderanalytics = this`.
  const snippet = () => {
    const w = window as any
    const buffer: any = (w.rudderanalytics = [])
    for (const method of ['load', 'ready', 'page', 'track', 'identify', 'alias', 'group', 'consent'])
      buffer[method] = (...args: unknown[]) => (Array.isArray(w.rudderanalytics) ? buffer.push([method, ...args]) : w.rudderanalytics[method]?.(...args))
    return buffer
  }
  afterEach(() => {
    delete (window as any).rudderanalytics
  })
  const global = () => (window as any).rudderanalytics

  it("the snippet's own load line ran before withRudderStack: its queued load is taken back, waits for consent, and is reported", async () => {
    const cmp = setup()
    const buffer = snippet()
    const printed = vi.spyOn(console, 'error').mockImplementation(() => {})
    buffer.load('KEY', 'https://dataplane.example', { logLevel: 'WARN' })
    withRudderStack(buffer, consent!, { destinations: { Hotjar: ['marketing'] } })
    expect(buffer.filter((call: unknown[]) => call[0] === 'load')).toEqual([])
    expect(errors.map((e) => e.code)).toEqual(['invalid-option'])
    expect(errors[0]!.message).toMatch(/withRudderStack\(\) got the snippet after its own load\(\) line/)
    expect(printed).toHaveBeenCalledTimes(1)
    cmp({ analytics: true, marketing: false })
    await flush()
    expect(buffer.filter((call: unknown[]) => call[0] === 'load')).toEqual([
      [
        'load',
        'KEY',
        'https://dataplane.example',
        expect.objectContaining({ logLevel: 'WARN', integrations: { Hotjar: false }, consentManagement: expect.objectContaining({ enabled: true, provider: 'custom' }) }),
      ],
    ])
    printed.mockRestore()
  })

  it('an SDK instance whose load() already ran (RudderStack keeps it in analyticsInstances) is reported at once', () => {
    setup()
    const printed = vi.spyOn(console, 'error').mockImplementation(() => {})
    withRudderStack(Object.assign(fakeRudderAnalytics(), { analyticsInstances: { KEY: {} } }), consent!)
    expect(errors.map((e) => e.code)).toEqual(['invalid-option'])
    expect(errors[0]!.message).toMatch(/load\(\) already ran/)
    expect(printed).toHaveBeenCalledTimes(1)
    withRudderStack(Object.assign(fakeRudderAnalytics(), { analyticsInstances: {} }), consent!)
    expect(errors).toHaveLength(1)
    printed.mockRestore()
  })

  for (const when of ['after', 'before']) {
    it(`the SDK's instance arriving ${when} withRudderStack: calls through the global wait for consent, are stamped, and are switched off for a revoked destination`, async () => {
      const cmp = setup()
      const buffer = snippet()
      const sdk = fakeRudderAnalytics()
      if (when === 'before') (window as any).rudderanalytics = sdk
      withRudderStack(buffer, consent!, { destinations: { Hotjar: ['marketing'] } }).load('KEY', 'https://dataplane.example')
      if (when === 'after') (window as any).rudderanalytics = sdk
      expect(global()).toBe(sdk)
      global().track('early')
      expect(sdk.calls).toEqual([])
      cmp({ analytics: true, marketing: true })
      await flush()
      expect(sdk.calls.map((c) => c.method)).toEqual(['load'])
      sdk.becomeReady()
      global().track('granted')
      void consent!.set({ marketing: false })
      global().track('revoked')
      expect(tracks(sdk).map((t) => [t.event, t.options.context.consent.categoryPreferences.marketing, t.options.integrations?.Hotjar])).toEqual([
        ['early', true, undefined],
        ['granted', true, undefined],
        ['revoked', false, false],
      ])
      expect(errors).toEqual([])
    })
  }
})
