import { afterEach, describe, expect, it, vi } from 'vitest'
import { defineAdapter, type AdapterContext, type AdapterReading, type ConsentOptions } from 'consentry'
import { make } from './setup.js'

// The manager's side of the adapter contract that the adapters' own tests (test/adapters) do not
// reach from the core: CMPs that keep talking after they were told to stop, reports with their
// text, the wait timer, a CMP placing the visitor (context.region), and adapters that misbehave.

/**
 * A CMP driven by hand whose stop function does nothing: some CMPs offer no way to unsubscribe
 * (a global callback such as OneTrust's OptanonWrapper keeps being called), so the manager must
 * ignore what such a CMP says once it no longer listens to it.
 */
function deafCmp(name: string, options: { write?: boolean } = {}) {
  let emit: ((reading: AdapterReading) => void) | undefined
  let context: AdapterContext | undefined
  let stops = 0
  const adapter = defineAdapter({
    name,
    watch(next, ctx) {
      emit = next
      context = ctx
      return () => void stops++
    },
    ...(options.write ? { write: () => {} } : {}),
  })
  return {
    adapter,
    fire: (reading: unknown) => emit?.(reading as AdapterReading),
    undecided: (reading?: AdapterReading) => context?.undecided(reading),
    region: (code: unknown) => context?.region?.(code as string),
    get stops() {
      return stops
    },
  }
}
afterEach(() => vi.useRealTimers())

describe('readings from a CMP the manager no longer listens to', () => {
  it('once another CMP decided, the first one’s readings and "undecided" change nothing', () => {
    const first = deafCmp('first')
    const second = deafCmp('second')
    const { consent, errors } = make({ adapters: [first.adapter, second.adapter] })
    second.fire({ analytics: true })
    expect(first.stops).toBe(1)
    expect(second.stops).toBe(0)
    first.fire({ analytics: false, advertising: true })
    first.undecided()
    expect(consent.get()).toMatchObject({ status: 'decided', adapter: 'second', categoryPreferences: { analytics: true, advertising: false } })
    // The deciding CMP still decides.
    second.fire({ analytics: false })
    expect(consent.get()).toMatchObject({ adapter: 'second', categoryPreferences: { analytics: false } })
    expect(errors).toEqual([])
  })

  it('after destroy(), neither a reading nor "undecided" changes anything', () => {
    const cmp = deafCmp('late')
    const { consent } = make({ adapters: [cmp.adapter] })
    consent.destroy()
    expect(cmp.stops).toBe(1)
    cmp.fire({ advertising: true })
    cmp.undecided()
    expect(consent.get()).toMatchObject({ status: 'pending', categoryPreferences: { advertising: false } })
  })

  it('an adapter that decides inside watch() stops every adapter that starts after it', () => {
    const later = deafCmp('later')
    const { consent } = make({ adapters: [defineAdapter({ name: 'sync', watch: (emit) => (emit({ advertising: true }), () => {}) }), later.adapter] })
    expect(later.stops).toBe(1)
    later.fire({ advertising: false })
    expect(consent.get()).toMatchObject({ adapter: 'sync', categoryPreferences: { advertising: true } })
  })

  it('an adapter that decides inside watch() keeps being listened to', () => {
    let emit: (reading: AdapterReading) => void = () => {}
    let stops = 0
    const { consent } = make({
      adapters: [
        defineAdapter({
          name: 'sync',
          watch: (next) => {
            emit = next
            next({ advertising: true })
            return () => void stops++
          },
        }),
      ],
    })
    expect(stops).toBe(0)
    emit({ advertising: false })
    expect(consent.get()).toMatchObject({ adapter: 'sync', categoryPreferences: { advertising: false } })
  })

  it('the deciding adapter is not stopped by its own later readings', () => {
    const cmp = deafCmp('only')
    make({ adapters: [cmp.adapter] })
    cmp.fire({ advertising: true })
    cmp.fire({ advertising: false })
    expect(cmp.stops).toBe(0)
  })
})

