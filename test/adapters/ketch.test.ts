import { describe, expect, it, vi } from 'vitest'
import { managerFactory } from './setup.js'
import { ketch } from '../../adapters/ketch/index.js'
import { installKetchSnippet, loadKetch, uninstallKetch } from '../fakes/ketch.js'

const purposes = { necessary: 'essential_services', analytics: 'analytics', ads: ['targeted_advertising', 'behavioral_advertising'] }

const make = managerFactory(() => ({ waitMs: 200, adapters: [ketch({ purposes })] }), uninstallKetch)

describe('ketch adapter', () => {
  it('decides at once from the replayed consent when Ketch loaded first', () => {
    installKetchSnippet()
    loadKetch({ purposes: { essential_services: true, analytics: true, targeted_advertising: true, behavioral_advertising: false } })
    const { consent, errors } = make()
    // ads also needs behavioral_advertising, which Ketch did not grant.
    expect(consent.get()).toMatchObject({ status: 'decided', adapter: 'ketch', categoryPreferences: { analytics: true, ads: false } })
    expect(errors).toEqual([])
  })

  it('queues on the snippet (or creates it) before the tag loads, then decides in the load call', () => {
    const { consent } = make()
    expect(Array.isArray((window as unknown as Record<string, unknown>).semaphore)).toBe(true)
    expect(consent.get().status).toBe('pending')
    loadKetch({ purposes: { essential_services: true, analytics: true, targeted_advertising: false, behavioral_advertising: false } })
    expect(consent.get()).toMatchObject({ status: 'decided', categoryPreferences: { analytics: true } })
  })

  it('follows saves once and unsubscribes on destroy', () => {
    installKetchSnippet()
    const fake = loadKetch()
    const { consent } = make()
    const changes = vi.fn()
    consent.subscribe(changes)
    fake.save({ analytics: true })
    fake.save({ analytics: true })
    expect(changes).toHaveBeenCalledTimes(1)
    expect(consent.get().categoryPreferences.analytics).toBe(true)
    expect(fake.listeners('consent')).toBe(1)
    consent.destroy()
    expect(fake.listeners('consent')).toBe(0)
  })

  it('writes preference-center choices with setConsent as the visitor\u2019s own update, keeping unmapped purposes', () => {
    installKetchSnippet()
    const fake = loadKetch({ purposes: { essential_services: true, analytics: false, targeted_advertising: false, behavioral_advertising: false, email: true } })
    const { consent } = make()
    const updated = vi.fn()
    ;(window as unknown as { ketch: (...args: unknown[]) => void }).ketch('on', 'userConsentUpdated', updated)
    consent.set({ analytics: true, ads: true })
    expect(fake.consent?.purposes).toEqual({ essential_services: true, analytics: true, targeted_advertising: true, behavioral_advertising: true, email: true })
    expect(updated).toHaveBeenCalledTimes(1)
    expect(consent.get()).toMatchObject({ categoryPreferences: { analytics: true, ads: true } })
  })

  it('reports garbage consent once and grants nothing', () => {
    installKetchSnippet()
    const { consent, errors } = make()
    const queued = (window as unknown as { semaphore: ArrayLike<unknown>[] }).semaphore
    const [, , listener] = Array.from(queued[0]!) as [string, string, (value: unknown) => void]
    for (const value of [null, [], 'granted', { purposes: 'all' }, { purposes: null }]) listener(value)
    listener({ purposes: { analytics: 'true', targeted_advertising: 1 } })
    expect(consent.get().categoryPreferences).toEqual({ necessary: true, analytics: false, ads: false })
    const reported = [
      'invalid-reading: consentry: ketch: a consent event carried no purposes object',
      'invalid-reading: consentry: ketch: purposes.analytics is "true", not true or false: denied',
      'invalid-reading: consentry: ketch: purposes.targeted_advertising is 1, not true or false: denied',
    ]
    expect(errors.map((e) => `${e.code}: ${e.message}`)).toEqual(reported)
    // Garbage does not end the watch: Ketch's next well-formed consent decides.
    listener({ purposes: { essential_services: true, analytics: true, targeted_advertising: true, behavioral_advertising: true } })
    expect(consent.get()).toMatchObject({ status: 'decided', categoryPreferences: { analytics: true, ads: true } })
    expect(errors.map((e) => `${e.code}: ${e.message}`)).toEqual(reported)
  })

  it('never throws when ketch() throws', () => {
    ;(window as unknown as Record<string, unknown>).ketch = () => {
      throw new Error('boom')
    }
    const { consent, errors } = make()
    consent.destroy()
    expect(errors.map((e) => e.code)).toEqual(['adapter-failed'])
  })

  it('a first visit\u2019s defaults (opt-in purposes still undefined) are not a decision; the visitor\u2019s save is', () => {
    installKetchSnippet()
    const fake = loadKetch()
    const categories = [
      { id: 'necessary', name: 'N', enforcement: 'opt-out' as const },
      { id: 'analytics', name: 'A', enforcement: 'opt-out' as const },
      { id: 'ads', name: 'Ads', enforcement: 'opt-in' as const },
    ]
    const { consent, errors } = make({ categories })
    expect(consent.get()).toMatchObject({ status: 'default', source: 'cmp', adapter: 'ketch', categoryPreferences: { necessary: true, analytics: false, ads: false } })
    fake.save({ analytics: true })
    expect(consent.get()).toMatchObject({ status: 'decided', source: 'cmp', categoryPreferences: { necessary: true, analytics: true, ads: false } })
    expect(errors).toEqual([])
  })

  it('with no purposes given, maps each category id to the same Ketch purpose code', () => {
    installKetchSnippet()
    loadKetch({ purposes: { essential_services: true, analytics: true, targeted_advertising: false, behavioral_advertising: false } })
    const categories = [
      { id: 'essential_services', name: 'E', enforcement: 'always' as const },
      { id: 'analytics', name: 'A', enforcement: 'opt-in' as const },
      { id: 'targeted_advertising', name: 'T', enforcement: 'opt-in' as const },
    ]
    const { consent, errors } = make({ categories, adapters: [ketch()] })
    expect(consent.get()).toMatchObject({ status: 'decided', categoryPreferences: { analytics: true, targeted_advertising: false } })
    expect(errors).toEqual([])
  })

  it('inherited purposes never grant', () => {
    installKetchSnippet()
    const { consent } = make()
    const [, , listener] = Array.from((window as unknown as { semaphore: ArrayLike<unknown>[] }).semaphore[0]!) as [string, string, (value: unknown) => void]
    listener({ purposes: Object.assign(Object.create({ analytics: true, targeted_advertising: true, behavioral_advertising: true }), { essential_services: true }) })
    expect(consent.get().categoryPreferences).toMatchObject({ analytics: false, ads: false })
  })

  it('production build: malformed purposes are reported once as invalid-option and grant nothing', () => {
    vi.stubEnv('NODE_ENV', 'production')
    try {
      installKetchSnippet()
      loadKetch({ purposes: { analytics: true } })
      const { consent, errors } = make({ adapters: [ketch({ purposes: { analytics: [] } })] })
      expect(consent.get()).toMatchObject({ status: 'default', categoryPreferences: { analytics: false } })
      expect(errors.map((e) => e.code)).toEqual(['invalid-option'])
      expect(errors[0]?.message).toContain('ketch({ purposes })')
    } finally {
      vi.unstubAllEnvs()
    }
  })
})
