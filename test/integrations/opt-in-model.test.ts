import { afterEach, describe, expect, it } from 'vitest'
import { createConsent, defineAdapter, type ConsentError, type ConsentManager, type Enforcement } from 'consentry'
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

const loadsBeforeConsent = (options: object, enforcements: readonly Enforcement[] = ['opt-in']) => {
  errors.length = 0
  consent = createConsent({
    categories: enforcements.map((enforcement, i) => ({ id: `c${i}`, name: `C${i}`, enforcement })),
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

describe('integration model option left out or valid (withRudderStack)', () => {
  it('with no model, waits for consent when any category is opt-in', () => {
    expect(loadsBeforeConsent({}, ['opt-out', 'opt-in', 'always'])).toBe(false)
    expect(errors).toEqual([])
  })

  it('with no model, loads at once when no category is opt-in', () => {
    expect(loadsBeforeConsent({}, ['opt-out', 'always'])).toBe(true)
    expect(errors).toEqual([])
  })

  it("an own 'opt-in' waits for consent even when every category is opt-out, with nothing reported", () => {
    expect(loadsBeforeConsent({ model: 'opt-in' }, ['opt-out'])).toBe(false)
    expect(errors).toEqual([])
  })

  it('an invalid model is reported with the integration named, as read as opt-in', () => {
    expect(loadsBeforeConsent({ model: 'optout' }, ['opt-out'])).toBe(false)
    expect(errors.map((e) => [e.code, e.message])).toEqual([['invalid-option', `consentry: withRudderStack(): "model" must be 'opt-in' or 'opt-out'; read as 'opt-in'`]])
  })
})
