import { describe, expect, it, vi } from 'vitest'
import { customAdapter, managerFactory } from './setup.js'

// An in-house banner as a site would have it: a global with the choice and a DOM event.
interface Banner {
  loaded: boolean
  choice?: Record<string, boolean>
  save(choice: Record<string, boolean>): void
}
function installBanner(): Banner {
  const banner: Banner = {
    loaded: false,
    save(choice) {
      banner.choice = choice
      dispatchEvent(new CustomEvent('banner:saved'))
    },
  }
  ;(window as unknown as { banner?: Banner }).banner = banner
  return banner
}
const bannerAdapter = () =>
  customAdapter({
    name: 'in-house',
    ready: () => (window as unknown as { banner?: Banner }).banner?.loaded === true,
    read: () => (window as unknown as { banner?: Banner }).banner?.choice,
    subscribe(changed) {
      addEventListener('banner:saved', changed)
      return () => removeEventListener('banner:saved', changed)
    },
    write: (preferences) => (window as unknown as { banner?: Banner }).banner?.save({ ...preferences }),
  })

const make = managerFactory(
  () => ({ waitMs: 300, adapters: [bannerAdapter()] }),
  () => delete (window as unknown as { banner?: Banner }).banner,
)

describe('customAdapter', () => {
  it('reads a choice made before createConsent, only once the banner is ready', () => {
    const banner = installBanner()
    banner.choice = { analytics: true, ads: false, unknown: true }
    const { consent } = make()
    expect(consent.get().status).toBe('pending')
    banner.loaded = true
    banner.save({ analytics: true, ads: false })
    expect(consent.get()).toMatchObject({ status: 'decided', source: 'cmp', adapter: 'in-house', categoryPreferences: { necessary: true, analytics: true, ads: false } })
  })

  it('follows changes once, writes back, and unsubscribes on destroy', () => {
    const banner = installBanner()
    banner.loaded = true
    banner.choice = { analytics: false }
    const { consent } = make()
    const changes = vi.fn()
    consent.subscribe(changes)
    banner.save({ analytics: true })
    banner.save({ analytics: true })
    expect(changes).toHaveBeenCalledTimes(1)
    consent.set({ ads: true })
    expect(banner.choice).toEqual({ necessary: true, analytics: true, ads: true })
    expect(changes).toHaveBeenCalledTimes(2)
    consent.destroy()
    banner.save({ analytics: false })
    expect(consent.get().categoryPreferences.analytics).toBe(true)
  })

  it('grants only exact true values and reports throws and garbage once each', () => {
    let value: unknown = { analytics: 'true', ads: 1 }
    const listeners: (() => void)[] = []
    const adapter = customAdapter({
      read: () => {
        if (value === 'throw') throw new Error('boom')
        return value as Record<string, unknown>
      },
      subscribe: (changed) => void listeners.push(changed),
    })
    const { consent, errors } = make({ adapters: [adapter] })
    expect(consent.get()).toMatchObject({ status: 'decided', adapter: 'custom', categoryPreferences: { analytics: false, ads: false } })
    for (value of ['throw', 'throw', [], 'yes', 42]) listeners[0]!()
    expect(consent.get().categoryPreferences).toEqual({ necessary: true, analytics: false, ads: false })
    expect(errors.map((e) => e.message)).toEqual([
      'consentry: adapter "custom" sent "analytics": "true", which is not true or false: it grants nothing',
      'consentry: adapter "custom" sent "ads": 1, which is not true or false: it grants nothing',
      'consentry: custom: the CMP threw',
      'consentry: custom: read() returned something other than an object',
    ])
  })

  it('reports misspelled ids and values other than true or false in read(), once each, and denies them', () => {
    const listeners: (() => void)[] = []
    const adapter = customAdapter({ read: () => ({ analytic: true, ads: 'true', necessary: true }), subscribe: (changed) => void listeners.push(changed) })
    const { consent, errors } = make({ adapters: [adapter] })
    listeners[0]!()
    expect(consent.get()).toMatchObject({ status: 'decided', categoryPreferences: { necessary: true, analytics: false, ads: false } })
    expect(errors.map((e) => `${e.code}: ${e.message}`)).toEqual([
      'invalid-reading: consentry: adapter "custom" sent "analytic", which is not a configured category: it grants nothing',
      'invalid-reading: consentry: adapter "custom" sent "ads": "true", which is not true or false: it grants nothing',
    ])
  })

  // Every malformed options object: each must be an invalid-option ConsentError in development
  // (never a TypeError), and in production a report plus an adapter that grants nothing, not even
  // an opt-out category after waitMs (no fallback to the enforcement defaults).
  const read = () => ({ analytics: true })
  const subscribe = () => {}
  const malformed: [string, unknown][] = [
    ['undefined', undefined],
    ['null', null],
    ['a string', 'custom'],
    ['{}', {}],
    ['read not a function', { read: { analytics: true }, subscribe }],
    ['subscribe not a function', { read, subscribe: 'nope' }],
    ['read and subscribe only inherited', Object.create({ read, subscribe })],
    ['ready not a function', { read, subscribe, ready: true }],
    ['write not a function', { read, subscribe, write: 'save' }],
  ]
  it.each(malformed)('malformed options (%s): invalid-option, never a throw in production, nothing granted', async (_, options) => {
    expect(() => customAdapter(options as never)).toThrowError(expect.objectContaining({ code: 'invalid-option', message: expect.stringContaining('customAdapter({') }))
    vi.stubEnv('NODE_ENV', 'production')
    try {
      const adapter = customAdapter(options as never)
      const categories = [{ id: 'analytics', name: 'Analytics', enforcement: 'opt-out' as const }]
      const { consent, errors } = make({ categories, waitMs: 20, adapters: [adapter] })
      await new Promise((resolve) => setTimeout(resolve, 40))
      expect(consent.get()).toMatchObject({ status: 'default', categoryPreferences: { analytics: false } })
      expect(errors.map((e) => e.code)).toEqual(['invalid-option'])
    } finally {
      vi.unstubAllEnvs()
    }
  })
})
