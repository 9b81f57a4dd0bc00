import type { Category, Enforcement, RegionMode } from './types.js'
import { isObject } from './is-object.js'
import { own, ownKeys } from './own.js'
import { REGION_GROUPS } from './region-groups.js'

/** The policy that applies to a visitor: the categories with the region's overrides, and the widget's mode. */
export interface RegionPolicy {
  mode: RegionMode
  categories: Category[]
}

/** The visitor's policy, where it was placed, and how a decision stored elsewhere is judged. */
export interface ResolvedRegion extends RegionPolicy {
  /** What a stored decision records: the region code or group, `!` when unknown, '' without `regions`. */
  key: string
  /** Whether a decision stored under `storedKey` stands here: not when this policy is stricter. */
  covers(storedKey: string | undefined): boolean
  /** The policy for a region a CMP reports; undefined when the site gave `region` or has no `regions`. */
  at(code: string | undefined): ResolvedRegion | undefined
}

type Note = (option: string, rule: string, value: unknown) => void

// Ascending strictness: a higher index restricts more.
const MODES: readonly RegionMode[] = ['none', 'opt-out', 'opt-in']
const ENFORCEMENTS: readonly Enforcement[] = ['always', 'opt-out', 'opt-in']
const RULE_KEYS = ['mode', 'enforcement', 'gpc']
// ISO 3166-1 alpha-2, optionally with an ISO 3166-2 subdivision (`US-CA`); user-assigned and
// reserved codes that CDNs send for "unknown", "anonymous proxy", "Tor", "Europe" are no place.
const CODE = /^(?!(AA|AP|EU|Q[M-Z]|X[A-Z]|ZZ)(-|$))[A-Z]{2}(-[A-Z0-9]{1,3})?$/

const members = (group: string) => own(REGION_GROUPS, group) as readonly string[] | undefined
const isPlace = (code: string) => members(code) !== undefined || CODE.test(code)
/** Whether a `regions` key can cover a visitor somewhere in `group`. */
const overlaps = (key: string, group: readonly string[]) => (members(key) ?? [key]).some((code) => group.some((member) => member === code || member.startsWith(`${code}-`)))
const strictest = <T>(order: readonly T[], values: T[]): T => order[Math.max(...values.map((value) => order.indexOf(value)))] as T

/** Several policies as one that restricts wherever any of them does. */
function combine(policies: RegionPolicy[]): RegionPolicy {
  return {
    mode: strictest(
      MODES,
      policies.map((p) => p.mode),
    ),
    categories: (policies[0] as RegionPolicy).categories.map((category, i) => {
      const all = policies.map((p) => p.categories[i] as Category)
      return {
        ...category,
        enforcement: strictest(
          ENFORCEMENTS,
          all.map((c) => c.enforcement),
        ),
        gpc: all.some((c) => c.gpc === true),
      }
    }),
  }
}

/** The most restrictive rule there is: what an unreadable rule, or an unreadable map, stands for. */
const closed = (categories: Category[]): RegionPolicy => ({
  mode: 'opt-in',
  categories: categories.map((c) => ({ ...c, enforcement: c.enforcement === 'always' ? 'always' : 'opt-in', gpc: true })),
})

/** One rule applied to the configured categories; anything unreadable in it makes the whole rule closed. */
function applyRule(rule: unknown, at: string, categories: Category[], note: Note): RegionPolicy {
  const fail = (option: string, text: string, value: unknown) => (note(option, text, value), closed(categories))
  if (!isObject(rule)) return fail(at, 'must be an object ({ mode, enforcement, gpc })', rule)
  const extra = ownKeys(rule).find((name) => !RULE_KEYS.includes(name))
  if (extra !== undefined) return fail(`${at}.${extra}`, 'is not a region rule option (misspelled?)', own(rule, extra))
  // Only a missing option takes its default: `null` is as malformed as any other wrong value.
  const given = (option: string, fallback: unknown) => (own(rule, option) === undefined ? fallback : own(rule, option))
  const mode = given('mode', 'opt-in')
  if (!MODES.includes(mode as RegionMode)) return fail(`${at}.mode`, `must be one of ${MODES.join(', ')}`, mode)
  const gpc = own(rule, 'gpc')
  if (gpc !== undefined && gpc !== true && gpc !== false) return fail(`${at}.gpc`, 'must be a boolean', gpc)
  const overrides = given('enforcement', {})
  if (!isObject(overrides)) return fail(`${at}.enforcement`, 'must be an object of category id → enforcement', overrides)
  for (const id of ownKeys(overrides)) {
    const value = own(overrides, id)
    if (!categories.some((c) => c.id === id)) return fail(`${at}.enforcement.${id}`, 'must name a configured category', value)
    if (!ENFORCEMENTS.includes(value as Enforcement)) return fail(`${at}.enforcement.${id}`, `must be one of ${ENFORCEMENTS.join(', ')}`, value)
  }
  return {
    mode: mode as RegionMode,
    categories: categories.map((c) => ({ ...c, enforcement: (own(overrides, c.id) as Enforcement | undefined) ?? c.enforcement, gpc: gpc ?? c.gpc })),
  }
}

