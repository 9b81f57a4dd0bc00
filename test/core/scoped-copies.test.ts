import { describe, expect, it, vi } from 'vitest'
import { createConsent, defineAdapter, type Category, type ConsentError } from 'consentry'
import { make } from './setup.js'

// A second copy of consentry on the page (another bundle, a widget's own copy) that configures the
// same cookie differently gets the page's one state read through its own configuration, deny-safe.
const page: Category[] = [
  { id: 'necessary', name: 'N', enforcement: 'always' },
  { id: 'analytics', name: 'A', enforcement: 'opt-in' },
  { id: 'ads', name: 'Ads', enforcement: 'opt-in', gpc: true },
  { id: 'video', name: 'V', enforcement: 'opt-in' },
  { id: 'topic', name: 'T', enforcement: 'opt-in', parent: 'ads' },
]

function copies() {
  const { consent: first } = make({ categories: page, cookie: false, waitMs: 0 })
  const errors: ConsentError[] = []
  const logged = vi.spyOn(console, 'error').mockImplementation(() => {})
  const second = createConsent({
    categories: [
      { id: 'necessary', name: 'Needed', enforcement: 'always' },
      { id: 'analytics', name: 'Statistik', enforcement: 'opt-in' }, // renamed: still the same category
      { id: 'ads', name: 'Ads', enforcement: 'opt-in' }, // GPC handling differs
      { id: 'video', name: 'V', enforcement: 'opt-out' }, // enforcement differs
      { id: 'topic', name: 'T', enforcement: 'opt-in', parent: 'analytics' }, // purpose differs
      { id: 'chat', name: 'C', enforcement: 'opt-out' }, // unknown to the page's manager
    ],
    destinations: { Mixpanel: ['analytics'], Pixel: ['ads'], Player: ['video'] },
    cookie: false,
    onError: (error) => errors.push(error),
  })
  return { first, second, errors, logged }
}

