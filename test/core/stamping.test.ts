import { describe, expect, it } from 'vitest'
import { defineAdapter, withConsent, type AdapterReading } from 'consentry'
import { make } from './setup.js'

describe('stamp()', () => {
  it('adds categoryPreferences and a receipt, keeping what context.consent held', () => {
    const { consent } = make({ policyVersion: '2025-06' })
    consent.set({ advertising: true })
    const { id, updatedAt } = consent.get()
    const event = consent.stamp({ type: 'track', context: { page: { path: '/' }, consent: { domains: ['a'] } } })
    expect(event.context).toEqual({
      page: { path: '/' },
      consent: {
        domains: ['a'],
        categoryPreferences: { necessary: true, analytics: true, advertising: true, newsletter: false },
        receipt: { id, policyVersion: '2025-06', source: 'user', status: 'decided', updatedAt: new Date(updatedAt).toISOString() },
      },
    })
  })

  it('reads the state per event, and each event gets its own copy', () => {
    const { consent } = make()
    const before = consent.stamp({})
    consent.set({ analytics: false })
    const after = consent.stamp({ context: 'not an object' })
    expect(before.context.consent.categoryPreferences.analytics).toBe(true)
    expect(after.context.consent.categoryPreferences.analytics).toBe(false)
    after.context.consent.categoryPreferences.analytics = true
    expect(consent.stamp({}).context.consent.categoryPreferences.analytics).toBe(false)
  })
})

/** An analytics.js-shaped recorder: what the host page's analytics receives. */
function recorder() {
  const calls: { method: string; args: unknown[] }[] = []
  const record =
    (method: string) =>
    (...args: unknown[]) => (calls.push({ method, args }), `${method}-result`)
  return {
    calls,
    analytics: { track: record('track'), page: record('page'), identify: record('identify'), group: record('group'), alias: record('alias'), screen: record('screen'), user: () => 'u1' },
  }
}

describe('withConsent()', () => {
  it('stamps options.context.consent of every method, following analytics.js argument order', () => {
    const { consent } = make()
    const { analytics, calls } = recorder()
    const wrapped = withConsent(analytics, consent)
    const callback = () => {}
    wrapped.track('Signed Up', { plan: 'pro' }, { context: { ip: '0.0.0.0' } }, callback)
    wrapped.track('Bare')
    wrapped.page('Docs', 'Intro', { path: '/docs' })
    wrapped.page()
    wrapped.identify('u1')
    wrapped.identify({ email: 'a@example.test' })
    wrapped.group('g1', { plan: 'team' })
    wrapped.alias('new-id', 'old-id')
    wrapped.screen('Home')
    const options = (method: string, index: number) => calls.filter((c) => c.method === method)[index]?.args
    expect(options('track', 0)).toEqual(['Signed Up', { plan: 'pro' }, { context: { ip: '0.0.0.0', consent: expect.any(Object) } }, callback])
    expect(options('track', 1)).toEqual(['Bare', {}, { context: { consent: expect.any(Object) } }])
    expect(options('page', 0)).toEqual(['Docs', 'Intro', { path: '/docs' }, { context: { consent: expect.any(Object) } }])
    expect(options('page', 1)).toEqual([{}, { context: { consent: expect.any(Object) } }])
    expect(options('identify', 0)).toEqual(['u1', {}, { context: { consent: expect.any(Object) } }])
    expect(options('identify', 1)).toEqual([{ email: 'a@example.test' }, { context: { consent: expect.any(Object) } }])
    expect(options('group', 0)?.[2]).toEqual({ context: { consent: expect.any(Object) } })
    expect(options('alias', 0)).toEqual(['new-id', 'old-id', { context: { consent: expect.any(Object) } }])
    expect(options('screen', 0)).toEqual(['Home', {}, { context: { consent: expect.any(Object) } }])
    const stamp = (calls[0]!.args[2] as { context: { consent: { categoryPreferences: object } } }).context.consent
    expect(stamp.categoryPreferences).toEqual({ necessary: true, analytics: true, advertising: false, newsletter: false })
    expect(wrapped.user()).toBe('u1')
  })

  it("never writes into the caller's own context object", () => {
    const { consent } = make()
    const { analytics, calls } = recorder()
    const shared = { context: { page: { path: '/shop' } } }
    withConsent(analytics, consent).track('Viewed', {}, shared)
    expect(shared).toEqual({ context: { page: { path: '/shop' } } })
    expect((calls[0]!.args[2] as { context: object }).context).toMatchObject({ page: { path: '/shop' }, consent: { categoryPreferences: expect.any(Object) } })
  })

  it('holds calls while pending and releases them in order, stamped with the decided state', async () => {
    let emit: (reading: AdapterReading) => void = () => {}
    const { consent } = make({ adapters: [defineAdapter({ name: 'cmp', watch: (next) => ((emit = next), () => {}) })] })
    const { analytics, calls } = recorder()
    const wrapped = withConsent(analytics, consent)
    const results = [wrapped.page(), wrapped.track('First'), wrapped.identify('u1'), wrapped.track('Second')]
    expect(calls).toEqual([])
    emit({ advertising: true })
    await expect(Promise.all(results)).resolves.toEqual(['page-result', 'track-result', 'identify-result', 'track-result'])
    expect(calls.map((c) => `${c.method}:${String(c.args[0] && typeof c.args[0] === 'string' ? c.args[0] : '')}`)).toEqual(['page:', 'track:First', 'identify:u1', 'track:Second'])
    for (const call of calls) {
      const options = call.args.find((a) => typeof a === 'object' && a !== null && 'context' in a) as { context: { consent: { categoryPreferences: { advertising: boolean } } } }
      expect(options.context.consent.categoryPreferences.advertising).toBe(true)
    }
    wrapped.track('Live')
    expect(calls).toHaveLength(5)
  })

  it('held calls are released (fail-closed stamp) rather than lost when the manager is destroyed', async () => {
    const { consent } = make({ adapters: [defineAdapter({ name: 'silent', watch: () => () => {} })] })
    const { analytics, calls } = recorder()
    const pending = withConsent(analytics, consent).track('Held')
    consent.destroy()
    await expect(pending).resolves.toBe('track-result')
    const options = calls[0]?.args[2] as { context: { consent: { receipt: { status: string } } } }
    expect(options.context.consent.receipt.status).toBe('pending')
  })

  it('a held call that throws rejects its own promise only', async () => {
    let emit: (reading: AdapterReading) => void = () => {}
    const { consent } = make({ adapters: [defineAdapter({ name: 'cmp', watch: (next) => ((emit = next), () => {}) })] })
    const { analytics, calls } = recorder()
    const wrapped = withConsent(
      {
        ...analytics,
        track: (..._args: unknown[]) => {
          throw new Error('offline')
        },
      },
      consent,
    )
    const failing = wrapped.track('x')
    const fine = wrapped.page()
    emit({})
    await expect(failing).rejects.toThrow('offline')
    await expect(fine).resolves.toBe('page-result')
    expect(calls).toHaveLength(1)
  })
})
