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
    expect(errors.map((e) => e.code)).toEqual(['adapter-failed', 'invalid-reading'])
  })
})
