import { describe, expect, it } from 'vitest'
import { withConsent } from 'consentry'
import { make } from './setup.js'

// analytics.js takes a callback last, also when the options object before it is left out.
describe('withConsent(): a callback without an options object', () => {
  function recorder() {
    const calls: unknown[][] = []
    const record = (...args: unknown[]) => void calls.push(args)
    return { calls, analytics: { track: record, page: record } }
  }
  const stamped = { context: { consent: expect.objectContaining({ categoryPreferences: expect.any(Object) }) } }

  it('stays the last argument, after the stamped options, and is never replaced', () => {
    const { consent } = make()
    const { analytics, calls } = recorder()
    const wrapped = withConsent(analytics, consent)
    const callback = () => {}
    wrapped.track('Signed Up', { plan: 'pro' }, callback)
    wrapped.track('Signed Up', callback)
    wrapped.page('Docs', 'Intro', callback)
    expect(calls).toEqual([
      ['Signed Up', { plan: 'pro' }, stamped, callback],
      ['Signed Up', {}, stamped, callback],
      ['Docs', 'Intro', {}, stamped, callback],
    ])
  })

  it('a properties argument that is not an object is replaced, the stamp goes into the options', () => {
    const { consent } = make()
    const { analytics, calls } = recorder()
    withConsent(analytics, consent).track('Clicked', 'not properties' as never)
    expect(calls).toEqual([['Clicked', {}, stamped]])
  })
})
