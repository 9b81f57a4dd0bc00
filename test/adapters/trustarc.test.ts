import { describe, expect, it, vi } from 'vitest'
import { managerFactory, type ConsentOptions } from './setup.js'
import { trustArc } from '../../adapters/trustarc/index.js'
import { loadTrustArc, uninstallTrustArc, writeTrustArcCookies } from '../fakes/trustarc.js'

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

  it('uses TrustArc’s own default with no decision: only bucket 1 where expressed, every bucket where implied', () => {
    loadTrustArc({ behavior: 'expressed' })
    const a = make()
    expect(a.consent.get().categoryPreferences).toEqual({ required: true, functional: false, advertising: false })
    a.consent.destroy()
    loadTrustArc({ behavior: 'implied', behaviorManager: 'us' })
    const b = make()
    expect(b.consent.get().categoryPreferences).toEqual({ required: true, functional: true, advertising: true })
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

  it('decides nothing for an unprovisioned location (the site defaults apply after the wait)', async () => {
    ;(window as unknown as Record<string, unknown>).truste = { eu: { bindMap: {} }, cma: { callApi: () => ({ source: 'unprovisioned', consentDecision: [] }) } }
    const { consent, errors } = make({ waitMs: 20 })
    expect(consent.get().status).toBe('pending')
    await wait(40)
    expect(consent.get().status).toBe('default')
    expect(errors.map((e) => e.code)).toEqual(['cmp-timeout'])
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
    w.truste = { eu: { bindMap: {} }, cma: { callApi: () => { throw new Error('boom') } } }
    const { consent, errors } = make()
    dispatchEvent(new MessageEvent('message', { data: '{"source":"preference_manager","message":"submit_preferences"}' }))
    await wait()
    w.truste = { eu: { bindMap: {} }, cma: { callApi: () => 'garbage' } }
    dispatchEvent(new MessageEvent('message', { data: '{"source":"preference_manager","message":"submit_preferences"}' }))
    dispatchEvent(new MessageEvent('message', { data: '{"source":"preference_manager","message":"submit_preferences"}' }))
    await wait()
    expect(consent.get()).toMatchObject({ status: 'pending', categoryPreferences: { functional: false, advertising: false } })
    expect(errors.map((e) => e.code)).toEqual(['adapter-failed', 'invalid-reading'])
  })
})