describe('what an adapter’s problems report', () => {
  it('a reading that is not an object, naming the adapter', () => {
    const cmp = deafCmp('bad-cmp')
    const { errors } = make({ adapters: [cmp.adapter] })
    cmp.fire('C0001')
    expect(errors).toEqual([expect.objectContaining({ code: 'invalid-reading', message: 'consentry: adapter "bad-cmp" sent a reading that is not an object' })])
  })

  it('each id that is no configured category, once, while the configured ones still count', () => {
    const cmp = deafCmp('cmp')
    const { consent, errors } = make({ adapters: [cmp.adapter] })
    cmp.fire({ analytics: true, ads: true, C0004: true })
    cmp.fire({ analytics: true, ads: true, advertising: true })
    expect(errors.map((e) => `${e.code}: ${e.message}`)).toEqual([
      'invalid-reading: consentry: adapter "cmp" sent "ads", which is not a configured category: it grants nothing',
      'invalid-reading: consentry: adapter "cmp" sent "C0004", which is not a configured category: it grants nothing',
    ])
    expect(consent.get().categoryPreferences).toEqual({ necessary: true, analytics: true, advertising: true, newsletter: false })
  })

  // Every value an adapter may send for a configured category that is not exactly true or false
  // as an own property: each denies, and each is reported once (the visitor's "no" must not be
  // stored in silence), in a decision and in a CMP's pre-choice defaults alike.
  const odd: [string, unknown][] = [
    ['"true"', 'true'],
    ['1', 1],
    ['0', 0],
    ['null', null],
    ['{}', {}],
    ['[true]', [true]],
    ['"false"', 'false'],
  ]
  it.each(odd)('a value %s for a configured category: denied and reported once, naming it', (shown, value) => {
    const cmp = deafCmp('cmp')
    const { consent, errors } = make({ adapters: [cmp.adapter] })
    cmp.fire({ analytics: value, advertising: true })
    cmp.fire({ analytics: value, advertising: true })
    expect(errors.map((e) => `${e.code}: ${e.message}`)).toEqual([`invalid-reading: consentry: adapter "cmp" sent "analytics": ${shown}, which is not true or false: it grants nothing`])
    expect(consent.get().categoryPreferences).toMatchObject({ analytics: false, advertising: true })
  })

  it('a value only inherited, and odd values in pre-choice defaults: denied and reported', () => {
    const cmp = deafCmp('cmp')
    const { consent, errors } = make({ adapters: [cmp.adapter] })
    cmp.undecided({ analytics: 'true' } as never)
    expect(consent.get()).toMatchObject({ status: 'default', categoryPreferences: { analytics: false } })
    cmp.fire(Object.create({ advertising: true, analytics: true }))
    expect(errors.map((e) => e.message)).toEqual([
      'consentry: adapter "cmp" sent "analytics": "true", which is not true or false: it grants nothing',
      'consentry: adapter "cmp" sent "analytics" only as an inherited property: it grants nothing',
      'consentry: adapter "cmp" sent "advertising" only as an inherited property: it grants nothing',
    ])
    expect(consent.get()).toMatchObject({ status: 'decided', categoryPreferences: { analytics: false, advertising: false } })
  })

  it('an adapter that throws while starting, or while stopping', () => {
    const { consent, errors } = make({
      adapters: [
        defineAdapter({
          name: 'boom',
          watch: () => {
            throw new Error('no CMP')
          },
        }),
        defineAdapter({
          name: 'sticky',
          watch: () => () => {
            throw new Error('cannot unsubscribe')
          },
        }),
      ],
    })
    consent.destroy()
    expect(errors.map((e) => `${e.code}: ${e.message}`)).toEqual(['adapter-failed: consentry: adapter "boom" threw while starting', 'adapter-failed: consentry: adapter "sticky" threw while stopping'])
  })

  it('a write-back that throws at once, or rejects, naming the adapter; other adapters still get theirs', async () => {
    const written: string[] = []
    const { consent, errors } = make({
      adapters: [
        defineAdapter({
          name: 'throws',
          watch: () => () => {},
          write: () => {
            throw new Error('read-only')
          },
        }),
        defineAdapter({ name: 'rejects', watch: () => () => {}, write: () => Promise.reject(new Error('offline')) }),
        defineAdapter({ name: 'works', watch: () => () => {}, write: () => void written.push('works') }),
      ],
    })
    consent.set({ advertising: true })
    await new Promise((resolve) => setTimeout(resolve))
    expect(written).toEqual(['works'])
    expect(errors.map((e) => `${e.code}: ${e.message}`)).toEqual(['adapter-failed: consentry: adapter "throws" could not write', 'adapter-failed: consentry: adapter "rejects" could not write'])
  })

  it('a write-back goes to every watching adapter that can write, skipping the others', () => {
    const written: string[] = []
    const { consent, errors } = make({
      adapters: [defineAdapter({ name: 'no-write', watch: () => () => {} }), defineAdapter({ name: 'writes', watch: () => () => {}, write: () => void written.push('writes') })],
    })
    consent.set({ advertising: true })
    expect(written).toEqual(['writes'])
    expect(errors).toEqual([])
  })

  it('an adapter whose watch() returns no stop function is not kept: a write-back skips it', () => {
    const written: string[] = []
    const { consent, errors } = make({
      adapters: [defineAdapter({ name: 'no-stop', watch: () => undefined as unknown as () => void, write: () => void written.push('no-stop') })],
    })
    consent.set({ advertising: true })
    consent.destroy()
    expect(written).toEqual([])
    expect(errors).toEqual([])
  })
})

