import type { Category, CategoryPreferences } from './types.js'

/** Fail-closed preferences: only `always` categories granted. */
export function closedPreferences(categories: readonly Category[]): CategoryPreferences {
  return Object.fromEntries(categories.map((c) => [c.id, c.enforcement === 'always']))
}

/** Each category's enforcement model with no choice made: `opt-in` denied, the rest granted. */
export function defaultPreferences(categories: readonly Category[]): CategoryPreferences {
  return Object.fromEntries(categories.map((c) => [c.id, c.enforcement !== 'opt-in']))
}

/**
 * The effective preferences: `always` categories granted, Global Privacy Control denying `gpc`
 * categories the visitor has not granted explicitly, topics granted only with their purpose.
 * Returns them with whether GPC denied something that would otherwise be granted.
 */
export function effectivePreferences(
  categories: readonly Category[],
  wanted: Readonly<Record<string, boolean | undefined>>,
  gpc: boolean,
  explicit: ReadonlySet<string>,
): { preferences: CategoryPreferences; byGpc: boolean } {
  let byGpc = false
  const own: CategoryPreferences = {}
  for (const { id, enforcement, gpc: honoursGpc } of categories) {
    let granted = enforcement === 'always' || wanted[id] === true
    if (granted && gpc && honoursGpc && enforcement !== 'always' && !explicit.has(id)) {
      granted = false
      byGpc = true
    }
    own[id] = granted
  }
  const preferences: CategoryPreferences = {}
  for (const { id, parent } of categories) preferences[id] = own[id] === true && (parent === undefined || own[parent] === true)
  return { preferences, byGpc }
}

export function samePreferences(a: Readonly<CategoryPreferences>, b: Readonly<CategoryPreferences>): boolean {
  for (const id in a) if (a[id] !== b[id]) return false
  return true
}
