import { afterEach, describe, expect, it, vi } from 'vitest'
import { defineAdapter, type ConsentState } from 'consentry'
import { categories, make, setGpc } from './setup.js'

// The manager's methods given odd arguments, and set()'s sources: each is reported with its
// documented text (docs/ERRORS.md lists the codes) and never widens what is granted.
afterEach(() => void vi.unstubAllEnvs())

describe('subscribe()', () => {
  it.each([undefined, 'listener', {}])('with %j instead of a function: reported at once, and later changes report nothing', (listener) => {
    const { consent, errors } = make()
    const unsubscribe = consent.subscribe(listener as never)
    expect(errors.map((e) => `${e.code}: ${e.message}`)).toEqual(['listener-failed: consentry: subscribe() needs a function'])
    consent.set({ advertising: true })
    expect(typeof unsubscribe).toBe('function')
    expect(unsubscribe()).toBeUndefined()
    expect(errors).toHaveLength(1)
  })

  it('a listener that throws is reported with its error; the others still hear the change', () => {
    const { consent, errors } = make()
    const heard: boolean[] = []
    const failure = new Error('listener bug')
    consent.subscribe(() => {
      throw failure
    })
    consent.subscribe((state) => heard.push(state.categoryPreferences.advertising === true))
    consent.set({ advertising: true })
    expect(heard).toEqual([true])
    expect(errors).toEqual([expect.objectContaining({ code: 'listener-failed', message: 'consentry: a consent listener threw', cause: failure })])
  })

  it('a listener that changes the state in reply: every listener ends on the current state, none hears the older one after it', () => {
    const { consent } = make()
    const heard: [string, boolean, string][] = []
    const first = consent.get()
    // A bridge that refuses advertising again whenever it is granted (a policy, a CMP write-back).
    consent.subscribe((state) => state.categoryPreferences.advertising && consent.set({ advertising: false }, { source: 'cmp' }))
    for (const name of ['a', 'b']) consent.subscribe((state, previous) => heard.push([name, state.categoryPreferences.advertising === true, previous.id]))
    consent.set({ advertising: true })
    expect(consent.isGranted('advertising')).toBe(false)
    // Each hears the current state once, with the state it was last told of as `previous`: it never saw the grant.
    expect(heard).toEqual([
      ['a', false, first.id],
      ['b', false, first.id],
    ])
  })

  it('a listener unsubscribed, or the manager destroyed, by an earlier listener hears nothing more', () => {
    const { consent } = make()
    const heard: string[] = []
    let stopB = () => {}
    consent.subscribe(() => stopB())
    stopB = consent.subscribe(() => heard.push('b'))
    consent.subscribe((state) => state.categoryPreferences.advertising && consent.destroy())
    consent.subscribe(() => heard.push('d'))
    consent.set({ analytics: false })
    expect(heard).toEqual(['d'])
    consent.set({ advertising: true })
    expect(heard).toEqual(['d'])
  })
})

describe('stamp()', () => {
  it('an event it cannot write to (frozen) is returned as it was, and reported', () => {
    const { consent, errors } = make()
    const event = Object.freeze({ event: 'Order Completed' })
    expect(consent.stamp(event)).toBe(event)
    expect(event).toEqual({ event: 'Order Completed' })
    expect(errors.map((e) => `${e.code}: ${e.message}`)).toEqual(['invalid-option: consentry: stamp() could not set context.consent on this event'])
  })
})

describe('set() sources', () => {
  it.each(['admin', 'User', '', 1])('an unknown source (%j) is reported and recorded as a CMP’s', (source) => {
    const { consent, errors } = make()
    consent.set({ advertising: true }, { source } as never)
    expect(consent.get()).toMatchObject({ status: 'decided', source: 'cmp', categoryPreferences: { advertising: true } })
    expect(errors.map((e) => `${e.code}: ${e.message}`)).toEqual([`invalid-option: consentry: set() option "source" must be one of user, cmp, gpc; received ${JSON.stringify(source)}`])
  })

  it.each(['user', 'cmp', 'gpc'] as const)('the source %s is recorded as given, without a report', (source) => {
    const { consent, errors } = make()
    consent.set({ advertising: true }, { source })
    expect(consent.get().source).toBe(source)
    expect(errors).toEqual([])
  })

  it('under GPC, only the visitor’s own grant lifts GPC; a CMP’s or a bridge’s does not', () => {
    setGpc(true)
    const { consent } = make()
    consent.set({ advertising: true }, { source: 'cmp' })
    expect(consent.isGranted('advertising')).toBe(false)
    expect(consent.get().source).toBe('gpc')
    consent.set({ advertising: true })
    expect(consent.isGranted('advertising')).toBe(true)
    expect(consent.get().source).toBe('user')
  })

  it('a decision is written back to the CMPs only when it is the visitor’s and it changes something', () => {
    const written: unknown[] = []
    const { consent } = make({ adapters: [defineAdapter({ name: 'cmp', watch: () => () => {}, write: (preferences) => void written.push(preferences) })] })
    consent.set({ advertising: true }, { source: 'cmp' })
    expect(written).toEqual([])
    consent.set({ advertising: true })
    expect(written).toEqual([])
    consent.set({ advertising: false })
    expect(written).toEqual([{ necessary: true, analytics: true, advertising: false, newsletter: false }])
  })

  it('after destroy(), set() changes nothing and says so once in development', () => {
    vi.stubEnv('NODE_ENV', 'development')
    const warn = vi.spyOn(console, 'warn').mockImplementation(() => {})
    const { consent } = make()
    const before: ConsentState = consent.get()
    consent.destroy()
    consent.set({ advertising: true })
    consent.set({ advertising: true })
    expect(consent.get()).toBe(before)
    expect(warn.mock.calls).toEqual([['[consentry] set() is ignored after destroy()']])
  })
})

