import { afterEach, describe, expect, it, vi } from 'vitest'
import type { ConsentAdapter } from 'consentry'
import { createConsent, type ConsentError } from './setup.js'
import { gpp } from '../../adapters/gpp/index.js'
import { tcf } from '../../adapters/tcf/index.js'
import { trustArc } from '../../adapters/trustarc/index.js'

// The adapters' number and boolean options (timeoutMs: how long to look for the CMP; TrustArc's
// cookie fallback) are checked in every build like their maps. A timeoutMs that is not a whole
// number of ms from 0 to 2^31 - 1 used to stop the search for the CMP at once, in silence (NaN,
// '5000', -1) or never end it: the visitor's choice in the CMP was then never read, and an opt-out
// category kept its default grant. Now: invalid-option (thrown in development), and in production
// a report plus an adapter that grants nothing, not even an opt-out category after waitMs.
const adapters: [string, (extra: object) => ConsentAdapter][] = [
  ['tcf', (extra) => tcf({ purposes: { analytics: [1] }, ...extra })],
  ['gpp', (extra) => gpp({ optOuts: { analytics: 'SaleOptOut' }, ...extra })],
  ['trustArc', (extra) => trustArc({ buckets: { analytics: 2 }, ...extra })],
]
const badTimeouts: unknown[] = ['5000', Number.NaN, -1, 1.5, 2 ** 31, Number.POSITIVE_INFINITY, null, true, {}]
const cases = [
  ...adapters.flatMap(([name, make]) => badTimeouts.map((value) => [`${name} timeoutMs ${String(value)}`, () => make({ timeoutMs: value }), 'timeoutMs'] as const)),
  ...[0, 'false', null].map((value) => [`trustArc cookie ${String(value)}`, () => trustArc({ buckets: { analytics: 2 }, cookie: value as never }), 'cookie'] as const),
]
const categories = [{ id: 'analytics', name: 'Analytics', enforcement: 'opt-out' as const }]
afterEach(() => vi.unstubAllEnvs())

describe("adapters' number and boolean options", () => {
  it.each(cases)('%s: invalid-option naming it, never a grant', async (_, make, option) => {
    expect(make).toThrowError(expect.objectContaining({ code: 'invalid-option', message: expect.stringContaining(`{ ${option} })`) }))
    vi.stubEnv('NODE_ENV', 'production')
    const errors: ConsentError[] = []
    const consent = createConsent({ categories, cookie: false, waitMs: 20, onError: (e) => errors.push(e), adapters: [make()] })
    try {
      await new Promise((resolve) => setTimeout(resolve, 40))
      expect(consent.get()).toMatchObject({ status: 'default', categoryPreferences: { analytics: false } })
      expect(errors.map((e) => [e.code, e.message.includes(`{ ${option} })`)])).toEqual([['invalid-option', true]])
    } finally {
      consent.destroy()
    }
  })

  it('an inherited timeoutMs or cookie is not an option: the default applies, nothing is reported', () => {
    const withProto = <T extends object>(own: T) => Object.assign(Object.create({ timeoutMs: 'x', cookie: 'no' }), own) as T
    expect(() => tcf(withProto({ purposes: { analytics: [1] } }))).not.toThrow()
    expect(() => gpp(withProto({ optOuts: { analytics: 'SaleOptOut' } }))).not.toThrow()
    expect(() => trustArc(withProto({ buckets: { analytics: 2 } }))).not.toThrow()
    for (const [, make] of adapters) for (const timeoutMs of [0, 2 ** 31 - 1]) expect(() => make({ timeoutMs })).not.toThrow()
  })
})
