import { describe, expect, it, vi } from 'vitest'
import { defineAdapter, type AdapterReading } from 'consentry'
import { make } from './setup.js'

/** The in-repo test adapter: a CMP we drive by hand. Proves the adapter contract. */
function testCmp(name = 'test-cmp') {
  let emit: ((reading: AdapterReading) => void) | undefined
  const written: unknown[] = []
  const adapter = defineAdapter({
    name,
    watch(next) {
      emit = next
      return () => (emit = undefined)
    },
    write: (preferences) => void written.push(preferences),
  })
  return {
    adapter,
    written,
    fire: (reading: unknown) => emit?.(reading as AdapterReading),
    get watching() {
      return emit !== undefined
    },
  }
}

describe('adapters', () => {
  it('fail closed while pending: only always categories, calls held, ready not settled', async () => {
    const cmp = testCmp()
    const { consent } = make({ adapters: [cmp.adapter] })
    expect(consent.get()).toMatchObject({ status: 'pending', categoryPreferences: { necessary: true, analytics: false, advertising: false } })
    let settled = false
    void consent.ready().then(() => (settled = true))
    await Promise.resolve()
    expect(settled).toBe(false)
    cmp.fire({ analytics: true })
    const state = await consent.ready()
    expect(state).toMatchObject({ status: 'decided', source: 'cmp', adapter: 'test-cmp', categoryPreferences: { analytics: true, advertising: false } })
  })

  it('a reading leaves out a category → denied; only `true` grants', () => {
    const cmp = testCmp()
    const { consent } = make({ adapters: [cmp.adapter] })
    cmp.fire({ analytics: 'true', advertising: 1, newsletter: true })
    expect(consent.get().categoryPreferences).toEqual({ necessary: true, analytics: false, advertising: false, newsletter: false })
  })

  it('no answer within waitMs: defaults, reported once as cmp-timeout; a late CMP still decides', async () => {
    vi.useFakeTimers()
    const cmp = testCmp()
    const { consent, errors } = make({ adapters: [cmp.adapter], waitMs: 500 })
    vi.advanceTimersByTime(499)
    expect(consent.get().status).toBe('pending')
    vi.advanceTimersByTime(1)
    expect(consent.get()).toMatchObject({ status: 'default', categoryPreferences: { analytics: true, advertising: false } })
    expect(errors.map((e) => e.code)).toEqual(['cmp-timeout'])
    cmp.fire({ advertising: true })
    expect(consent.get()).toMatchObject({ status: 'decided', source: 'cmp', categoryPreferences: { analytics: false, advertising: true } })
  })

  it('after the wait, a stored decision is used instead of the defaults', () => {
    vi.useFakeTimers()
    const first = make().consent
    first.set({ analytics: false, advertising: true })
    first.destroy()
    const { consent } = make({ adapters: [testCmp().adapter], waitMs: 100 })
    expect(consent.get().status).toBe('pending')
    vi.advanceTimersByTime(100)
    expect(consent.get()).toMatchObject({ status: 'decided', source: 'storage', categoryPreferences: { analytics: false, advertising: true } })
  })

  it('priority: the first adapter that becomes ready decides; the others stop', () => {
    const primary = testCmp('primary')
    const secondary = testCmp('secondary')
    const { consent } = make({ adapters: [primary.adapter, secondary.adapter] })
    secondary.fire({ analytics: true })
    expect(consent.get().adapter).toBe('secondary')
    expect(primary.watching).toBe(false)
    primary.fire({ advertising: true })
    expect(consent.isGranted('advertising')).toBe(false)
  })

  it('an adapter that emits synchronously inside watch() decides, and later adapters are stopped', () => {
    const late = testCmp('late')
    const { consent } = make({ adapters: [defineAdapter({ name: 'sync', watch: (emit) => (emit({ advertising: true }), () => {}) }), late.adapter] })
    expect(consent.get()).toMatchObject({ adapter: 'sync', categoryPreferences: { advertising: true } })
    expect(late.watching).toBe(false)
  })

  it('a throwing adapter is reported and skipped; the next one can still decide', () => {
    const good = testCmp('good')
    const { consent, errors } = make({
      adapters: [
        defineAdapter({
          name: 'broken',
          watch: () => {
            throw new Error('no CMP')
          },
        }),
        good.adapter,
      ],
    })
    good.fire({ advertising: true })
    expect(consent.get().adapter).toBe('good')
    expect(errors.map((e) => e.code)).toEqual(['adapter-failed'])
  })

  it.each([null, 'C0001,C0002', ['analytics'], 42])('a garbage reading (%j) is reported and changes nothing', (reading) => {
    const cmp = testCmp()
    const { consent, errors } = make({ adapters: [cmp.adapter] })
    expect(() => cmp.fire(reading)).not.toThrow()
    expect(consent.get().status).toBe('pending')
    expect(errors.map((e) => e.code)).toEqual(['invalid-reading'])
  })

  it('a CMP re-firing the same state causes no change and keeps the receipt', () => {
    const cmp = testCmp()
    const { consent } = make({ adapters: [cmp.adapter] })
    const listener = vi.fn()
    consent.subscribe(listener)
    cmp.fire({ analytics: true })
    const { id } = consent.get()
    cmp.fire({ analytics: true })
    cmp.fire({ analytics: true, unknown: true })
    expect(listener).toHaveBeenCalledTimes(1)
    expect(consent.get().id).toBe(id)
  })

  it("a user decision is written back to the deciding CMP; the CMP's echo changes nothing", () => {
    const cmp = testCmp()
    const { consent } = make({ adapters: [cmp.adapter] })
    cmp.fire({ analytics: true })
    const listener = vi.fn()
    consent.subscribe(listener)
    consent.set({ advertising: true })
    expect(cmp.written).toEqual([{ necessary: true, analytics: true, advertising: true, newsletter: false }])
    cmp.fire({ analytics: true, advertising: true })
    expect(listener).toHaveBeenCalledTimes(1)
    consent.set({ advertising: true }, { source: 'cmp' })
    expect(cmp.written).toHaveLength(1)
  })

  it('a failing write is reported, not thrown', async () => {
    const { consent, errors } = make({
      adapters: [{ name: 'ro', watch: (emit) => (emit({}), () => {}), write: () => Promise.reject(new Error('read-only')) }],
    })
    consent.set({ advertising: true })
    await new Promise((resolve) => setTimeout(resolve))
    expect(errors.map((e) => e.code)).toEqual(['adapter-failed'])
  })

  it('destroy stops the adapters and ignores their later readings', () => {
    const cmp = testCmp()
    const { consent } = make({ adapters: [cmp.adapter] })
    consent.destroy()
    expect(cmp.watching).toBe(false)
    cmp.fire({ advertising: true })
    expect(consent.get().status).toBe('pending')
  })
})
