import type { ConsentManager } from './types.js'
import { warnOnce } from './warn-once.js'

interface Registry {
  version: string
  managers: Record<string, ConsentManager>
  warned?: boolean
}

// Symbol.for is shared by every bundle in the realm, so an npm copy and the script tag meet here.
const KEY = Symbol.for('consentry')

/**
 * Returns the page's manager for `key`, creating it on first use, so every copy of consentry on
 * the page shares one state. Warns once when two copies of different versions meet.
 */
export function sharedManager(key: string, create: (release: () => void) => ConsentManager): ConsentManager {
  const scope = globalThis as typeof globalThis & { [KEY]?: Registry }
  const registry = (scope[KEY] ??= { version: __VERSION__, managers: {} })
  if (registry.version !== __VERSION__ && !registry.warned) {
    registry.warned = true
    console.warn(`[consentry] two versions on this page (${registry.version} and ${__VERSION__}) share one consent state; load one.`)
  }
  const existing = registry.managers[key]
  if (existing) {
    warnOnce(`createConsent() was called again for cookie "${key}": the page's existing manager is returned and the new options are ignored`)
    return existing
  }
  const manager = create(() => {
    if (registry.managers[key] === manager) delete registry.managers[key]
  })
  registry.managers[key] = manager
  return manager
}
