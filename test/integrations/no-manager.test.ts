import { pathToFileURL } from 'node:url'
import { afterEach, describe, expect, it, vi } from 'vitest'
import { isConsentError } from 'consentry'
import { fakeRudderAnalytics } from '../fakes/rudder-analytics.js'
import { fakeSegmentAnalytics } from '../fakes/segment-analytics.js'

// The built integrations, as a site imports them (typed from their sources). Handed something
// other than the manager, they used to throw a TypeError from inside in every build. Leaving the
// SDK unwrapped instead would let it load and send without consent. Now: in development a
// ConsentError naming the integration; in production that error on the console, and the SDK's
// load() and calls do nothing, so it never loads or sends.
const dist = (entry: string) => import(pathToFileURL(`${process.cwd()}/dist/${entry}.js`).href)
const { withSegment } = (await dist('segment')) as typeof import('../../src/segment/index.js')
const { withRudderStack } = (await dist('rudderstack')) as typeof import('../../src/rudderstack/index.js')

const notManagers: [string, unknown][] = [
  ['undefined', undefined],
  ['null', null],
  ['an empty object', {}],
  ['an object without isGranted', { get: () => ({}), subscribe: () => () => {}, report() {}, categories: [] }],
]
const integrations = [
  ['withSegment', () => fakeSegmentAnalytics(), (sdk: never, m: never) => withSegment(sdk, m), ['WRITE_KEY']],
  ['withRudderStack', () => fakeRudderAnalytics(), (sdk: never, m: never) => withRudderStack(sdk, m), ['WRITE_KEY', 'https://dataplane.example.test']],
] as const

afterEach(() => {
  vi.unstubAllEnvs()
  vi.restoreAllMocks()
})

describe('an integration without a manager', () => {
  for (const [fn, make, wrap, loadArgs] of integrations)
    for (const [what, value] of notManagers) {
      it(`${fn}() with ${what} throws a ConsentError naming ${fn} in development`, () => {
        let thrown: unknown
        try {
          wrap(make() as never, value as never)
        } catch (error) {
          thrown = error
        }
        expect(isConsentError(thrown), String(thrown)).toBe(true)
        expect((thrown as Error).message).toContain(`${fn}()`)
      })
      it(`${fn}() with ${what} prints that error in production, and the SDK never loads or sends`, async () => {
        vi.stubEnv('NODE_ENV', 'production')
        const printed = vi.spyOn(console, 'error').mockImplementation(() => {})
        const sdk = make()
        let wrapped!: ReturnType<typeof make>
        expect(() => (wrapped = wrap(sdk as never, value as never))).not.toThrow()
        expect(wrapped).toBe(sdk)
        expect(printed).toHaveBeenCalledOnce()
        expect(isConsentError(printed.mock.calls[0]![0])).toBe(true)
        expect(String(printed.mock.calls[0]![0])).toContain(`${fn}()`)
        await wrapped.load(...loadArgs)
        for (const method of ['track', 'page', 'identify', 'group', 'alias'] as const)
          await expect(Promise.resolve((wrapped[method] as (...a: unknown[]) => unknown)('Signed Up'))).resolves.toBeUndefined()
        expect(sdk.calls).toEqual([])
      })
    }

  it('withSegment() in production also drops every event of an instance loaded elsewhere: its source middleware never calls next()', () => {
    vi.stubEnv('NODE_ENV', 'production')
    vi.spyOn(console, 'error').mockImplementation(() => {})
    const sdk = fakeSegmentAnalytics()
    withSegment(sdk, undefined as never)
    expect(sdk.sourceMiddleware).toHaveLength(1)
    const next = vi.fn()
    ;(sdk.sourceMiddleware[0] as (ctx: unknown) => void)({ payload: { obj: { type: 'track', event: 'Signed Up' } }, next })
    expect(next).not.toHaveBeenCalled()
  })

  it("withRudderStack() in production on RudderStack's v3 snippet: its queued calls are dropped, and the SDK that replaces the global stays inert", () => {
    vi.stubEnv('NODE_ENV', 'production')
    vi.spyOn(console, 'error').mockImplementation(() => {})
    // The v3 loading snippet (rudderlabs/rudder-sdk-js packages/loading-scripts/src/index.ts): stubs
    // push [method, ...args] while the global is the array, and call the global's method once the
    // SDK (whose constructor sets globalThis.rudderanalytics = this) has replaced it.
    const w = window as unknown as { rudderanalytics?: any }
    const buffer: any = (w.rudderanalytics = [])
    for (const method of ['load', 'ready', 'page', 'track', 'identify', 'alias', 'group'])
      buffer[method] = (...args: unknown[]) => (Array.isArray(w.rudderanalytics) ? buffer.push([method, ...args]) : w.rudderanalytics[method](...args))
    try {
      buffer.load('WRITE_KEY', 'https://dataplane.example.test')
      buffer.track('Queued')
      withRudderStack(buffer, undefined as never)
      expect([...buffer]).toEqual([])
      const sdk = fakeRudderAnalytics()
      w.rudderanalytics = sdk
      w.rudderanalytics.load('WRITE_KEY', 'https://dataplane.example.test')
      w.rudderanalytics.track('Signed Up')
      buffer.track('Through the array')
      expect(sdk.calls).toEqual([])
    } finally {
      delete w.rudderanalytics
    }
  })
})
