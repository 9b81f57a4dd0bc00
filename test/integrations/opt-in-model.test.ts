import { afterEach, describe, expect, it } from 'vitest'
import { createConsent, defineAdapter, type ConsentError, type ConsentManager } from 'consentry'
import { withRudderStack, type RudderStackOptions } from '../../src/rudderstack/index.js'
import { fakeRudderAnalytics } from '../fakes/rudder-analytics.js'

// The integrations' `model` option decides whether the SDK may load before a decision. Only an own
// 'opt-out' may let it: anything else would be a leak, so it counts as opt-in and is reported.
let consent: ConsentManager | undefined
const errors: ConsentError[] = []
afterEach(() => {
  consent?.destroy()
  sessionStorage.clear()
  delete (Object.prototype as { model?: unknown }).model
})

const loadsBeforeConsent = (options: object) => {
  errors.length = 0
  consent = createConsent({
    categories: [{ id: 'analytics', name: 'Analytics', enforcement: 'opt-in' }],
    adapters: [defineAdapter({ name: 'cmp', watch: () => () => {} })],
    waitMs: 60_000,
    cookie: false,
    onError: (error) => void errors.push(error),
  })
  const fake = fakeRudderAnalytics()
  withRudderStack(fake, consent, options as RudderStackOptions).load('KEY', 'https://dataplane.example')
  return fake.calls.some((c) => c.method === 'load')
}

describe('integration model option (withRudderStack)', () => {
  it.each([
    ['a misspelled model', { model: 'opt-outt' }],
    ['a model in another case', { model: 'OPT-OUT' }],
    ['a model that is not a string', { model: 0 }],
    [
      'a throwing getter',
      Object.defineProperty({}, 'model', {
        get: () => {
          throw new Error('no')
        },
        enumerable: true,
      }),
    ],
  ])('%s: the SDK waits for consent, and the option is reported', (_, options) => {
    expect(loadsBeforeConsent(options)).toBe(false)
    expect(errors.map((e) => e.code)).toContain('invalid-option')
  })

  it('an inherited opt-out (polluted Object.prototype) does not load the SDK before consent', () => {
    ;(Object.prototype as { model?: unknown }).model = 'opt-out'
    expect(loadsBeforeConsent({})).toBe(false)
  })

  it("an own 'opt-out' still loads at once, with nothing reported", () => {
    expect(loadsBeforeConsent({ model: 'opt-out' })).toBe(true)
    expect(errors).toEqual([])
  })
})
