import { describe, expect, it, vi } from 'vitest'
import { createConsent } from 'consentry'
import { categories, make } from './setup.js'

describe('receipt ids', () => {
  it('are UUIDs where the platform has crypto.randomUUID', () => {
    const { consent } = make()
    consent.set({ advertising: true })
    expect(consent.get().id).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/)
  })

  it('stay unique per decision without crypto.randomUUID (older browsers, insecure origins)', () => {
    vi.stubGlobal('crypto', {})
    try {
      const { consent } = make()
      const ids = new Set<string>()
      for (let i = 0; i < 20; i++) {
        consent.set({ advertising: i % 2 === 0 })
        ids.add(consent.get().id)
      }
      expect(ids.size).toBe(20)
      for (const id of ids) expect(id).toMatch(/^[0-9a-z]+-[0-9a-z]{8,}$/)
    } finally {
      vi.unstubAllGlobals()
    }
  })
})

describe('development warnings', () => {
  it('a repeated createConsent() with the same configuration returns the page manager and warns once', () => {
    const warn = vi.spyOn(console, 'warn').mockImplementation(() => {})
    const { consent } = make({ cookie: { name: 'warn-once-check' } })
    expect(createConsent({ categories, cookie: { name: 'warn-once-check' } })).toBe(consent)
    expect(createConsent({ categories, cookie: { name: 'warn-once-check' } })).toBe(consent)
    const about = warn.mock.calls.filter(([message]) => String(message).includes('"warn-once-check"'))
    expect(about).toEqual([['[consentry] createConsent() was called again for cookie "warn-once-check": the page\'s existing manager is returned']])
  })

  it('production builds print none', () => {
    vi.stubEnv('NODE_ENV', 'production')
    const warn = vi.spyOn(console, 'warn').mockImplementation(() => {})
    try {
      const { consent } = make({ cookie: { name: 'warn-once-production' } })
      expect(createConsent({ categories, cookie: { name: 'warn-once-production' } })).toBe(consent)
      consent.destroy()
      consent.set({ advertising: true })
      expect(warn).not.toHaveBeenCalled()
    } finally {
      vi.unstubAllEnvs()
    }
  })

  it('set() after destroy() changes nothing and says why once', () => {
    const warn = vi.spyOn(console, 'warn').mockImplementation(() => {})
    const { consent } = make({ cookie: { name: 'set-after-destroy' } })
    consent.destroy()
    consent.set({ advertising: true })
    consent.set({ advertising: true })
    expect(consent.isGranted('advertising')).toBe(false)
    expect(warn.mock.calls.filter(([m]) => String(m).includes('after destroy()'))).toHaveLength(1)
  })
})