describe('the wait for a CMP', () => {
  it('reports which fallback it used: the enforcement defaults, or the stored decision', () => {
    vi.useFakeTimers()
    const first = make({ adapters: [deafCmp('slow').adapter], waitMs: 300 })
    vi.advanceTimersByTime(300)
    first.consent.set({ advertising: true })
    first.consent.destroy()
    const second = make({ adapters: [deafCmp('slow').adapter], waitMs: 300 })
    vi.advanceTimersByTime(300)
    expect([...first.errors, ...second.errors].map((e) => `${e.code}: ${e.message}`)).toEqual([
      'cmp-timeout: consentry: no CMP answered within 300 ms; using the enforcement defaults',
      'cmp-timeout: consentry: no CMP answered within 300 ms; using the stored decision',
    ])
  })

  it('a visitor who decides before any CMP answers: no timeout is reported, the decision stands', () => {
    vi.useFakeTimers()
    const { consent, errors } = make({ adapters: [deafCmp('slow').adapter], waitMs: 300 })
    consent.set({ advertising: true, analytics: false })
    const { id } = consent.get()
    vi.advanceTimersByTime(1000)
    expect(consent.get()).toMatchObject({ id, status: 'decided', source: 'user', categoryPreferences: { advertising: true, analytics: false } })
    expect(errors).toEqual([])
  })
})

// context.region: the Regions page's worked rules (src/REGIONS.md), reduced to what these tests need.
const categories: ConsentOptions['categories'] = [
  { id: 'necessary', name: 'Necessary', enforcement: 'always' },
  { id: 'analytics', name: 'Analytics', enforcement: 'opt-in' },
  { id: 'ads', name: 'Ads', enforcement: 'opt-in' },
]
const regions: ConsentOptions['regions'] = {
  EEA: { mode: 'opt-in' },
  'US-STATES-WITH-LAW': { mode: 'opt-out', enforcement: { analytics: 'opt-out', ads: 'opt-out' } },
  '*': { mode: 'none', enforcement: { analytics: 'opt-out', ads: 'opt-out' } },
}
const rules = (consent: { categories: readonly { enforcement: string }[] }) => consent.categories.map((c) => c.enforcement)
const placed = (options: Partial<ConsentOptions> = {}) => {
  const cmp = deafCmp('placing')
  return { cmp, ...make({ categories, regions, cookie: false, adapters: [cmp.adapter], ...options }) }
}

describe('a CMP placing the visitor (context.region)', () => {
  it('while nothing is decided, moves the visitor from the strictest rule to their region’s', () => {
    const { cmp, consent, errors } = placed()
    expect(rules(consent)).toEqual(['always', 'opt-in', 'opt-in'])
    cmp.region('US-CA')
    expect(rules(consent)).toEqual(['always', 'opt-out', 'opt-out'])
    cmp.undecided()
    expect(consent.get()).toMatchObject({ status: 'default', mode: 'opt-out', categoryPreferences: { analytics: true, ads: true } })
    expect(errors).toEqual([])
  })

  it('the same place again, or no place, changes nothing', () => {
    const { cmp, consent, errors } = placed()
    cmp.region(undefined)
    cmp.region('XX')
    expect(rules(consent)).toEqual(['always', 'opt-in', 'opt-in'])
    cmp.region('US-CA')
    const before = consent.categories
    cmp.region('US-CA')
    expect(consent.categories).toBe(before)
    expect(errors).toEqual([])
  })

  it('is ignored once decided, after destroy(), or when the site gave the region', () => {
    const decided = placed()
    decided.cmp.fire({ analytics: true })
    decided.cmp.region('US-CA')
    expect(rules(decided.consent)).toEqual(['always', 'opt-in', 'opt-in'])

    const destroyed = placed()
    destroyed.consent.destroy()
    destroyed.cmp.region('US-CA')
    expect(rules(destroyed.consent)).toEqual(['always', 'opt-in', 'opt-in'])

    const given = placed({ region: 'FR', cookie: { name: 'given' } })
    given.cmp.region('US-CA')
    expect(rules(given.consent)).toEqual(['always', 'opt-in', 'opt-in'])
    expect([...decided.errors, ...destroyed.errors, ...given.errors]).toEqual([])
  })

  it('a region that is not a string is reported, naming the adapter; nothing changes', () => {
    const { cmp, consent, errors } = placed()
    cmp.region(['US-CA'])
    cmp.region(6)
    expect(rules(consent)).toEqual(['always', 'opt-in', 'opt-in'])
    expect(errors.map((e) => `${e.code}: ${e.message}`)).toEqual([
      'invalid-reading: consentry: adapter "placing" reported a region that is not a string',
      'invalid-reading: consentry: adapter "placing" reported a region that is not a string',
    ])
  })

  it('without a regions option, a CMP’s region means nothing', () => {
    const { cmp, consent, errors } = placed({ regions: undefined })
    cmp.region('US-CA')
    expect(rules(consent)).toEqual(['always', 'opt-in', 'opt-in'])
    expect(errors).toEqual([])
  })

  it('a decision stored under the CMP’s region stands once the CMP places the visitor there', () => {
    const cookie = { name: 'placed' }
    const first = make({ categories, regions, region: 'US-CA', cookie })
    first.consent.set({ ads: false })
    first.consent.destroy()
    const { cmp, consent } = placed({ cookie })
    cmp.region('US-CA')
    cmp.undecided()
    expect(consent.get()).toMatchObject({ status: 'decided', source: 'storage', mode: 'opt-out', categoryPreferences: { analytics: true, ads: false } })
    document.cookie = 'placed=; max-age=0; path=/'
  })
})
