import { afterEach, describe, expect, it, vi } from 'vitest'
import { createConsent, type ConsentError, type ConsentManager } from 'consentry'
import { heldCalls } from '../../src/integrations/held-calls.js'
import { wrapSdk } from '../../src/integrations/wrap-sdk.js'

// The shared pre-consent buffer and cookie deletion, through the functions the integrations use.
let consent: ConsentManager
const errors: ConsentError[] = []
const manager = () => (consent = createConsent({ categories: [{ id: 'a', name: 'A', enforcement: 'opt-in' }], cookie: false, onError: (e) => errors.push(e) }))

afterEach(() => {
  vi.restoreAllMocks()
  consent?.destroy()
  sessionStorage.clear()
  errors.length = 0
  vi.useRealTimers()
})

describe('heldCalls', () => {
  it('keeps calls in order in sessionStorage, so a second page reads them, and take() empties it', () => {
    const first = heldCalls('k', manager())
    first.hold('track', ['one', { n: 1 }, () => {}])
    first.hold('page', [])
    expect(JSON.parse(sessionStorage.getItem('k')!)).toHaveLength(2)
    const second = heldCalls('k', consent)
    expect(second.take().map((c) => [c.method, c.args])).toEqual([
      ['track', ['one', { n: 1 }]],
      ['page', []],
    ])
    expect(sessionStorage.getItem('k')).toBeNull()
  })

  it('stored, drops every function argument wherever it is (never replayed as null); in memory, keeps them in place', () => {
    const done = () => {}
    const stored = heldCalls('k', manager())
    stored.hold('identify', ['u1', done, { plan: 'pro' }, { __t: 'bpc' }])
    expect(stored.take().map((c) => c.args)).toEqual([['u1', { plan: 'pro' }, { __t: 'bpc' }]])
    const memory = heldCalls(undefined, consent)
    memory.hold('identify', ['u1', done, { plan: 'pro' }, { __t: 'bpc' }])
    expect(memory.take().map((c) => c.args)).toEqual([['u1', done, { plan: 'pro' }, { __t: 'bpc' }]])
  })

  it('drops the oldest on overflow by count or bytes, counts and reports it', () => {
    const byCount = heldCalls('count', manager(), { maxEvents: 2 })
    for (const name of ['x1', 'x2', 'x3']) byCount.hold('track', [name])
    expect(byCount.take().map((c) => c.args[0])).toEqual(['x2', 'x3'])
    expect(byCount.dropped).toBe(1)
    expect(errors.map((e) => e.code)).toEqual(['calls-dropped'])
    const byBytes = heldCalls('bytes', consent, { maxBytes: 120 })
    for (const name of ['aaaaaaaaaa', 'bbbbbbbbbb', 'cccccccccc']) byBytes.hold('track', [name])
    const kept = byBytes.take()
    expect(JSON.stringify(kept).length).toBeLessThanOrEqual(120)
    expect(kept.at(-1)!.args[0]).toBe('cccccccccc')
    expect(byBytes.dropped).toBeGreaterThan(0)
  })

  it('never replays calls older than maxAgeMs', () => {
    vi.useFakeTimers({ now: 1_000_000 })
    const queue = heldCalls('age', manager(), { maxAgeMs: 1000 })
    queue.hold('track', ['old'])
    vi.setSystemTime(1_000_500)
    queue.hold('track', ['new'])
    vi.setSystemTime(1_001_200)
    expect(queue.take().map((c) => c.args[0])).toEqual(['new'])
  })

  it('drops unreadable storage instead of replaying it, and reports', () => {
    sessionStorage.setItem('bad', '{not json')
    expect(heldCalls('bad', manager()).take()).toEqual([])
    expect(errors.map((e) => e.code)).toEqual(['calls-dropped'])
  })
})
/** sessionStorage whose methods throw when `fail(op)` says so (a QuotaExceededError, as browsers throw). */
function faultyStorage(fail: (op: 'getItem' | 'setItem' | 'removeItem') => boolean, data = new Map<string, string>()) {
  const quota = () => new DOMException('The quota has been exceeded.', 'QuotaExceededError')
  const storage = {
    data,
    getItem: (k: string) => {
      if (fail('getItem')) throw new DOMException('blocked', 'SecurityError')
      return data.get(k) ?? null
    },
    setItem: (k: string, v: string) => {
      if (fail('setItem')) throw quota()
      data.set(k, String(v))
    },
    removeItem: (k: string) => {
      if (fail('removeItem')) throw new DOMException('blocked', 'SecurityError')
      data.delete(k)
    },
  }
  vi.spyOn(window, 'sessionStorage', 'get').mockReturnValue(storage as unknown as Storage)
  return storage
}

