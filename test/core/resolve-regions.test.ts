import { describe, expect, it } from 'vitest'
import { resolveRegions } from '../../src/core/regions.js'
import type { Category, RegionRule } from 'consentry'

// The region policy as resolveConfig builds it (src/REGIONS.md describes the rules): which rule a
// visitor gets, the strictest reading where the region is not known exactly, and whether a
// decision stored under another region still stands.
const categories: Category[] = [
  { id: 'necessary', name: 'Necessary', enforcement: 'always' },
  { id: 'analytics', name: 'Analytics', enforcement: 'opt-in' },
  { id: 'ads', name: 'Ads', enforcement: 'opt-in', gpc: false },
]
const lax: RegionRule = { mode: 'none', gpc: false, enforcement: { analytics: 'always', ads: 'opt-out' } }
const middle: RegionRule = { mode: 'opt-out', enforcement: { analytics: 'opt-out', ads: 'opt-out' } }
const strict: RegionRule = { mode: 'opt-in', gpc: true }

function place(regions: unknown, region?: unknown) {
  const notes: string[] = []
  const resolved = resolveRegions(regions, region, categories, (option, rule) => void notes.push(`${option} ${rule}`))
  return { resolved, notes }
}
/** The mode and each category's enforcement and GPC handling: what a policy decides. */
const policyOf = (policy: { mode: string; categories: Category[] }) => [policy.mode, ...policy.categories.map((c) => `${c.id}:${c.enforcement}${c.gpc === true ? '+gpc' : ''}`)]
const LAX = ['none', 'necessary:always', 'analytics:always', 'ads:opt-out']
const MIDDLE = ['opt-out', 'necessary:always', 'analytics:opt-out', 'ads:opt-out']
const STRICT = ['opt-in', 'necessary:always+gpc', 'analytics:opt-in+gpc', 'ads:opt-in+gpc']
const CLOSED = ['opt-in', 'necessary:always+gpc', 'analytics:opt-in+gpc', 'ads:opt-in+gpc']

describe('the rule for a visitor in a known place', () => {
  it.each([
    ['a country with its own rule', { FR: middle, EU: strict, '*': lax }, 'FR', MIDDLE],
    ['a country in a group', { EU: middle, '*': lax }, 'FR', MIDDLE],
    ['a subdivision under its country', { US: middle, '*': lax }, 'US-TX', MIDDLE],
    ['a subdivision under its group before its country', { 'US-STATES-WITH-LAW': middle, US: strict, '*': lax }, 'US-CA', MIDDLE],
    ['a subdivision with its own rule', { 'US-CA': middle, US: strict, '*': lax }, 'US-CA', MIDDLE],
    ['a country with no rule', { EU: strict, '*': lax }, 'BR', LAX],
    ['a country with no rule and no "*"', { EU: middle }, 'BR', ['opt-in', 'necessary:always', 'analytics:opt-in', 'ads:opt-in']],
    ['a region written in lower case with spaces', { FR: middle, '*': lax }, ' fr ', MIDDLE],
  ])('%s', (_, regions, region, policy) => {
    const { resolved, notes } = place(regions, region)
    expect(policyOf(resolved)).toEqual(policy)
    expect(notes).toEqual([])
  })

  it('is recorded under the code it was given, trimmed and upper-cased', () => {
    expect(place({ FR: middle }, ' fr ').resolved.key).toBe('FR')
    expect(place({ FR: middle }, 'us-ca').resolved.key).toBe('US-CA')
    expect(place({ FR: middle }, 'EEA').resolved.key).toBe('EEA')
  })
})

describe('a visitor known only as somewhere in a group gets every rule that may apply there', () => {
  it.each([
    ['a rule for a country of the group', { FR: strict, '*': lax }, 'EU', STRICT],
    ['a rule for a group that overlaps it', { EEA: middle, '*': lax }, 'EU', MIDDLE],
    ['a rule for a country with subdivisions in the group', { US: middle, '*': lax }, 'US-STATES-WITH-LAW', MIDDLE],
    ['no rule for a place outside the group', { 'US-CA': strict, CH: strict, '*': lax }, 'EEA', LAX],
    ['no rule for a country outside a group of subdivisions', { DE: strict, '*': lax }, 'US-STATES-WITH-LAW', LAX],
    ['the group\u2019s own rule, without "*"', { EU: lax, '*': strict }, 'EU', LAX],
    ['the group\u2019s own rule with every other rule in it', { EU: lax, FR: middle, '*': strict }, 'EU', ['opt-out', 'necessary:always', 'analytics:opt-out', 'ads:opt-out']],
  ])('%s', (_, regions, region, policy) => {
    expect(policyOf(place(regions, region).resolved)).toEqual(policy)
  })
})