describe('set() while a CMP is awaited', () => {
  const slow = defineAdapter({ name: 'slow', watch: () => () => {} })
  it('starts from the stored decision: an opt-out category the visitor refused stays refused, in the state and the cookie', () => {
    const first = make().consent
    first.set({ analytics: false })
    first.destroy()
    const { consent } = make({ adapters: [slow] })
    expect(consent.get().status).toBe('pending')
    consent.set({ advertising: false }, { source: 'cmp' })
    expect(consent.get().categoryPreferences).toMatchObject({ analytics: false, advertising: false })
    consent.destroy()
    expect(make().consent.get()).toMatchObject({ source: 'storage', categoryPreferences: { analytics: false } })
  })

  it('starts from the enforcement defaults when nothing is stored', () => {
    const { consent } = make({ adapters: [slow] })
    consent.set({ advertising: true })
    expect(consent.get().categoryPreferences).toMatchObject({ necessary: true, analytics: true, advertising: true, newsletter: false })
  })
})

describe('the enforcement defaults', () => {
  it('without a CMP or a stored decision: status and source "default", a receipt id', () => {
    const { consent } = make()
    expect(consent.get()).toMatchObject({ status: 'default', source: 'default', categoryPreferences: { analytics: true, advertising: false } })
    expect(consent.get().id).not.toBe('')
  })
})

describe('a visitor’s own choices, on the next page', () => {
  it('under GPC, their grant still lifts GPC there and their denial still stands', () => {
    setGpc(true)
    const first = make().consent
    first.set({ advertising: true, analytics: false })
    first.destroy()
    const { consent } = make()
    expect(consent.get()).toMatchObject({ source: 'storage', categoryPreferences: { advertising: true, analytics: false } })
  })
})

describe('a stored decision read back under GPC', () => {
  it('stays the stored decision (source storage), with GPC denying what the visitor did not grant themselves', () => {
    const first = make().consent
    first.set({ advertising: true, analytics: true }, { source: 'cmp' })
    first.destroy()
    setGpc(true)
    const { consent } = make()
    expect(consent.get()).toMatchObject({ status: 'decided', source: 'storage', categoryPreferences: { analytics: false, advertising: false } })
  })
})

describe('the state while a CMP is awaited, with regions', () => {
  it('already carries the notice mode of the visitor’s region', () => {
    const { consent } = make({
      regions: { EEA: { mode: 'opt-in' }, '*': { mode: 'opt-out', enforcement: { advertising: 'opt-out' } } },
      region: 'US',
      adapters: [defineAdapter({ name: 'slow', watch: () => () => {} })],
    })
    expect(consent.get()).toMatchObject({ status: 'pending', source: 'default', id: '', updatedAt: 0, mode: 'opt-out' })
  })

  it('has no mode without regions', () => {
    const { consent } = make({ adapters: [defineAdapter({ name: 'slow', watch: () => () => {} })] })
    expect(consent.get().status).toBe('pending')
    expect('mode' in consent.get()).toBe(false)
  })
})

// A second copy of consentry on the page (another bundle) is its own module instance; a manager
// it creates (for its own cookie) must treat set()'s sources as the first does.
describe('a second copy of the entry', () => {
  it('records each known source, and an unknown one as a CMP’s, reported', async () => {
    vi.resetModules()
    const copy = await import('consentry')
    const errors: string[] = []
    const consent = copy.createConsent({ categories, cookie: { name: 'second-copy' }, onError: (error) => errors.push(`${error.code}: ${error.message}`) })
    const sources = (['user', 'cmp', 'gpc', 'admin'] as const).map((source, i) => {
      consent.set({ advertising: i % 2 === 0 }, { source: source as 'user' })
      return consent.get().source
    })
    consent.destroy()
    document.cookie = 'second-copy=; max-age=0; path=/'
    expect(sources).toEqual(['user', 'cmp', 'gpc', 'cmp'])
    expect(errors).toEqual(['invalid-option: consentry: set() option "source" must be one of user, cmp, gpc; received "admin"'])
  })
})
