import { describe, expect, it, vi } from 'vitest'
import { managerFactory, type ConsentOptions } from './setup.js'
import { trustArc } from '../../adapters/trustarc/index.js'
import { loadTrustArc, uninstallTrustArc, writeTrustArcCookies, type FakeTrustArc } from '../fakes/trustarc.js'

const categories: ConsentOptions['categories'] = [
  { id: 'required', name: 'Required', enforcement: 'always' },
  { id: 'functional', name: 'Functional', enforcement: 'opt-in' },
  { id: 'advertising', name: 'Advertising', enforcement: 'opt-in' },
]
const buckets = { required: 1, functional: 2, advertising: 3 }
const wait = (ms = 0) => new Promise((resolve) => setTimeout(resolve, ms))

const make = managerFactory(() => ({ categories, waitMs: 500, adapters: [trustArc({ buckets })] }), uninstallTrustArc)

describe('trustArc adapter', () => {
  it('maps the asserted buckets of getGDPRConsentDecision', () => {
    loadTrustArc({ levels: [0, 1] })
    const { consent, errors } = make()
    expect(consent.get()).toMatchObject({ status: 'decided', source: 'cmp', adapter: 'trustarc', categoryPreferences: { required: true, functional: true, advertising: false } })
    expect(errors).toEqual([])
  })

  it.each([
    ['expressed', 'eu', [true, false, false]],
    // TrustArc's standard EU banner: implied behaviour under the EU manager is still opt-in.
    ['implied', 'eu', [true, false, false]],
    ['implied', 'an', [true, false, false]],
    ['implied', 'EU', [true, false, false]],
    ['implied', undefined, [true, false, false]],
    ['implied', 'us', [true, true, true]],
    ['implied', 'na', [true, true, true]],
    ['expressed', 'us', [true, false, false]],
  ])('before a choice, %s behaviour under manager %s is TrustArc\u2019s default, not a decision', (behavior, behaviorManager, [required, functional, advertising]) => {
    loadTrustArc({ behavior, behaviorManager: behaviorManager as string })
    const optOut = categories.map((c) => ({ ...c, enforcement: c.enforcement === 'always' ? ('always' as const) : ('opt-out' as const) }))
    const { consent, errors } = make({ categories: optOut })
    expect(consent.get()).toMatchObject({ status: 'default', source: 'cmp', adapter: 'trustarc', categoryPreferences: { required, functional, advertising } })
    expect(errors).toEqual([])
  })

  it('an opt-in category stays denied before a choice even where TrustArc\u2019s default grants every bucket', () => {
    loadTrustArc({ behavior: 'implied', behaviorManager: 'us' })
    const { consent } = make()
    expect(consent.get()).toMatchObject({ status: 'default', categoryPreferences: { functional: false, advertising: false } })
  })

  it('follows the preference manager’s submit_preferences message within one macrotask, also with a bare string value', async () => {
    const fake = loadTrustArc({ levels: [0] })
    const { consent } = make()
    const changes = vi.fn()
    consent.subscribe(changes)
    fake.submit([0, 1, 2])
    await wait()
    expect(consent.get().categoryPreferences).toEqual({ required: true, functional: true, advertising: true })
    fake.submit([0, 1], { bareString: true })
    await wait()
    expect(consent.get().categoryPreferences.advertising).toBe(false)
    fake.submit([0, 1])
    await wait()
    expect(changes).toHaveBeenCalledTimes(2)
  })

  it('reads the cookie while the API is missing, then polls until TrustArc arrives', async () => {
    writeTrustArcCookies([0, 2], '|')
    const { consent } = make()
    expect(consent.get()).toMatchObject({ status: 'decided', categoryPreferences: { functional: false, advertising: true } })
    await wait(150)
    const fake = loadTrustArc({ levels: [0, 1] })
    await wait(150)
    expect(fake.calls).toBe(1)
    expect(consent.get().categoryPreferences).toEqual({ required: true, functional: true, advertising: false })
  })

  it('stops polling when the API never arrives; the core reports the timeout once', async () => {
    const { consent, errors } = make({ waitMs: 30, adapters: [trustArc({ buckets, timeoutMs: 100 })] })
    await wait(160)
    loadTrustArc({ levels: [0, 1, 2] })
    await wait(150)
    expect(consent.get()).toMatchObject({ status: 'default', categoryPreferences: { functional: false } })
    expect(errors.map((e) => e.code)).toEqual(['cmp-timeout'])
  })

  it('treats a partial truste object (no cma, or no bindMap yet) as not loaded', async () => {
    const w = window as unknown as Record<string, unknown>
    w.truste = { eu: { version: 'v1.7-8834' }, util: {} }
    const { consent, errors } = make()
    await wait(150)
    expect(consent.get().status).toBe('pending')
    w.truste = { eu: {}, cma: { callApi: () => ({ source: 'asserted', consentDecision: [1, 2] }) } }
    await wait(150)
    expect(consent.get().status).toBe('pending')
    loadTrustArc({ levels: [0, 1] })
    await wait(150)
    expect(consent.get()).toMatchObject({ status: 'decided', categoryPreferences: { functional: true } })
    expect(errors).toEqual([])
  })

  it('an unprovisioned location counts as opt-in (TrustArc\u2019s wrapper): required only, no timeout grant', async () => {
    ;(window as unknown as Record<string, unknown>).truste = {
      eu: { bindMap: { behavior: 'implied', behaviorManager: 'us', categoryCount: 3 } },
      cma: { callApi: () => ({ source: 'unprovisioned', consentDecision: [] }) },
    }
    const optOut = categories.map((c) => ({ ...c, enforcement: c.enforcement === 'always' ? ('always' as const) : ('opt-out' as const) }))
    const { consent, errors } = make({ categories: optOut, waitMs: 20 })
    await wait(40)
    expect(consent.get()).toMatchObject({ status: 'default', source: 'cmp', categoryPreferences: { required: true, functional: false, advertising: false } })
    expect(errors).toEqual([])
  })

  it('ignores unrelated and malformed messages', async () => {
    loadTrustArc({ levels: [0] })
    const { consent, errors } = make()
    for (const data of ['not json', '{"message":"submit_preferences"}', null, 42, { source: 'preference_manager' }]) dispatchEvent(new MessageEvent('message', { data }))
    await wait()
    expect(consent.get().categoryPreferences.functional).toBe(false)
    expect(errors).toEqual([])
  })

  it('never throws when callApi throws or returns garbage; reports each kind once', async () => {
    const w = window as unknown as Record<string, unknown>
    w.truste = {
      eu: { bindMap: {} },
      cma: {
        callApi: () => {
          throw new Error('boom')
        },
      },
    }
    const { consent, errors } = make()
    dispatchEvent(new MessageEvent('message', { data: '{"source":"preference_manager","message":"submit_preferences"}' }))
    await wait()
    w.truste = { eu: { bindMap: {} }, cma: { callApi: () => 'garbage' } }
    dispatchEvent(new MessageEvent('message', { data: '{"source":"preference_manager","message":"submit_preferences"}' }))
    dispatchEvent(new MessageEvent('message', { data: '{"source":"preference_manager","message":"submit_preferences"}' }))
    await wait()
    expect(consent.get()).toMatchObject({ status: 'default', categoryPreferences: { functional: false, advertising: false } })
    expect(errors.map((e) => e.code)).toEqual(['adapter-failed', 'invalid-reading'])
  })

  it.each([
    ['arrives as cookie_data', (fake: FakeTrustArc) => fake.retrieve([0, 1])],
    // The frame's answer can come after polling would have stopped: up to TrustArc's 4.5 s timeout.
    [
      'is only in the cookie when the adapter next looks',
      () => (writeTrustArcCookies([0, 1]), void ((window as unknown as { truste: { eu: { bindMap: { feat: { isConsentRetrieved: boolean } } } } }).truste.eu.bindMap.feat.isConsentRetrieved = true)),
    ],
  ])('reads late cross-domain consent that %s', async (_, deliver) => {
    const fake = loadTrustArc({ behavior: 'implied', behaviorManager: 'us', crossDomain: true })
    const { consent } = make()
    expect(consent.get()).toMatchObject({ status: 'default', categoryPreferences: { functional: false } })
    await wait(250)
    deliver(fake)
    await wait(150)
    expect(consent.get()).toMatchObject({ status: 'decided', source: 'cmp', categoryPreferences: { required: true, functional: true, advertising: false } })
  })

  it('stops looking once TrustArc says the cross-domain answer is in, even without a choice', async () => {
    const fake = loadTrustArc({ crossDomain: true })
    const { consent } = make()
    fake.retrieve(undefined)
    await wait(150)
    const calls = fake.calls
    await wait(250)
    expect(fake.calls).toBe(calls)
    expect(consent.get().status).toBe('default')
  })

  it('with no buckets given, maps ta-<n> category ids (TrustArc\u2019s Segment wrapper ids) and reports the rest', () => {
    loadTrustArc({ levels: [0, 2] })
    const taCategories = [
      { id: 'ta-1', name: 'Required', enforcement: 'always' as const },
      { id: 'ta-2', name: 'Functional', enforcement: 'opt-in' as const },
      { id: 'ta-3', name: 'Advertising', enforcement: 'opt-in' as const },
      { id: 'analytics', name: 'Analytics', enforcement: 'opt-out' as const },
    ]
    const { consent, errors } = make({ categories: taCategories, adapters: [trustArc()] })
    expect(consent.get()).toMatchObject({ status: 'decided', categoryPreferences: { 'ta-1': true, 'ta-2': false, 'ta-3': true, analytics: false } })
    expect(errors.map((e) => [e.code, e.message.includes('analytics')])).toEqual([['invalid-option', true]])
  })

  it('production build: malformed buckets are reported once as invalid-option and grant nothing', () => {
    vi.stubEnv('NODE_ENV', 'production')
    try {
      loadTrustArc({ levels: [0, 1, 2] })
      const { consent, errors } = make({ adapters: [trustArc({ buckets: { functional: '2' } } as never)] })
      expect(consent.get()).toMatchObject({ status: 'default', categoryPreferences: { functional: false, advertising: false } })
      expect(errors.map((e) => e.code)).toEqual(['invalid-option'])
      expect(errors[0]?.message).toContain('trustArc({ buckets })')
    } finally {
      vi.unstubAllEnvs()
    }
  })

  it('TrustArc has no write-back: a denial made through consentry is stored and keeps winning on the next page', () => {
    const cookie = { name: 'ta_test_consent' }
    loadTrustArc({ levels: [0, 1, 2] })
    const first = make({ cookie })
    expect(first.consent.get().categoryPreferences).toMatchObject({ functional: true, advertising: true })
    first.consent.set({ functional: false })
    first.consent.destroy()
    // Next page: TrustArc still grants every bucket.
    const next = make({ cookie })
    expect(next.consent.get()).toMatchObject({ status: 'decided', categoryPreferences: { functional: false, advertising: true } })
    next.consent.destroy()
    document.cookie = 'ta_test_consent=; expires=Thu, 01 Jan 1970 00:00:00 GMT; path=/'
  })
})
