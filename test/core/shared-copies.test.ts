import { describe, expect, it, vi } from 'vitest'
import { createConsent } from 'consentry'
import { categories, make } from './setup.js'

describe('two copies on one page', () => {
  it('share one manager per cookie name through the page-global registry', () => {
    const { consent } = make()
    const second = createConsent({ categories })
    expect(second).toBe(consent)
    second.set({ advertising: true })
    expect(consent.isGranted('advertising')).toBe(true)
    const other = make({ cookie: { name: 'other-site-section' } }).consent
    expect(other).not.toBe(consent)
  })

  it('warn once when their versions differ', () => {
    const key = Symbol.for('consentry')
    const scope = globalThis as Record<symbol, { version: string; managers: object; warned?: boolean } | undefined>
    const saved = scope[key]
    scope[key] = { version: '0.0.1-other', managers: {} }
    const warn = vi.spyOn(console, 'warn').mockImplementation(() => {})
    try {
      make()
      make({ cookie: { name: 'again' } })
      expect(warn).toHaveBeenCalledTimes(1)
      expect(String(warn.mock.calls[0]?.[0])).toMatch(/two versions on this page \(0\.0\.1-other and \d+\.\d+\.\d+/)
    } finally {
      scope[key] = saved
    }
  })
})
