import { describe, expect, it } from 'vitest'
import { ConsentError, isConsentError } from 'consentry'

describe('isConsentError()', () => {
  it('recognises a ConsentError from any copy of consentry by name and code', () => {
    expect(isConsentError(new ConsentError('invalid-option', 'x'))).toBe(true)
    // Another bundle's class: same name and a code, not our constructor.
    const foreign = Object.assign(new Error('x'), { name: 'ConsentError', code: 'cmp-timeout' })
    expect(isConsentError(foreign)).toBe(true)
  })

  it('rejects look-alikes: no Error, another name, no string code', () => {
    expect(isConsentError({ name: 'ConsentError', code: 'invalid-option', message: 'x' })).toBe(false)
    expect(isConsentError(Object.assign(new Error('x'), { code: 'invalid-option' }))).toBe(false)
    expect(isConsentError(Object.assign(new Error('x'), { name: 'ConsentError' }))).toBe(false)
    expect(isConsentError(Object.assign(new Error('x'), { name: 'ConsentError', code: 42 }))).toBe(false)
    expect(isConsentError(null)).toBe(false)
  })

  it('keeps the code and the cause', () => {
    const cause = new Error('boom')
    const error = new ConsentError('adapter-failed', 'consentry: x', cause)
    expect([error.name, error.code, error.message, error.cause]).toEqual(['ConsentError', 'adapter-failed', 'consentry: x', cause])
    expect(error).toBeInstanceOf(Error)
  })
})
