import { describe, expect, it } from 'vitest'
import { own, ownKeys } from '../../src/core/own.js'

// How untrusted input (options, CMP readings, set() arguments) is read: own properties of objects
// only. A string, a number or a function is not an options object, even though it has properties.
describe('own / ownKeys', () => {
  it('reads an own property of an object, nothing inherited', () => {
    expect(own({ analytics: true }, 'analytics')).toBe(true)
    expect(own(Object.create({ analytics: true }), 'analytics')).toBeUndefined()
    expect(own({}, 'toString')).toBeUndefined()
  })

  it.each([
    ['a string', 'granted', 'length'],
    ['a number', 42, 'constructor'],
    ['a function', function analytics() {}, 'name'],
    ['null', null, 'analytics'],
    ['undefined', undefined, 'analytics'],
  ])('%s has no properties to read', (_, value, key) => {
    expect(own(value, key)).toBeUndefined()
  })

  it('a Proxy whose trap throws reads as undefined', () => {
    const hostile = new Proxy(
      { analytics: true },
      {
        getOwnPropertyDescriptor: () => {
          throw new Error('trap')
        },
      },
    )
    expect(own(hostile, 'analytics')).toBeUndefined()
  })

  it('lists the own enumerable keys of an object', () => {
    expect(ownKeys(Object.assign(Object.create({ inherited: 1 }), { a: 1, b: 2 }))).toEqual(['a', 'b'])
  })

  it.each([
    ['a string', 'ab'],
    ['a number', 42],
    ['a function', Object.assign(() => {}, { analytics: true })],
    ['null', null],
    ['undefined', undefined],
  ])('%s has no keys', (_, value) => {
    expect(ownKeys(value)).toEqual([])
  })
})
