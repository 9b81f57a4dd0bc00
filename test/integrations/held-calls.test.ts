import { afterEach, describe, expect, it, vi } from 'vitest'
import { createConsent, type ConsentError, type ConsentManager } from 'consentry'
import { heldCalls } from '../../src/integrations/held-calls.js'

// The shared pre-consent buffer and cookie deletion, through the functions the integrations use.
let consent: ConsentManager
const errors: ConsentError[] = []
const manager = () =>
  (consent = createConsent({ categories: [{ id: 'a', name: 'A', enforcement: 'opt-in' }], cookie: false, onError: (e) => errors.push(e) }))

afterEach(() => {
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
    expect(second.take().map((c) => [c.method, c.args])).toEqual([['track', ['one', { n: 1 }]], ['page', []]])
    expect(sessionStorage.getItem('k')).toBeNull()
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
// deleteCookies is covered in real Chromium (segment.e2e.test.ts): happy-dom keeps expired domain cookies.
