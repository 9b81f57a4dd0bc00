import { describe, expect, it } from 'vitest'
import { defineAdapter, type AdapterReading } from 'consentry'
import { make } from './setup.js'

// Values a page or a CMP can hand consentry that throw when looked at: Proxies whose traps throw,
// revoked Proxies, values JSON cannot print. None may throw into the page or grant anything.
const throwing = (trap: keyof ProxyHandler<object>) =>
  new Proxy(
    {},
    {
      [trap]: () => {
        throw new Error(`${trap} trap`)
      },
    },
  )
const revoked = () => {
  const { proxy, revoke } = Proxy.revocable({}, {})
  revoke()
  return proxy
}

describe('hostile input', () => {
  it('set() with throwing Proxies grants nothing and never throws', () => {
    const { consent, errors } = make()
    expect(() => consent.set(throwing('ownKeys') as never)).not.toThrow()
    expect(() =>
      consent.set(
        new Proxy(
          { advertising: true },
          {
            get: () => {
              throw new Error('get trap')
            },
          },
        ),
      ),
    ).not.toThrow()
    expect(consent.get().categoryPreferences).toEqual({ necessary: true, analytics: true, advertising: false, newsletter: false })
    expect(errors.map((e) => e.message)).toEqual(['consentry: set() ignored "advertising": not a configured category with a boolean value'])
  })

  it('set() with a revoked Proxy is reported as not an object', () => {
    const { consent, errors } = make()
    expect(() => consent.set(revoked() as never)).not.toThrow()
    expect(errors.map((e) => [e.code, e.message])).toEqual([['unknown-category', 'consentry: set() needs an object of category id → boolean']])
  })

  it('a CMP reading whose keys or values throw grants nothing', () => {
    let emit: (reading: AdapterReading) => void = () => {}
    const { consent } = make({ adapters: [defineAdapter({ name: 'hostile', watch: (next) => ((emit = next), () => {}) })] })
    expect(() => emit(throwing('ownKeys') as never)).not.toThrow()
    expect(() =>
      emit(
        new Proxy(
          { advertising: true },
          {
            get: () => {
              throw new Error('get trap')
            },
          },
        ),
      ),
    ).not.toThrow()
    expect(consent.isGranted('advertising')).toBe(false)
  })

  it('error messages print any value, never throwing while doing so', () => {
    const { consent, errors } = make()
    consent.set({ advertising: true }, { source: 10n as never })
    consent.set({ advertising: true }, { source: (() => 'user') as never })
    consent.set({ advertising: true }, { source: Symbol('x') as never })
    consent.set(
      { advertising: true },
      {
        source: {
          toJSON: () => {
            throw new Error('no')
          },
        } as never,
      },
    )
    expect(errors.map((e) => e.message.replace(/.*received /, ''))).toEqual(['an unprintable value', 'a function', 'Symbol(x)', 'an unprintable value'])
  })
})
