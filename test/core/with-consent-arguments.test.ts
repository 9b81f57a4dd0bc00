import { describe, expect, it } from 'vitest'
import { withConsent } from 'consentry'
import { make } from './setup.js'

// analytics.js argument resolution, as withConsent must follow it so the stamp lands in the
// call's options and nowhere else: leading ids/names (strings, numbers or absent), the data object,
// the options object, an optional callback last.
function recorder() {
  const calls: unknown[][] = []
  const record = (...args: unknown[]) => (calls.push(args), 'done')
  return { calls, analytics: { track: record, page: record, identify: record, group: record, alias: record, screen: record } }
}
const stamped = (extra: object = {}) => ({ ...extra, context: { consent: expect.objectContaining({ categoryPreferences: expect.any(Object) }) } })

describe('withConsent() argument shapes', () => {
  it('page(name, properties): the category is optional', () => {
    const { consent } = make()
    const { analytics, calls } = recorder()
    withConsent(analytics, consent).page('Docs', { path: '/docs' })
    expect(calls[0]).toEqual(['Docs', { path: '/docs' }, stamped()])
  })

  it('group(traits) and screen(properties) without ids; identify(id, traits, options, callback)', () => {
    const { consent } = make()
    const { analytics, calls } = recorder()
    const wrapped = withConsent(analytics, consent)
    const callback = () => {}
    wrapped.group({ plan: 'team' })
    wrapped.screen({ name: 'Home' })
    wrapped.identify('u1', { email: 'a@example.test' }, { integrations: { All: false } }, callback)
    expect(calls).toEqual([
      [{ plan: 'team' }, stamped()],
      [{ name: 'Home' }, stamped()],
      ['u1', { email: 'a@example.test' }, stamped({ integrations: { All: false } }), callback],
    ])
  })

  it('alias(to) and alias(to, from, options): no data object, options kept', () => {
    const { consent } = make()
    const { analytics, calls } = recorder()
    const wrapped = withConsent(analytics, consent)
    wrapped.alias('new-id')
    wrapped.alias('new-id', 'old-id', { integrations: { Mixpanel: false } })
    expect(calls).toEqual([
      ['new-id', stamped()],
      ['new-id', 'old-id', stamped({ integrations: { Mixpanel: false } })],
    ])
  })

  it('options that are not an object are replaced, never merged into', () => {
    const { consent } = make()
    const { analytics, calls } = recorder()
    withConsent(analytics, consent).track('Clicked', { id: 1 }, 'not options' as never)
    expect(calls[0]).toEqual(['Clicked', { id: 1 }, stamped()])
  })

  it('returns the real call result once decided; other members pass through, methods bound to the SDK', () => {
    const { consent } = make()
    const sdk = {
      ...recorder().analytics,
      version: '1.2.3',
      writeKey: 'abc',
      user() {
        return this.writeKey
      },
    }
    const wrapped = withConsent(sdk, consent)
    expect(wrapped.track('Now')).toBe('done')
    expect(wrapped.version).toBe('1.2.3')
    const { user } = wrapped
    expect(user()).toBe('abc')
  })

  it('members Object.prototype also has (toString, valueOf) are the SDK’s own', () => {
    const { consent } = make()
    class Sdk {
      track() {
        return 'tracked'
      }
      toString() {
        return 'Sdk 1.2.3'
      }
    }
    const sdk = new Sdk()
    const wrapped = withConsent(sdk, consent)
    expect(String(wrapped)).toBe('Sdk 1.2.3')
    expect(wrapped.valueOf()).toBe(sdk)
  })

  it('methods the SDK lacks stay absent', () => {
    const { consent } = make()
    const wrapped = withConsent({ track: () => 'ok' } as { track(): string; page?: () => void }, consent)
    expect(wrapped.page).toBeUndefined()
  })
})