describe('a visitor whose region is not known gets the strictest of all rules', () => {
  it.each([
    ['"*" is the strictest', { FR: lax, '*': strict }, STRICT],
    ['a country rule is the strictest', { FR: strict, '*': lax }, STRICT],
    [
      'each category at its strictest',
      { FR: { mode: 'none', gpc: false, enforcement: { analytics: 'opt-out', ads: 'always' } }, DE: { mode: 'opt-out', gpc: false, enforcement: { analytics: 'always', ads: 'opt-out' } }, '*': lax },
      MIDDLE,
    ],
    ['no rule honours GPC', { FR: lax, '*': { mode: 'none', gpc: false } }, ['none', 'necessary:always', 'analytics:opt-in', 'ads:opt-in']],
    ['one rule honours GPC', { FR: lax, DE: { mode: 'none', gpc: true } }, ['opt-in', 'necessary:always+gpc', 'analytics:opt-in+gpc', 'ads:opt-in+gpc']],
  ])('%s', (_, regions, policy) => {
    for (const region of [undefined, 'XX', 'T1', ' t1 ', 'ZZ']) {
      const { resolved, notes } = place(regions, region)
      expect(policyOf(resolved), String(region)).toEqual(policy)
      expect(resolved.key).toBe('!')
      // A CDN's "unknown" is an answer, not a mistake.
      expect(notes).toEqual([])
    }
  })

  it('a region that is no code is reported', () => {
    for (const region of ['France', 5, 'US-CALIF', 'X']) {
      const { resolved, notes } = place({ FR: lax, '*': middle }, region)
      expect(resolved.key).toBe('!')
      expect(notes).toEqual(['region must be an ISO 3166-1 or 3166-2 code (e.g. "FR", "US-CA") or a region group'])
    }
  })
})

describe('without regions', () => {
  it.each([undefined, 'FR', 'XX'])('region %s: the categories as configured, recorded under no region', (region) => {
    const { resolved } = place(undefined, region)
    expect(resolved.mode).toBe('opt-in')
    expect(resolved.categories).toEqual(categories)
    expect(resolved.key).toBe('')
    expect(resolved.at('FR')).toBeUndefined()
  })
})

describe('an unreadable rule or map is read as the closed rule', () => {
  it.each([
    ['a map that is not an object', 'opt-in', 'regions must be an object of region code → rule'],
    ['a key that is no place', { Europe: lax }, 'regions.Europe is not an ISO 3166 code, a region group or "*"'],
    ['a rule with a misspelled option', { '*': { ...lax, modes: 'none' } }, 'regions.*.modes is not a region rule option (misspelled?)'],
    ['an unknown enforcement', { '*': { enforcement: { ads: 'opt_out' } } }, 'regions.*.enforcement.ads must be one of always, opt-out, opt-in'],
    ['an unknown mode', { '*': { mode: 'banner' } }, 'regions.*.mode must be one of none, opt-out, opt-in'],
    ['a rule that is not an object', { '*': 'none' }, 'regions.* must be an object ({ mode, enforcement, gpc })'],
    ['a gpc that is not a boolean', { '*': { ...lax, gpc: 'no' } }, 'regions.*.gpc must be a boolean'],
    ['an enforcement that is not an object', { '*': { mode: 'none', enforcement: 'always' } }, 'regions.*.enforcement must be an object of category id → enforcement'],
    ['an enforcement for a category not configured', { '*': { mode: 'none', enforcement: { ads: 'always', chat: 'always' } } }, 'regions.*.enforcement.chat must name a configured category'],
  ])('%s', (_, regions, note) => {
    const { resolved, notes } = place(regions, 'BR')
    expect(policyOf(resolved)).toEqual(CLOSED)
    expect(notes).toEqual([note])
  })

  it('each valid mode and enforcement is taken as given', () => {
    for (const mode of ['none', 'opt-out', 'opt-in'] as const)
      for (const enforcement of ['always', 'opt-out', 'opt-in'] as const) {
        const { resolved, notes } = place({ BR: { mode, gpc: false, enforcement: { ads: enforcement } } }, 'BR')
        expect(notes).toEqual([])
        expect(policyOf(resolved)).toEqual([mode, 'necessary:always', 'analytics:opt-in', `ads:${enforcement}`])
      }
  })
})

describe('whether a stored decision stands', () => {
  const regions = { FR: strict, DE: { mode: 'opt-in', enforcement: { analytics: 'opt-out' } }, PT: { mode: 'opt-out' }, US: middle, '*': lax }

  it.each([
    ['the same region', 'FR', 'FR', true],
    ['a laxer region', 'BR', 'FR', true],
    ['a stricter mode', 'FR', 'US', false],
    ['a stricter mode, every category alike', 'FR', 'PT', false],
    ['the same mode, one category stricter', 'FR', 'DE', false],
    ['the same mode, one category laxer', 'DE', 'FR', true],
    ['an unknown region (the strictest rule)', 'FR', '!', true],
    ['a stored value that is no place', 'BR', 'ZZZ-1', false],
  ])('here %s, stored under %s: %s (%s)', (_, here, stored, stands) => {
    const { resolved } = place(regions, here)
    expect(resolved.covers(stored)).toBe(stands)
  })

  it('one from before regions were configured stands only where the categories are as strict', () => {
    expect(place(regions, 'FR').resolved.covers(undefined)).toBe(true)
    expect(place({ FR: { enforcement: { necessary: 'opt-in' } } }, 'FR').resolved.covers(undefined)).toBe(false)
  })
})

describe('the policy where a CMP places the visitor', () => {
  it('is looked up when the site gave no region', () => {
    const { resolved } = place({ EEA: strict, US: middle, '*': lax })
    expect(policyOf(resolved.at('US-CA') ?? { mode: '', categories: [] })).toEqual(MIDDLE)
    expect(resolved.at('EEA')?.key).toBe('EEA')
    expect(resolved.at(undefined)?.key).toBe('!')
    expect(policyOf(resolved.at('BR') ?? { mode: '', categories: [] })).toEqual(LAX)
  })

  it('is not looked up when the site gave the region: the site knows better', () => {
    expect(place({ EEA: strict, '*': lax }, 'BR').resolved.at('FR')).toBeUndefined()
  })
})
