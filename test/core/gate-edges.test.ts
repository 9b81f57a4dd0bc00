import { describe, expect, it, vi } from 'vitest'
import { gate } from 'consentry'
import { make } from './setup.js'

describe('gate() edges', () => {
  it('an empty category list never loads, even with everything granted', () => {
    const { consent } = make()
    const load = vi.fn()
    gate(consent, { name: 'Nothing', categories: [], load })
    consent.set({ analytics: true, advertising: true, newsletter: true })
    expect(load).not.toHaveBeenCalled()
  })

  it('a destination loads at once when already allowed, and a failing unload is reported by name', async () => {
    const { consent, errors } = make({ destinations: { Chat: ['analytics'] } })
    const load = vi.fn()
    gate(consent, { name: 'Chat', load, unload: () => Promise.reject(new Error('gone')) })
    expect(load).toHaveBeenCalledTimes(1)
    consent.set({ analytics: false })
    await Promise.resolve()
    await Promise.resolve()
    expect(errors.map((e) => [e.code, e.message])).toEqual([['callback-failed', 'consentry: unload() of "Chat" failed']])
  })

  it('a destination without unload is simply marked unloaded on revocation, and loads again on the next grant', () => {
    const { consent, errors } = make()
    const load = vi.fn()
    gate(consent, { name: 'Pixel', categories: ['advertising'], load })
    consent.set({ advertising: true })
    consent.set({ advertising: false })
    consent.set({ advertising: true })
    expect(load).toHaveBeenCalledTimes(2)
    expect(errors).toEqual([])
  })

  it('explicit categories: every one must be granted, one is not enough', () => {
    const { consent } = make()
    const load = vi.fn()
    gate(consent, { name: 'Ads', categories: ['analytics', 'advertising'], load })
    expect(consent.isGranted('analytics')).toBe(true)
    expect(load).not.toHaveBeenCalled()
    consent.set({ advertising: true })
    expect(load).toHaveBeenCalledTimes(1)
  })
})
