import type { Category, Enforcement, RegionMode, RegionRule } from './types.js'
import { isObject } from './is-object.js'
import { own, ownKeys } from './own.js'
import { REGION_GROUPS } from './region-groups.js'

/** The policy that applies to this visitor: the categories with the region's overrides, and the widget's mode. */
export interface RegionPolicy {
  /** The `regions` key that applied: '' when none did (the categories as configured), '!' for the strictest. */
  key: string
  mode: RegionMode
  categories: Category[]
}

/** The visitor's policy, and whether a decision stored under another policy key still stands. */
export interface ResolvedRegion extends RegionPolicy {
  covers(storedKey: string | undefined): boolean
}

type Note = (option: string, rule: string, value: unknown) => void

// Ascending strictness: a higher index restricts more.
const MODES: readonly RegionMode[] = ['none', 'opt-out', 'opt-in']
const ENFORCEMENTS: readonly Enforcement[] = ['always', 'opt-out', 'opt-in']
const RULE_KEYS = ['mode', 'enforcement', 'gpc']
// ISO 3166-1 alpha-2, optionally with an ISO 3166-2 subdivision (`US-CA`).
const CODE = /^[A-Z]{2}(-[A-Z0-9]{1,3})?$/
// User-assigned and reserved codes that CDNs send for "unknown", "anonymous proxy", "Europe": not a place.
const NOT_A_PLACE = /^(AA|AP|EU|Q[M-Z]|X[A-Z]|ZZ)$/

const members = (group: string) => own(REGION_GROUPS, group) as readonly string[] | undefined
const isKey = (key: string) => key === '*' || members(key) !== undefined || (CODE.test(key) && !NOT_A_PLACE.test(key))
/** Whether a `regions` key can cover a visitor somewhere in `group`. */
const overlaps = (key: string, group: readonly string[]) =>
  (members(key) ?? [key]).some((code) => group.some((member) => member === code || member.startsWith(`${code}-`)))
const strictest = <T>(order: readonly T[], values: T[]): T => order[Math.max(...values.map((value) => order.indexOf(value)))] as T

/** Several policies as one that restricts wherever any of them does. */
function combine(policies: RegionPolicy[], key: string): RegionPolicy {
  const [first] = policies as [RegionPolicy]
  return {
    key,
    mode: strictest(MODES, policies.map((p) => p.mode)),
    categories: first.categories.map((category, i) => {
      const all = policies.map((p) => p.categories[i] as Category)
      return { ...category, enforcement: strictest(ENFORCEMENTS, all.map((c) => c.enforcement)), gpc: all.some((c) => c.gpc === true) }
    }),
  }
}

/** The most restrictive rule there is: what an unreadable rule, or an unreadable map, stands for. */
const closed = (categories: Category[], key: string): RegionPolicy => ({
  key,
  mode: 'opt-in',
  categories: categories.map((c) => ({ ...c, enforcement: c.enforcement === 'always' ? 'always' : 'opt-in', gpc: true })),
})

/** One rule applied to the configured categories; anything unreadable in it makes the whole rule closed. */
function applyRule(rule: unknown, key: string, categories: Category[], note: Note): RegionPolicy {
  const at = `regions.${key}`
  const fail = (option: string, text: string, value: unknown) => (note(option, text, value), closed(categories, key))
  if (!isObject(rule)) return fail(at, 'must be an object ({ mode, enforcement, gpc })', rule)
  const extra = ownKeys(rule).find((name) => !RULE_KEYS.includes(name))
  if (extra !== undefined) return fail(`${at}.${extra}`, 'is not a region rule option (misspelled?)', own(rule, extra))
  const mode = own(rule, 'mode') ?? 'opt-in'
  if (!MODES.includes(mode as RegionMode)) return fail(`${at}.mode`, `must be one of ${MODES.join(', ')}`, mode)
  const gpc = own(rule, 'gpc')
  if (gpc !== undefined && gpc !== true && gpc !== false) return fail(`${at}.gpc`, 'must be a boolean', gpc)
  const overrides = own(rule, 'enforcement') ?? {}
  if (!isObject(overrides)) return fail(`${at}.enforcement`, 'must be an object of category id → enforcement', overrides)
  for (const id of ownKeys(overrides)) {
    const value = own(overrides, id)
    if (!categories.some((c) => c.id === id)) return fail(`${at}.enforcement.${id}`, 'must name a configured category', value)
    if (!ENFORCEMENTS.includes(value as Enforcement)) return fail(`${at}.enforcement.${id}`, `must be one of ${ENFORCEMENTS.join(', ')}`, value)
  }
  return {
    key,
    mode: mode as RegionMode,
    categories: categories.map((c) => ({ ...c, enforcement: (own(overrides, c.id) as Enforcement | undefined) ?? c.enforcement, gpc: gpc === undefined ? c.gpc : gpc })),
  }
}

