import { afterEach, describe, expect, it, vi } from 'vitest'
import { createConsent } from 'consentry'

// A runtime with a `window` but no DOM (Deno 1.x defines `window` as its global object; some
// server frameworks polyfill it): no page, no cookie, so the manager is the server one.
afterEach(() => {
  vi.unstubAllGlobals()
  vi.unstubAllEnvs()
  vi.restoreAllMocks()
})

describe('a window without a document', () => {
  it('gets the server manager: pending, grants nothing, set() ignored, nothing thrown', async () => {
    vi.stubGlobal('window', globalThis)
    vi.stubEnv('NODE_ENV', 'development')
    const warn = vi.spyOn(console, 'warn').mockImplementation(() => {})
    expect(typeof (globalThis as { document?: unknown }).document).toBe('undefined')
    const consent = createConsent({
      categories: [
        { id: 'necessary', name: 'Necessary', enforcement: 'always' },
        { id: 'analytics', name: 'Analytics', enforcement: 'opt-out' },
      ],
      adapters: [
        {
          name: 'never',
          watch: () => {
            throw new Error('must not start without a page')
          },
        },
      ],
    })
    await expect(consent.ready()).resolves.toMatchObject({ status: 'pending' })
    consent.set({ analytics: true })
    consent.set({ analytics: true })
    expect(warn.mock.calls).toEqual([['[consentry] set() is ignored on the server']])
    expect(consent.get()).toMatchObject({ status: 'pending', categoryPreferences: { necessary: false, analytics: false } })
    consent.destroy()
  })
})
