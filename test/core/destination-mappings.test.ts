import { afterEach, describe, expect, it, vi } from 'vitest'
import { make } from './setup.js'

afterEach(() => vi.unstubAllEnvs())

// In production an invalid destination mapping is reported and kept as "no categories", which
// must deny the destination for good: it is named, so it is not unmapped either.
describe('a rejected destination mapping (production build)', () => {
  it.each<[string, unknown]>([
    ['an empty list', []],
    ['a bare string', 'analytics'],
    ['an unknown category', ['analytics', 'tracking']],
  ])('%s never allows the destination, whatever is granted', (_label, mapping) => {
    vi.stubEnv('NODE_ENV', 'production')
    const { consent, errors } = make({ destinations: { Pixel: mapping as string[], Mixpanel: ['analytics'] } })
    consent.set({ analytics: true, advertising: true, newsletter: true })
    expect(consent.allows('Pixel')).toBe(false)
    expect(consent.allows('Mixpanel')).toBe(true)
    expect(consent.allows('Unnamed')).toBe(true) // unmapped: 'allow' still applies to the others
    expect(errors.map((e) => e.code)).toEqual(['invalid-option'])
  })
})
