import { describe, expect, it } from 'vitest'
import { createConsent } from 'consentry'
import { mountPreferenceCenter } from '../../src/widget/index.js'

describe('preference center on the server', () => {
  it('does nothing and throws nothing without a DOM', () => {
    const consent = createConsent({ categories: [{ id: 'analytics', name: 'Analytics', enforcement: 'opt-in' }] })
    const center = mountPreferenceCenter(consent)
    expect(() => {
      center.open()
      center.close()
      center.destroy()
    }).not.toThrow()
    expect(consent.get().status).toBe('pending')
    consent.destroy()
  })
})
