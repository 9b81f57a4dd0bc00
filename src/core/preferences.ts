import type { Category, CategoryPreferences } from './types.js'
import { own } from './own.js'

/** Fail-closed preferences: only `always` categories granted. */
export function closedPreferences(categories: readonly Category[]): CategoryPreferences {
  return Object.fromEntries(categories.map((c) => [c.id, c.enforcement === 'always']))
}

/** Whether a category is granted with no choice made: only the permissive models grant. */
export const grantedByDefault = (category: Category): boolean => category.enforcement === 'opt-out' || category.enforcement === 'always'

/** Each category's enforcement model with no choice made: `opt-out` and `always` granted, the rest denied. */
export function defaultPreferences(categories: readonly Category[]): CategoryPreferences {
  return Object.fromEntries(categories.map((c) => [c.id, grantedByDefault(c)]))
}

/**
 * The effective preferences: `always` categories granted, Global Privacy Control denying `gpc`
 * categories the visitor has not granted explicitly, topics granted only with their purpose.
 * `wanted` is read as own properties only, and only an exact `true` grants.
 * Returns them with whether GPC denied something that would otherwise be granted.
 */
export function effectivePreferences(categories: readonly Category[], wanted: unknown, gpc: boolean, explicit: ReadonlyMap<string, boolean>): { preferences: CategoryPreferences; byGpc: boolean } {
  let byGpc = false
  const alone: CategoryPreferences = {}
  for (const { id, enforcement, gpc: honoursGpc } of categories) {
    let granted = enforcement === 'always' || own(wanted, id) === true
    if (granted && gpc && honoursGpc === true && enforcement !== 'always' && explicit.get(id) !== true) {
      granted = false
      byGpc = true
    }
    alone[id] = granted
  }
  const preferences: CategoryPreferences = {}
  for (const { id, parent } of categories) preferences[id] = alone[id] === true && (parent === undefined || alone[parent] === true)
  return { preferences, byGpc }
}

export function samePreferences(a: Readonly<CategoryPreferences>, b: Readonly<CategoryPreferences>): boolean {
  return Object.keys(a).every((id) => a[id] === own(b, id))
}
