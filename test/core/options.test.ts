import { describe, expect, it } from 'vitest'
import { createConsent, isConsentError, type ConsentOptions } from 'consentry'

const ok = [{ id: 'analytics', name: 'Analytics', enforcement: 'opt-in' }] as const

function errorOf(options: unknown): Error {
  try {
    createConsent(options as ConsentOptions).destroy()
  } catch (error) {
    return error as Error
  }
  throw new Error('expected createConsent to throw')
}

describe('option errors name the option, the value and the rule', () => {
  it.each([
    ['no options', undefined, /"options" must be an object; received undefined/],
    ['empty categories', { categories: [] }, /"categories" must be a non-empty array; received \[\]/],
    ['id starting with a digit', { categories: [{ ...ok[0], id: '1st' }] }, /"categories\[0\]\.id" must be a string that does not start with a digit; received "1st"/],
    ['id of 35 characters', { categories: [{ ...ok[0], id: 'a'.repeat(35) }] }, /"categories\[0\]\.id" must have fewer than 35 characters/],
    ['id with a space', { categories: [{ ...ok[0], id: 'ad tech' }] }, /"categories\[0\]\.id" may use only letters/],
    ['duplicate id', { categories: [ok[0], { ...ok[0], name: 'Again' }] }, /"categories\[1\]\.id" must be unique \(ids are case-sensitive\); received "analytics"/],
    ['missing name', { categories: [{ id: 'a', enforcement: 'opt-in' }] }, /"categories\[0\]\.name" must be a non-empty string; received undefined/],
    ['unknown enforcement', { categories: [{ ...ok[0], enforcement: 'restrictive' }] }, /"categories\[0\]\.enforcement" must be one of opt-in, opt-out, always; received "restrictive"/],
    ['gpc not boolean', { categories: [{ ...ok[0], gpc: 'yes' }] }, /"categories\[0\]\.gpc" must be a boolean/],
    ['parent unknown', { categories: [{ ...ok[0], parent: 'nope' }] }, /"categories\[0\]\.parent" must name another configured category; received "nope"/],
    [
      'topic under a topic',
      { categories: [ok[0], { id: 't1', name: 'T1', enforcement: 'opt-in', parent: 'analytics' }, { id: 't2', name: 'T2', enforcement: 'opt-in', parent: 't1' }] },
      /"categories\[2\]\.parent" must name a purpose, not a topic/,
    ],
    ['destination with unknown category', { categories: ok, destinations: { GA: ['ads'] } }, /"destinations\.GA" must list configured category ids only; received "ads"/],
    ['destination with no category', { categories: ok, destinations: { GA: [] } }, /"destinations\.GA" must be a non-empty array/],
    ['unmapped', { categories: ok, unmapped: 'block' }, /"unmapped" must be "allow" or "deny"; received "block"/],
    ['policyVersion', { categories: ok, policyVersion: 2 }, /"policyVersion" must be a non-empty string; received 2/],
    ['adapter shape', { categories: ok, adapters: [{ name: 'x' }] }, /"adapters\[0\]" must be an adapter/],
    ['waitMs', { categories: ok, waitMs: -1 }, /"waitMs" must be a number of milliseconds from 0 to 2147483647; received -1/],
    // JSON.stringify prints these as null: the report must say what was given (JSON's 1e400 is Infinity).
    ['waitMs Infinity', { categories: ok, waitMs: Number.POSITIVE_INFINITY }, /"waitMs" must be .*; received Infinity$/],
    ['waitMs NaN', { categories: ok, waitMs: Number.NaN }, /"waitMs" must be .*; received NaN$/],
    ['cookie expires -Infinity', { categories: ok, cookie: { expires: Number.NEGATIVE_INFINITY } }, /"cookie\.expires" must be .*; received -Infinity$/],
    ['cookie name', { categories: ok, cookie: { name: 'a;b' } }, /"cookie\.name" must use only/],
    ['cookie expires', { categories: ok, cookie: { expires: 0 } }, /"cookie\.expires" must be a number of days > 0, at most 1000000; received 0/],
    ['cookie path', { categories: ok, cookie: { path: 'x' } }, /"cookie\.path" must start with "\/"/],
    ['onError', { categories: ok, onError: 'log' }, /"onError" must be a function; received "log"/],
  ])('%s', (_, options, message) => {
    const error = errorOf(options)
    expect(isConsentError(error)).toBe(true)
    expect((error as { code?: string }).code).toBe('invalid-option')
    expect(error.message).toMatch(message)
  })

  it('accepts the seed examples of valid ids (OneTrust C0001, case-sensitive pairs)', () => {
    const consent = createConsent({
      categories: [
        { id: 'C0001', name: 'Necessary', enforcement: 'always' },
        { id: 'Advertising', name: 'Ads', enforcement: 'opt-in' },
        { id: 'advertising', name: 'ads', enforcement: 'opt-in' },
        { id: 'a'.repeat(34), name: 'Long', enforcement: 'opt-out' },
      ],
    })
    expect(Object.keys(consent.get().categoryPreferences)).toEqual(['C0001', 'Advertising', 'advertising', 'a'.repeat(34)])
    consent.destroy()
  })
})
