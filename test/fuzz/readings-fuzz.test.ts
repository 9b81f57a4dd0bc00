import { afterEach, describe, expect, it } from 'vitest'
import { createConsent, defineAdapter, type AdapterReading, type ConsentManager } from 'consentry'
import { gpp } from '../../adapters/gpp/index.js'
import { pick, random, type Rand } from './generate.js'

// Generated readings and option names against the rule the adapters review set: something grants
// only as an own, exact `true` of a configured category (or, in GPP, an opt-out field the US
// sections define), and everything else is denied AND reported, once per distinct problem. The
// oracles below are written from that rule, not from the code. `npm run fuzz` runs 4x as many.
const RUNS = process.env.FUZZ_FULL ? 2_000 : 500
const categories = ['a', 'b', 'c'].map((id) => ({ id, name: id, enforcement: 'opt-in' as const }))
const made: ConsentManager[] = []
afterEach(() => {
  for (const consent of made.splice(0)) consent.destroy()
  delete (window as unknown as Record<string, unknown>).__gpp
})

// Values an adapter may put in a reading: only `true` grants; only `true` and `false` are silent.
const VALUES: unknown[] = [true, false, 'true', 'false', 1, 0, null, undefined, {}, [true], 'yes', Number.NaN]
const IDS = ['a', 'b', 'c', 'A', 'a ', 'd', 'constructor']

/** A reading of random own values, some only inherited; with what the rule expects of it. */
function generate(rand: Rand) {
  const own: Record<string, unknown> = {}
  const inherited: Record<string, unknown> = {}
  for (const id of IDS) {
    const roll = rand()
    if (roll < 0.45) own[id] = pick(rand, VALUES)
    else if (roll < 0.6) inherited[id] = pick(rand, VALUES)
  }
  const reading = Object.assign(Object.create(inherited), own) as AdapterReading
  const known = (id: string) => categories.some((c) => c.id === id)
  const granted = Object.fromEntries(categories.map(({ id }) => [id, Object.hasOwn(own, id) && own[id] === true]))
  // The distinct problems: an own id that is no category, a category's own value that is not a
  // boolean, a category only inherited.
  const problems = new Set<string>()
  for (const id of Object.keys(own)) {
    if (!known(id)) problems.add(`${id}: unknown`)
    else if (typeof own[id] !== 'boolean') problems.add(`${id}: value`)
  }
  for (const id of Object.keys(inherited)) if (known(id) && !Object.hasOwn(own, id)) problems.add(`${id}: inherited`)
  return { reading, granted, problems }
}

describe('readings fuzz: the manager', () => {
  it(`${RUNS} generated readings: granted only own exact true of a category, each distinct problem reported once`, () => {
    const rand = random(11)
    let grants = 0
    let reports = 0
    for (let i = 0; i < RUNS; i++) {
      const { reading, granted, problems } = generate(rand)
      let emit: ((reading: AdapterReading) => void) | undefined
      const errors: string[] = []
      const consent = createConsent({
        categories,
        cookie: false,
        onError: (e) => errors.push(`${e.code}: ${e.message}`),
        adapters: [defineAdapter({ name: 'fuzz', watch: (next) => ((emit = next), () => {}) })],
      })
      made.push(consent)
      emit?.(reading)
      emit?.(reading) // a CMP repeats itself: no second report
      const { necessary: _, ...preferences } = { necessary: true, ...consent.get().categoryPreferences }
      expect(preferences).toEqual(granted)
      expect(errors.every((e) => e.startsWith('invalid-reading: consentry: adapter "fuzz" sent '))).toBe(true)
      expect(errors.length).toBe(problems.size)
      grants += Object.values(granted).filter(Boolean).length
      reports += errors.length
      consent.destroy()
    }
    expect(grants).toBeGreaterThan(RUNS / 20) // the generator reaches real grants
    expect(reports).toBeGreaterThan(RUNS) // and real problems
  })
})

describe('readings fuzz: GPP opt-out field names', () => {
  const FIELDS = ['SaleOptOut', 'SharingOptOut', 'TargetedAdvertisingOptOut']
  /** A field name with one random edit (drop, double, swap case of, or replace a letter), or unchanged. */
  function edit(rand: Rand, name: string): string {
    const at = Math.floor(rand() * name.length)
    const char = name[at]!
    const edits = [
      () => name.slice(0, at) + name.slice(at + 1),
      () => name.slice(0, at) + char + name.slice(at),
      () => name.slice(0, at) + (char === char.toLowerCase() ? char.toUpperCase() : char.toLowerCase()) + name.slice(at + 1),
      () => name.slice(0, at) + pick(rand, ['i', 'O', 'e', '_']) + name.slice(at + 1),
      () => name,
      () => `${name}Notice`,
    ]
    return pick(rand, edits)()
  }

  it(`${RUNS} generated optOuts: a name that is no opt-out field never grants and is reported; a valid map follows the section`, () => {
    const rand = random(12)
    let invalid = 0
    let grants = 0
    for (let i = 0; i < RUNS; i++) {
      const names = FIELDS.filter(() => rand() < 0.6).map((name) => edit(rand, name))
      if (!names.length) names.push(edit(rand, pick(rand, FIELDS)))
      const valid = names.every((name) => FIELDS.includes(name))
      // The visitor opted out of whatever each misspelled name meant, and of nothing else.
      const section = Object.fromEntries(FIELDS.map((field) => [field, names.includes(field) ? 2 : 1]))
      const event = { eventName: 'signalStatus', listenerId: 1, data: 'ready', pingData: { signalStatus: 'ready', applicableSections: [7], parsedSections: { usnat: section } } }
      ;(window as unknown as Record<string, unknown>).__gpp = (command: string, callback: (event: unknown, success: boolean) => void) => command === 'addEventListener' && callback(event, true)
      if (!valid) expect(() => gpp({ optOuts: { a: names } })).toThrowError(expect.objectContaining({ code: 'invalid-option' }))
      const errors: string[] = []
      process.env.NODE_ENV = 'production'
      try {
        const consent = createConsent({ categories, cookie: false, onError: (e) => errors.push(`${e.code}: ${e.message}`), adapters: [gpp({ optOuts: { a: names } })] })
        made.push(consent)
        expect(consent.isGranted('a')).toBe(valid)
        expect(errors).toEqual(valid ? [] : [expect.stringMatching(/^invalid-option: consentry: gpp\(\{ optOuts \}\) names /)])
        invalid += valid ? 0 : 1
        grants += consent.isGranted('a') ? 1 : 0
        consent.destroy()
      } finally {
        process.env.NODE_ENV = 'test'
      }
    }
    expect(invalid).toBeGreaterThan(RUNS / 4)
    expect(grants).toBeGreaterThan(RUNS / 20)
  })
})
