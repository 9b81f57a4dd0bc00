import { describe, expect, it, vi } from 'vitest'
import { defineAdapter } from 'consentry'
import { categories, make, setGpc } from './setup.js'

describe('enforcement models', () => {
  it('with no adapter and nothing stored, each category follows its model at once', async () => {
    const { consent } = make()
    const state = await consent.ready()
    expect(state.status).toBe('default')
    expect(state.source).toBe('default')
    expect(state.categoryPreferences).toEqual({ necessary: true, analytics: true, advertising: false, newsletter: false })
  })

  it('always categories cannot be denied', () => {
    const { consent } = make()
    consent.set({ necessary: false, analytics: false })
    expect(consent.isGranted('necessary')).toBe(true)
    expect(consent.isGranted('analytics')).toBe(false)
  })

  it('opt-in is denied until granted; opt-out granted until denied', () => {
    const { consent } = make()
    expect([consent.isGranted('advertising'), consent.isGranted('analytics')]).toEqual([false, true])
    consent.set({ advertising: true, analytics: false })
    expect([consent.isGranted('advertising'), consent.isGranted('analytics')]).toEqual([true, false])
    expect(consent.get()).toMatchObject({ status: 'decided', source: 'user' })
  })

  it('a topic is granted only while its purpose is granted', () => {
    const { consent } = make()
    consent.set({ newsletter: true })
    expect(consent.isGranted('newsletter')).toBe(false)
    consent.set({ advertising: true, newsletter: true })
    expect(consent.isGranted('newsletter')).toBe(true)
    consent.set({ advertising: false })
    expect(consent.isGranted('newsletter')).toBe(false)
  })

  it('categoryPreferences always holds the full set, including false entries', () => {
    const { consent } = make()
    consent.set({ advertising: true })
    expect(Object.keys(consent.get().categoryPreferences)).toEqual(categories.map((c) => c.id))
  })

  it('unknown ids and non-boolean values in set() are reported and ignored', () => {
    const { consent, errors } = make()
    consent.set({ advertising: 'yes' as unknown as boolean, tracking: true })
    expect(consent.isGranted('advertising')).toBe(false)
    expect(errors.map((e) => e.code)).toEqual(['unknown-category', 'unknown-category'])
  })

  it('a set() whose every entry is rejected records no decision: nothing stored, no CMP told, the defaults stay defaults', () => {
    const written: unknown[] = []
    const quiet = defineAdapter({ name: 'quiet', watch: () => () => {}, write: (preferences) => void written.push(preferences) })
    const { consent, errors } = make({ adapters: [quiet], waitMs: 0 })
    return consent.ready().then((before) => {
      expect(before.status).toBe('default')
      consent.set({ analytcs: true, advertising: 'yes' as unknown as boolean })
      expect(consent.get()).toBe(before)
      expect(document.cookie).not.toContain('consentry=')
      expect(written).toEqual([])
      expect(errors.map((e) => e.code)).toEqual(['cmp-timeout', 'unknown-category', 'unknown-category'])
      // An empty object is the visitor confirming what they see: that is a decision.
      consent.set({})
      expect(consent.get()).toMatchObject({ status: 'decided', source: 'user' })
      expect(written).toHaveLength(1)
    })
  })
})

describe('destinations', () => {
  const destinations = { 'Google Ads': ['advertising', 'analytics'], Mixpanel: ['analytics'] }

  it('a destination is allowed only when all its categories are granted', () => {
    const { consent } = make({ destinations })
    expect(consent.allows('Mixpanel')).toBe(true)
    expect(consent.allows('Google Ads')).toBe(false)
    consent.set({ advertising: true })
    expect(consent.allows('Google Ads')).toBe(true)
    consent.set({ analytics: false })
    expect(consent.allows('Google Ads')).toBe(false)
  })

  it('unmapped destinations are allowed by default (seed behaviour) and denied with unmapped: deny', () => {
    expect(make({ destinations }).consent.allows('Hotjar')).toBe(true)
    const strict = make({ destinations, unmapped: 'deny', cookie: { name: 'strict' } }).consent
    expect(strict.allows('Hotjar')).toBe(false)
  })
})