/** Every rule of `regions` by key, or null when the map itself cannot be read (then every visitor gets the closed rule). */
function readRules(regions: unknown, categories: Category[], note: Note): Map<string, RegionPolicy> | null {
  const rules = new Map<string, RegionPolicy>()
  if (!isObject(regions)) return (note('regions', 'must be an object of region code → rule', regions), null)
  for (const key of ownKeys(regions)) {
    if (key !== '*' && !isPlace(key)) return (note(`regions.${key}`, 'is not an ISO 3166 code, a region group or "*"', own(regions, key)), null)
    rules.set(key, applyRule(own(regions, key), `regions.${key}`, categories, note))
  }
  return rules
}

/** The policy for a visitor in `code` (a checked code or group), or anywhere (`undefined`). */
function policyFor(rules: Map<string, RegionPolicy>, code: string | undefined, base: RegionPolicy): RegionPolicy {
  const fallback = rules.get('*') ?? base
  const group = code === undefined ? undefined : members(code)
  // Known only as "somewhere in this group" (a CMP's answer), or not at all: every rule that may apply.
  if (code === undefined || group) {
    const matched = [...rules].filter(([key]) => key !== '*' && (!group || overlaps(key, group))).map(([, rule]) => rule)
    return combine(code !== undefined && rules.has(code) ? matched : [...matched, fallback])
  }
  const groups = (member: string) => Object.keys(REGION_GROUPS).filter((name) => members(name)?.includes(member))
  const country = code.slice(0, 2)
  const key = [code, ...groups(code), country, ...groups(country)].find((candidate) => rules.has(candidate))
  return key === undefined ? fallback : (rules.get(key) as RegionPolicy)
}

/**
 * A decision stored under `before` stands under `current` unless `current` is stricter somewhere:
 * its mode or a category's enforcement (an opt-out default granted is no opt-in consent). Global
 * Privacy Control needs no check: it is applied afresh to every stored decision.
 */
function covers(current: RegionPolicy, before: RegionPolicy): boolean {
  const both = combine([before, current])
  return both.mode === before.mode && both.categories.every((c, i) => c.enforcement === before.categories[i]?.enforcement)
}

/**
 * The visitor's policy. `region` is an ISO 3166 code or a group (from the site's server or CDN);
 * a `regions` map that cannot be read, and a visitor whose region is not known, get the strictest
 * policy configured. Problems are noted with the option that has them.
 */
export function resolveRegions(regions: unknown, region: unknown, categories: Category[], note: Note): ResolvedRegion {
  const base: RegionPolicy = { mode: 'opt-in', categories }
  const rules = regions === undefined ? undefined : readRules(regions, categories, note)
  const read = (value: unknown) => {
    const code = typeof value === 'string' ? value.trim().toUpperCase() : undefined
    return code !== undefined && isPlace(code) ? code : undefined
  }
  const given = read(region)
  // A CDN's "unknown" (XX, T1…) is an answer, not a mistake: unknown, but not reported.
  if (region !== undefined && given === undefined && !(typeof region === 'string' && /^[A-Z][A-Z0-9]$/i.test(region.trim())))
    note('region', 'must be an ISO 3166-1 or 3166-2 code (e.g. "FR", "US-CA") or a region group', region)
  const policy = (code: string | undefined) => (rules === undefined ? base : rules ? policyFor(rules, code, base) : closed(categories))
  const place = (code: string | undefined): ResolvedRegion => ({
    ...policy(code),
    key: rules === undefined ? '' : (code ?? '!'),
    // A stored key that is no place (a damaged cookie) never stands; one from before `regions` was the categories as configured.
    covers: (stored) => (stored === undefined ? covers(policy(code), base) : stored === '!' ? covers(policy(code), policy(undefined)) : isPlace(stored) && covers(policy(code), policy(stored))),
    at: (cmp) => (rules === undefined || region !== undefined ? undefined : place(read(cmp))),
  })
  return place(given)
}
