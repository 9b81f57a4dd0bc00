import { describe, expect, it, vi } from 'vitest'
import { createConsent, type Category, type ConsentError } from 'consentry'
import { make } from './setup.js'

// What two copies of consentry on one page must agree on before they share a category.
describe('two copies configuring the same cookie', () => {
  const page: Category[] = [
    { id: 'necessary', name: 'N', enforcement: 'always' },
    { id: 'ads', name: 'Ads', enforcement: 'opt-in', gpc: true },
  ]

  it('categories both configure with GPC honoured agree; the copy\u2019s own unmapped applies', () => {
    const { consent: first } = make({ categories: page, cookie: false })
    vi.spyOn(console, 'error').mockImplementation(() => {})
    const errors: ConsentError[] = []
    const second = createConsent({ categories: page, destinations: { Pixel: ['ads'] }, cookie: false, onError: (error) => errors.push(error) })
    expect(second).not.toBe(first)
    expect(errors.map((e) => e.code)).toEqual(['invalid-option'])
    first.set({ ads: true })
    expect(second.isGranted('ads')).toBe(true)
    expect([second.allows('Pixel'), second.allows('Unmapped')]).toEqual([true, true])
    second.destroy()
  })

  it('a category honouring GPC in one copy only is configured differently: reported, not shared', () => {
    const { consent: first } = make({ categories: page, cookie: false })
    vi.spyOn(console, 'error').mockImplementation(() => {})
    const errors: ConsentError[] = []
    const second = createConsent({ categories: [page[0] as Category, { id: 'ads', name: 'Ads', enforcement: 'opt-in' }], cookie: false, onError: (error) => errors.push(error) })
    expect(second).not.toBe(first)
    expect(errors.map((e) => e.code)).toEqual(['invalid-option'])
    first.set({ ads: true })
    expect(second.isGranted('ads')).toBe(false)
    second.destroy()
  })

  it('of the same version: no warning about two versions', () => {
    // A fresh page registry (as on a page load), so no earlier copy has warned already.
    const key = Symbol.for('consentry')
    const scope = globalThis as Record<symbol, unknown>
    const saved = scope[key]
    delete scope[key]
    const warn = vi.spyOn(console, 'warn').mockImplementation(() => {})
    try {
      make({ cookie: { name: 'first-section' } })
      make({ cookie: { name: 'second-section' } })
      expect(warn.mock.calls.filter(([message]) => String(message).includes('two versions'))).toEqual([])
    } finally {
      scope[key] = saved
    }
  })
})
