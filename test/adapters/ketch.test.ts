import { describe, expect, it, vi } from 'vitest'
import { managerFactory } from './setup.js'
import { ketch } from '../../adapters/ketch/index.js'
import { installKetchSnippet, loadKetch, uninstallKetch } from '../fakes/ketch.js'

const purposes = { necessary: 'essential_services', analytics: 'analytics', ads: ['targeted_advertising', 'behavioral_advertising'] }

const make = managerFactory(() => ({ waitMs: 200, adapters: [ketch({ purposes })] }), uninstallKetch)

describe('ketch adapter', () => {
  it('decides at once from the replayed consent when Ketch loaded first', () => {
    installKetchSnippet()
    loadKetch({ purposes: { essential_services: true, analytics: true, targeted_advertising: true } })
    const { consent, errors } = make()
    // ads also needs behavioral_advertising, which Ketch did not grant.
    expect(consent.get()).toMatchObject({ status: 'decided', adapter: 'ketch', categoryPreferences: { analytics: true, ads: false } })
    expect(errors).toEqual([])
  })

  it('queues on the snippet (or creates it) before the tag loads, then decides in the load call', () => {
    const { consent } = make()
    expect(Array.isArray((window as unknown as Record<string, unknown>).semaphore)).toBe(true)
    expect(consent.get().status).toBe('pending')
    loadKetch({ purposes: { essential_services: true, analytics: true } })
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

  it('writes preference-center choices with setConsent, keeping unmapped purposes', () => {
    installKetchSnippet()
    const fake = loadKetch({ purposes: { essential_services: true, analytics: false, targeted_advertising: false, email: true } })
    const { consent } = make()
    consent.set({ analytics: true, ads: true })
    expect(fake.consent?.purposes).toEqual({ essential_services: true, analytics: true, targeted_advertising: true, behavioral_advertising: true, email: true })
    expect(consent.get()).toMatchObject({ categoryPreferences: { analytics: true, ads: true } })
  })

  it('reports garbage consent once and grants nothing', () => {
    installKetchSnippet()
    const { consent, errors } = make()
    const ketchFn = (window as unknown as { ketch: (...args: unknown[]) => void }).ketch
    const queued = (window as unknown as { semaphore: ArrayLike<unknown>[] }).semaphore
    const [, , listener] = Array.from(queued[0]!) as [string, string, (value: unknown) => void]
    for (const value of [null, [], 'granted', { purposes: 'all' }, { purposes: null }]) listener(value)
    listener({ purposes: { analytics: 'true', targeted_advertising: 1 } })
    expect(consent.get().categoryPreferences).toEqual({ necessary: true, analytics: false, ads: false })
    expect(errors.map((e) => e.code)).toEqual(['invalid-reading'])
    expect(typeof ketchFn).toBe('function')
  })

  it('never throws when ketch() throws', () => {
    ;(window as unknown as Record<string, unknown>).ketch = () => {
      throw new Error('boom')
    }
    const { consent, errors } = make()
    consent.destroy()
    expect(errors.map((e) => e.code)).toEqual(['adapter-failed'])
  })
})