describe('heldCalls when sessionStorage fails', () => {
  it('a quota error moves the queue to memory and takes the stored copy out: a later page replays nothing twice', () => {
    let full = false
    const storage = faultyStorage((op) => full && op === 'setItem')
    const first = heldCalls('q', manager())
    first.hold('track', ['one'])
    full = true
    first.hold('track', ['two'])
    expect(first.take().map((c) => c.args[0])).toEqual(['one', 'two'])
    expect(errors.map((e) => e.code)).toEqual(['calls-dropped'])
    // The next page of the tab reads what is still stored.
    expect(heldCalls('q', consent).take()).toEqual([])
    expect(storage.data.size).toBe(0)
  })

  it('calls storage cannot give back stay there for a later page and are not replayed on this one', () => {
    let stuck = false
    faultyStorage((op) => stuck && op !== 'getItem')
    const first = heldCalls('s', manager())
    first.hold('track', ['one'])
    stuck = true
    first.hold('track', ['two'])
    expect(first.take().map((c) => c.args[0])).toEqual(['two'])
    stuck = false
    expect(
      heldCalls('s', consent)
        .take()
        .map((c) => c.args[0]),
    ).toEqual(['one'])
    expect(errors.every((e) => e.code === 'calls-dropped')).toBe(true)
  })

  it('take() that cannot remove the stored calls replays none of them (a later page will)', () => {
    let stuck = false
    faultyStorage((op) => stuck && op === 'removeItem')
    const first = heldCalls('t', manager())
    first.hold('track', ['one'])
    stuck = true
    expect(first.take()).toEqual([])
    expect(errors.map((e) => e.message)).toEqual([expect.stringContaining('1 held call(s) left in sessionStorage'), expect.stringContaining('0 held call(s) kept in memory')])
    stuck = false
    expect(
      heldCalls('t', consent)
        .take()
        .map((c) => c.args[0]),
    ).toEqual(['one'])
  })

  it('skips tampered entries one by one and reports how many', () => {
    const at = Date.now()
    sessionStorage.setItem(
      'x',
      JSON.stringify([
        { method: 'track', args: ['a'], at },
        null,
        { method: 7, args: [], at },
        { method: 'track', args: 'no', at },
        { method: 'track', args: [], at: 'now' },
        { method: 'page', args: [], at },
      ]),
    )
    expect(
      heldCalls('x', manager())
        .take()
        .map((c) => c.method),
    ).toEqual(['track', 'page'])
    expect(errors.map((e) => e.message)).toEqual([expect.stringContaining('4 held call(s) malformed, skipped')])
  })

  it('reports calls that aged out instead of dropping them silently', () => {
    vi.useFakeTimers({ now: 1_000_000 })
    const queue = heldCalls('age2', manager(), { maxAgeMs: 1000 })
    queue.hold('track', ['old'])
    vi.setSystemTime(1_002_000)
    expect(queue.take()).toEqual([])
    expect(errors.map((e) => e.message)).toEqual([expect.stringContaining('1 held call(s) too old')])
  })
})

describe('wrapSdk replay', () => {
  const sdk = (throwOn: string) => {
    const sent: unknown[] = []
    return {
      sent,
      load: () => undefined,
      track: (name: string) => {
        if (name === throwOn) throw new Error('SDK refused')
        sent.push(name)
      },
      page: (name: string) => (name === throwOn ? Promise.reject(new Error('SDK rejected')) : Promise.resolve(void sent.push(`page:${name}`))),
    }
  }
  const wrap = (target: object) =>
    wrapSdk(target, consent, { optIn: true, methods: ['track', 'page'], buffer: {}, key: 'replay', send: (_m, args, real) => real.apply(target, args), load: (args, real) => real(...args) })

  it('replays each held call on its own: one the SDK throws on or rejects is reported, the rest still go', async () => {
    const target = sdk('bad') as unknown as Record<string, (...a: unknown[]) => unknown> & { sent: unknown[] }
    manager()
    wrap(target)
    target.load!()
    for (const name of ['a', 'bad', 'b']) void target.track!(name)
    void target.page!('bad')
    void target.page!('c')
    consent.set({ a: true })
    await new Promise((resolve) => setTimeout(resolve))
    expect(target.sent).toEqual(['a', 'b', 'page:c'])
    expect(errors.map((e) => [e.code, e.message])).toEqual([
      ['calls-dropped', 'consentry: 1 held call(s) (track) not replayed: the SDK threw'],
      ['calls-dropped', 'consentry: 1 held call(s) (page) not replayed: the SDK threw'],
    ])
  })

  it('a stored entry naming no method of the SDK (__proto__, constructor) is reported, never run, and does not stop the replay', async () => {
    const at = Date.now()
    sessionStorage.setItem(
      'replay',
      JSON.stringify([
        { method: '__proto__', args: [], at },
        { method: 'constructor', args: [], at },
        { method: 'track', args: ['after'], at },
      ]),
    )
    const target = sdk('') as unknown as Record<string, (...a: unknown[]) => unknown> & { sent: unknown[] }
    manager()
    wrap(target)
    target.load!()
    consent.set({ a: true })
    await new Promise((resolve) => setTimeout(resolve))
    expect(target.sent).toEqual(['after'])
    expect(errors.map((e) => e.message)).toEqual([expect.stringContaining('(__proto__) not replayed: no such method'), expect.stringContaining('(constructor) not replayed: no such method')])
  })
})

// deleteCookies is covered in real Chromium (segment.e2e.test.ts, segment-wiring.e2e.test.ts): happy-dom keeps expired domain cookies.