describe('Global Privacy Control', () => {
  it('denies gpc categories with source gpc, leaving others to their model', async () => {
    setGpc(true)
    const { consent } = make()
    const state = await consent.ready()
    expect(state.categoryPreferences).toEqual({ necessary: true, analytics: false, advertising: false, newsletter: false })
    expect(state.source).toBe('gpc')
  })

  it('a CMP grant of a gpc category is overridden while GPC is on', async () => {
    setGpc(true)
    const { consent } = make({ adapters: [{ name: 'test', watch: (emit) => (emit({ analytics: true, advertising: true }), () => {}) }] })
    expect(consent.get()).toMatchObject({ status: 'decided', source: 'gpc', categoryPreferences: { analytics: false, advertising: false } })
  })

  it('an explicit user grant wins over GPC, and survives a reload', () => {
    setGpc(true)
    const first = make().consent
    first.set({ analytics: true })
    expect(first.get()).toMatchObject({ source: 'user', categoryPreferences: { analytics: true, advertising: false } })
    first.destroy()
    const again = make().consent
    expect(again.get()).toMatchObject({ source: 'storage', categoryPreferences: { analytics: true, advertising: false } })
  })

  it('an explicit grant stays exempt when a CMP decides on the next page', () => {
    setGpc(true)
    const first = make().consent
    first.set({ analytics: true })
    first.destroy()
    const next = make({ adapters: [{ name: 'cmp', watch: (emit) => (emit({ analytics: true, advertising: true }), () => {}) }] }).consent
    expect(next.get()).toMatchObject({ source: 'gpc', categoryPreferences: { analytics: true, advertising: false } })
  })

  it('is ignored when the browser does not send it', () => {
    setGpc(false)
    expect(make().consent.isGranted('analytics')).toBe(true)
  })

  it('is read only where a category can honour it: not without one, always with regions', () => {
    let reads = 0
    Object.defineProperty(navigator, 'globalPrivacyControl', { get: () => (reads++, true), configurable: true })
    const honourNone = [
      { id: 'necessary', name: 'Necessary', enforcement: 'always' },
      { id: 'analytics', name: 'Analytics', enforcement: 'opt-out' },
    ] as const
    // GPC on changes nothing here, read or not: the opt-out category stays granted.
    expect(make({ categories: honourNone, cookie: { name: 'none' } }).consent.get()).toMatchObject({ source: 'default', categoryPreferences: { analytics: true } })
    expect(reads).toBe(0)
    expect(make({ cookie: { name: 'some' } }).consent.get()).toMatchObject({ source: 'gpc', categoryPreferences: { analytics: false } })
    expect(reads).toBe(1)
    // With regions a CMP may place the visitor under a rule that honours GPC: read at start, as before.
    make({ categories: honourNone, cookie: { name: 'regions' }, regions: { '*': { mode: 'opt-out' } } })
    expect(reads).toBe(2)
  })
})

describe('listeners', () => {
  it('run only on a real change, with the new and previous state', () => {
    const { consent } = make()
    const listener = vi.fn()
    consent.subscribe(listener)
    consent.set({ advertising: true })
    consent.set({ advertising: true })
    consent.set({ necessary: false })
    expect(listener).toHaveBeenCalledTimes(1)
    const [state, previous] = listener.mock.calls[0] as [{ status: string }, { status: string }]
    expect([previous.status, state.status]).toEqual(['default', 'decided'])
  })

  it('a throwing listener breaks neither the others nor the caller, and is reported', () => {
    const { consent, errors } = make()
    const after = vi.fn()
    consent.subscribe(() => {
      throw new Error('boom')
    })
    consent.subscribe(after)
    expect(() => consent.set({ advertising: true })).not.toThrow()
    expect(after).toHaveBeenCalledTimes(1)
    expect(errors.map((e) => e.code)).toEqual(['listener-failed'])
  })

  it('unsubscribe stops a listener; after destroy no listener runs and set() changes nothing', () => {
    const { consent } = make()
    const a = vi.fn()
    const b = vi.fn()
    consent.subscribe(a)()
    consent.subscribe(b)
    consent.set({ advertising: true })
    expect(a).not.toHaveBeenCalled()
    expect(b).toHaveBeenCalledTimes(1)
    consent.destroy()
    consent.set({ advertising: false })
    expect(b).toHaveBeenCalledTimes(1)
    expect(consent.isGranted('advertising')).toBe(true)
  })

  it('an onError that throws is contained too', () => {
    const consent = make({
      onError: () => {
        throw new Error('bad handler')
      },
    }).consent
    expect(() => consent.set({ nope: true })).not.toThrow()
  })
})
