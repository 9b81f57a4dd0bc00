import { pathToFileURL } from 'node:url'
import { describe, expect, it } from 'vitest'
import { createConsent, defineAdapter } from 'consentry'
import { fakeRudderAnalytics } from '../fakes/rudder-analytics.js'
import { fakeSegmentAnalytics } from '../fakes/segment-analytics.js'

// The built integrations, as a site imports them (typed from their sources).
const dist = (entry: string) => import(pathToFileURL(`${process.cwd()}/dist/${entry}.js`).href)
const { withSegment } = (await dist('segment')) as typeof import('../../src/segment/index.js')
const { withRudderStack } = (await dist('rudderstack')) as typeof import('../../src/rudderstack/index.js')
const integrations = [
  ['withSegment', () => fakeSegmentAnalytics(), (sdk: never, m: never) => withSegment(sdk, m)],
  ['withRudderStack', () => fakeRudderAnalytics(), (sdk: never, m: never) => withRudderStack(sdk, m)],
] as const

describe('an integration called twice on the same SDK with the same manager', () => {
  // Set-up code run twice (a second script, a re-run init) wrapped again: every consent change was
  // tracked twice ("Segment Consent Preference Updated" sent twice), in silence.
  for (const [fn, make, wrap] of integrations)
    it(`${fn}(): reported, and the second wrapping ignored`, async () => {
      let emit!: (reading: Record<string, boolean>) => void
      const errors: string[] = []
      const consent = createConsent({
        categories: [{ id: 'analytics', name: 'Analytics', enforcement: 'opt-in' }],
        adapters: [defineAdapter({ name: 'cmp', watch: (e) => ((emit = e), () => {}) })],
        cookie: false,
        onError: (error) => errors.push(error.message),
      })
      try {
        const sdk = make() as ReturnType<typeof make> & { becomeReady?: () => void }
        const wrapped = wrap(sdk as never, consent as never) as unknown as Record<'load' | 'track', (...args: unknown[]) => unknown>
        expect(wrap(sdk as never, consent as never)).toBe(wrapped)
        expect(errors).toEqual([expect.stringContaining(`${fn}() was called again on the same SDK with the same manager`)])
        await wrapped.load('WRITE_KEY', 'https://dataplane.example.test')
        await wrapped.track('Once')
        emit({ analytics: true })
        await new Promise((resolve) => setTimeout(resolve, 20))
        sdk.becomeReady?.()
        expect(sdk.calls.filter((c) => c.method === 'track').map((c) => c.args[0])).toEqual(fn === 'withSegment' ? ['Once', 'Segment Consent Preference Updated'] : ['Once'])
        expect(sdk.calls.filter((c) => c.method === 'load')).toHaveLength(1)
      } finally {
        consent.destroy()
      }
    })
})
