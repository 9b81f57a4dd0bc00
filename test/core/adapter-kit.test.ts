import { afterEach, describe, expect, it, vi } from 'vitest'
import { adapterGuard, mapReading, poll, isConsentError, type AdapterReading, type ConsentError } from 'consentry'
import { customAdapter } from '../../adapters/custom/index.js'
import { gpp } from '../../adapters/gpp/index.js'
import { ketch } from '../../adapters/ketch/index.js'
import { oneTrust } from '../../adapters/onetrust/index.js'
import { tcf } from '../../adapters/tcf/index.js'
import { trustArc } from '../../adapters/trustarc/index.js'

afterEach(() => vi.useRealTimers())

describe('adapter building blocks (public core exports)', () => {
  it('mapReading grants a category only when every mapped id is exactly true', () => {
    const granted = new Map<unknown, unknown>([
      ['C1', true],
      ['C2', true],
      ['C3', 'true'],
      [4, true],
    ])
    expect(mapReading({ a: 'C1', b: ['C1', 'C2'], c: ['C1', 'C3'], d: [], e: 'C9', f: 4 }, (id) => granted.get(id))).toEqual({ a: true, b: true, c: false, d: false, e: false, f: true })
  })

  it('mapReading passes every malformed answer (not true, false or undefined) to odd, also after a denial', () => {
    const answers: Record<string, unknown> = { ok: true, no: false, str: 'true', one: 1, nil: null, obj: {} }
    const odd: [string, unknown][] = []
    const reading = mapReading(
      { a: ['no', 'str'], b: ['ok', 'one'], c: ['nil', 'obj', 'absent'], d: ['ok', 'no'] },
      (id) => answers[id],
      (id, value) => odd.push([id, value]),
    )
    expect(reading).toEqual({ a: false, b: false, c: false, d: false })
    expect(odd).toEqual([
      ['str', 'true'],
      ['one', 1],
      ['nil', null],
      ['obj', {}],
    ])
  })

  it('adapterGuard contains throws, reports each kind once, and drops repeated readings', () => {
    const errors: ConsentError[] = []
    const readings: AdapterReading[] = []
    const { fail, safe, send } = adapterGuard('x', { categories: [], report: (e) => errors.push(e), undecided: () => {} }, (r) => readings.push(r))
    expect(safe(() => 1)).toBe(1)
    expect(
      safe(() => {
        throw new Error('a')
      }),
    ).toBeUndefined()
    safe(() => {
      throw new Error('b')
    })
    fail('invalid-reading', 'one')
    fail('invalid-reading', 'two')
    expect(errors.map((e) => [e.code, e.message])).toEqual([
      ['adapter-failed', 'consentry: x: the CMP threw'],
      ['invalid-reading', 'consentry: x: one'],
    ])
    expect(isConsentError(errors[0])).toBe(true)
    send({ a: true })
    send({ a: true })
    send({ a: false })
    expect(readings).toEqual([{ a: true }, { a: false }])
  })

  it('poll checks now, then on an interval, at most the given number of times, and stops', () => {
    vi.useFakeTimers()
    const found = vi.fn(() => false)
    poll(found, 100, 3)
    vi.advanceTimersByTime(1000)
    expect(found).toHaveBeenCalledTimes(4)
    let ready = false
    const later = vi.fn(() => ready)
    poll(later, 100, 50)
    vi.advanceTimersByTime(250)
    ready = true
    vi.advanceTimersByTime(1000)
    expect(later).toHaveBeenCalledTimes(4)
    const stopped = vi.fn(() => false)
    poll(stopped, 100, 50)()
    vi.advanceTimersByTime(1000)
    expect(stopped).toHaveBeenCalledTimes(1)
  })
})

describe('adapter option checks (development builds)', () => {
  const bad: [string, () => unknown][] = [
    ['oneTrust with null groups', () => oneTrust({ groups: null as never })],
    ['oneTrust with a numeric group', () => oneTrust({ groups: { a: 5 as never } })],
    ['trustArc with string buckets', () => trustArc({ buckets: { a: '2' as never } })],
    ['ketch with an empty list', () => ketch({ purposes: { a: [] } })],
    ['tcf without purposes', () => tcf({} as never)],
    ['tcf with bad vendors', () => tcf({ purposes: { a: 1 }, vendors: { a: ['755'] as never } })],
    ['gpp with null optOuts', () => gpp({ optOuts: null as never })],
    ['customAdapter without subscribe', () => customAdapter({ read: () => ({}) } as never)],
  ]
  it.each(bad)('%s throws an invalid-option ConsentError naming the adapter', (label, create) => {
    const adapter = label.split(' ')[0]
    expect(create).toThrowError(expect.objectContaining({ name: 'ConsentError', code: 'invalid-option', message: expect.stringContaining(`${adapter}(`) }))
  })
})