describe('a second copy with another configuration for the same cookie', () => {
  it('is reported to its own onError and on the console, in every build', () => {
    const { first, second, errors, logged } = copies()
    expect(second).not.toBe(first)
    expect(errors.map((e) => e.code)).toEqual(['invalid-option'])
    expect(errors[0]?.message).toContain('called again for cookie "consentry"')
    expect(logged).toHaveBeenCalledWith(errors[0])
  })

  it('grants only what both define alike and the page grants; its own categories and destinations', () => {
    const { first, second } = copies()
    expect(second.categories.map((c) => c.id)).toEqual(['necessary', 'analytics', 'ads', 'video', 'topic', 'chat'])
    first.set({ analytics: true, ads: true, video: true, topic: true })
    expect(second.get().categoryPreferences).toEqual({ necessary: true, analytics: true, ads: false, video: false, topic: false, chat: false })
    expect(['necessary', 'analytics', 'ads', 'video', 'topic', 'chat'].map(second.isGranted)).toEqual([true, true, false, false, false, false])
    expect(second.isGranted('toString')).toBe(false)
    expect([second.allows('Mixpanel'), second.allows('Pixel'), second.allows('Player')]).toEqual([true, false, false])
    expect(second.get().status).toBe('decided')
    expect(second.get()).toBe(second.get())
    expect(Object.isFrozen(second.get().categoryPreferences)).toBe(true)
    first.set({ analytics: false })
    expect(second.isGranted('analytics')).toBe(false)
    expect(second.allows('Mixpanel')).toBe(false)
  })

  it('stamps events and resolves ready() with its own view', async () => {
    const { first, second } = copies()
    await expect(second.ready()).resolves.toBe(second.get())
    first.set({ analytics: true, ads: true })
    expect(second.stamp({}).context.consent.categoryPreferences).toEqual({ necessary: true, analytics: true, ads: false, video: false, topic: false, chat: false })
  })

  it('passes on set() only for the categories both define alike and reports the others', () => {
    const { first, second, errors } = copies()
    second.set({ analytics: true, ads: true, chat: true })
    expect(first.get().categoryPreferences).toMatchObject({ analytics: true, ads: false })
    expect(errors.slice(1).map((e) => [e.code, e.message.match(/"[a-z]+"/)?.[0]])).toEqual([
      ['unknown-category', '"ads"'],
      ['unknown-category', '"chat"'],
    ])
  })

  it('an event it cannot stamp (frozen, null) is returned as it was and reported to its onError, never thrown', () => {
    const { second, errors } = copies()
    const frozen = Object.freeze({ event: 'Order Completed' })
    expect(second.stamp(frozen)).toBe(frozen)
    expect(second.stamp(null as never)).toBeNull()
    expect(errors.slice(1).map((e) => `${e.code}: ${e.message}`)).toEqual(Array(2).fill('invalid-option: consentry: stamp() could not set context.consent on this event'))
  })

  it.each([null, 'analytics', 1, [true]])('set(%j), or set() naming only categories it cannot pass on, is reported and records no decision', (preferences) => {
    const { first, second, errors } = copies()
    const before = first.get()
    expect(before.status).toBe('default')
    second.set(preferences as never)
    second.set({ chat: true, ads: true })
    expect(first.get()).toBe(before)
    expect(errors.slice(1).map((e) => e.code)).toEqual(['unknown-category', 'unknown-category', 'unknown-category'])
    second.set({})
    expect(first.get().status).toBe('decided')
  })

  it('tells its listeners only about changes it can see, until unsubscribed or destroyed', () => {
    const { first, second } = copies()
    first.set({})
    const seen = vi.fn()
    const other = vi.fn()
    const stop = second.subscribe(seen)
    second.subscribe(other)
    first.set({ video: true }) // denied in this copy: nothing it can see changed
    expect(seen).not.toHaveBeenCalled()
    first.set({ analytics: true })
    expect(seen).toHaveBeenCalledTimes(1)
    expect(seen.mock.calls[0]?.[0].categoryPreferences).toMatchObject({ analytics: true, video: false })
    expect(seen.mock.calls[0]?.[1].categoryPreferences).toMatchObject({ analytics: false })
    stop()
    first.set({ analytics: false })
    expect(seen).toHaveBeenCalledTimes(1)
    expect(other).toHaveBeenCalledTimes(2)
    second.destroy()
    first.set({ analytics: true })
    expect(other).toHaveBeenCalledTimes(2)
    expect(first.isGranted('analytics')).toBe(true) // destroying the copy leaves the page's manager alone
  })

  it("its listener problems are reported to its own onError, once, not to the page manager's at every change", () => {
    const { consent: first, errors: pageErrors } = make({ categories: page, cookie: false, waitMs: 0 })
    const errors: ConsentError[] = []
    vi.spyOn(console, 'error').mockImplementation(() => {})
    const second = createConsent({
      categories: [
        { id: 'analytics', name: 'Statistik', enforcement: 'opt-in' },
        { id: 'chat', name: 'C', enforcement: 'opt-out' },
      ],
      cookie: false,
      onError: (e) => errors.push(e),
    })
    errors.length = 0
    second.subscribe('not a function' as never)
    second.subscribe(() => {
      throw new Error('bad listener')
    })
    first.set({ analytics: true })
    first.set({ analytics: false })
    expect(errors.map((e) => [e.code, e.message])).toEqual([
      ['listener-failed', 'consentry: subscribe() needs a function'],
      ['listener-failed', 'consentry: a consent listener threw'],
      ['listener-failed', 'consentry: a consent listener threw'],
    ])
    expect(pageErrors).toEqual([])
    second.destroy()
  })

  it('a status change alone reaches its listeners', async () => {
    const silent = defineAdapter({ name: 'silent', watch: () => () => {} })
    const { consent: first } = make({ categories: page, cookie: false, waitMs: 10, adapters: [silent] })
    vi.spyOn(console, 'error').mockImplementation(() => {})
    const second = createConsent({ categories: [{ id: 'chat', name: 'C', enforcement: 'opt-in' }], cookie: false, onError: () => {} })
    const seen = vi.fn()
    second.subscribe(seen)
    expect(second.get().status).toBe('pending')
    await first.ready()
    expect(seen).toHaveBeenCalledTimes(1)
    expect(seen.mock.calls[0]?.[0].status).toBe('default')
  })
})