/** The `regions` keys that could apply to `code`, most specific first. */
function candidates(code: string): string[] {
  const country = code.slice(0, 2)
  const groups = (member: string) => Object.keys(REGION_GROUPS).filter((group) => members(group)?.includes(member))
  return [code, ...groups(code), country, ...groups(country), '*']
}

/**
 * The region's policy. `region` is a visitor's ISO 3166 code (from the site's server or CDN, or
 * {@link regionFromCmp}); a `regions` map that cannot be read, and a visitor whose region is not
 * known, get the strictest policy configured. Problems are noted with the option that has them.
 */
export function resolveRegions(regions: unknown, region: unknown, categories: Category[], note: Note): ResolvedRegion {
  const policies = new Map<string, RegionPolicy>()
  const policy = pick(regions, region, categories, policies, note)
  return { ...policy, covers: (storedKey) => covers(policy, storedKey === '!' ? closed(categories, '!') : policies.get(storedKey ?? '') ?? (storedKey ? undefined : { key: '', mode: 'opt-in', categories })) }
}

/**
 * A decision stored under `before` stands under `current` unless `current` is stricter somewhere:
 * its mode or a category's enforcement (an opt-out default granted is no opt-in consent). Global
 * Privacy Control needs no check: it is applied afresh to every stored decision. A decision from
 * an unknown or removed policy never stands.
 */
function covers(current: RegionPolicy, before: RegionPolicy | undefined): boolean {
  if (!before) return false
  const both = combine([before, current], '')
  return both.mode === before.mode && both.categories.every((c, i) => c.enforcement === before.categories[i]?.enforcement)
}

function pick(regions: unknown, region: unknown, categories: Category[], policies: Map<string, RegionPolicy>, note: Note): RegionPolicy {
  const code = typeof region === 'string' ? region.trim().toUpperCase() : undefined
  const group = code === undefined ? undefined : members(code)
  const known = code !== undefined && (group || (CODE.test(code) && !NOT_A_PLACE.test(code))) ? code : undefined
  // A CDN's "unknown" (XX, ZZ…) is an answer, not a mistake: unknown, but not reported.
  if (region !== undefined && known === undefined && !(code && NOT_A_PLACE.test(code))) note('region', 'must be an ISO 3166-1 or 3166-2 code (e.g. "FR", "US-CA") or a region group', region)
  const base: RegionPolicy = { key: '', mode: 'opt-in', categories }
  if (regions === undefined) return base
  if (!isObject(regions)) return note('regions', 'must be an object of region code → rule', regions), closed(categories, '!')
  for (const key of ownKeys(regions)) {
    if (!isKey(key)) return note(`regions.${key}`, 'is not an ISO 3166 code, a region group or "*"', own(regions, key)), closed(categories, '!')
    policies.set(key, applyRule(own(regions, key), key, categories, note))
  }
  if (group) {
    // Known only as "somewhere in this group" (a CMP's answer): every rule that may apply there.
    const matched = [...policies.values()].filter((policy) => policy.key !== '*' && overlaps(policy.key, group))
    if (matched.length) return matched.length === 1 ? (matched[0] as RegionPolicy) : combine(matched, '!')
  }
  const match = known && (group ? ['*'] : candidates(known)).find((key) => policies.has(key))
  if (match) return policies.get(match) as RegionPolicy
  if (known) return base
  // Not known: whatever any configured region requires (the categories as configured too, unless
  // "*" covers every region without a rule).
  return combine([...policies.values(), ...(policies.has('*') ? [] : [base])], '!')
}

