import { describe, expect, it } from 'vitest'

describe('server-side rendering (Node, no DOM)', () => {
  it('imports without touching browser globals and creates a manager that stays pending and grants nothing', async () => {
    expect(typeof (globalThis as { window?: unknown }).window).toBe('undefined')
    const { createConsent, withConsent, gate } = await import('consentry')
    const consent = createConsent({
      categories: [
        { id: 'necessary', name: 'Necessary', enforcement: 'always' },
        { id: 'analytics', name: 'Analytics', enforcement: 'opt-out' },
      ],
      destinations: { GA: ['analytics'] },
      adapters: [
        {
          name: 'never',
          watch: () => {
            throw new Error('must not start on the server')
          },
        },
      ],
    })
    await expect(consent.ready()).resolves.toMatchObject({ status: 'pending' })
    consent.set({ analytics: true })
    expect(consent.get()).toMatchObject({ status: 'pending', categoryPreferences: { necessary: false, analytics: false } })
    expect([consent.isGranted('necessary'), consent.allows('GA'), consent.allows('Unmapped')]).toEqual([false, false, false])
    const calls: unknown[][] = []
    void withConsent({ track: (...args: unknown[]) => calls.push(args) }, consent).track('SSR')
    let loaded = false
    gate(consent, { name: 'GA', load: () => void (loaded = true) })
    expect(loaded).toBe(false)
    consent.destroy()
  })

  it('gateScripts() and gateElements() called on the server gate nothing and throw nothing, from the source and the built files', async () => {
    const { createRequire } = await import('node:module')
    type Entry = typeof import('consentry')
    const entries: Entry[] = [await import('consentry'), createRequire(import.meta.url)('../../dist/index.cjs') as Entry, (await import(new URL('../../dist/index.js', import.meta.url).href)) as Entry]
    for (const { createConsent, gateScripts, gateElements } of entries) {
      const errors: unknown[] = []
      const consent = createConsent({ categories: [{ id: 'analytics', name: 'Analytics', enforcement: 'opt-out' }], cookie: { name: 'ssr-gates' }, onError: (e) => errors.push(e) })
      const stops = [gateScripts(consent), gateElements(consent), gateElements(consent, { scripts: false })]
      expect(stops.map((stop) => typeof stop)).toEqual(['function', 'function', 'function'])
      for (const stop of stops) expect(stop()).toBeUndefined()
      expect(errors).toEqual([])
      consent.destroy()
    }
  })

  it('the built CJS and ESM files import under Node too', async () => {
    const { createRequire } = await import('node:module')
    const cjs = createRequire(import.meta.url)('../../dist/index.cjs') as { createConsent: unknown }
    const esm = (await import(new URL('../../dist/index.js', import.meta.url).href)) as { createConsent: unknown }
    expect(typeof cjs.createConsent).toBe('function')
    expect(typeof esm.createConsent).toBe('function')
  })
})
