import type { Config } from './resolve-config.js'
import type { ConsentManager } from './types.js'
import { ConsentError } from './consent-error.js'
import { scopedManager } from './scoped-manager.js'
import { warnOnce } from './warn-once.js'
import { own } from './own.js'

interface Registry {
  version: string
  managers: Record<string, ConsentManager>
  /** What each manager gates on, so a second copy can tell whether it asks for the same thing. */
  gating?: Record<string, string>
  warned?: boolean
}

// Symbol.for is shared by every bundle in the realm, so an npm copy and the script tag meet here.
const KEY = Symbol.for('consentry')

// Names and descriptions may differ (a translated copy); what decides a grant may not.
const gatingOf = ({ categories, destinations, unmapped, policyVersion }: Config) =>
  JSON.stringify([categories.map((c) => [c.id, c.enforcement, c.gpc === true, c.parent]), Object.entries(destinations).sort(), unmapped, policyVersion])

/**
 * Returns the page's manager for the configured cookie, creating it on first use, so every copy of
 * consentry on the page shares one state. A later copy that gates on other categories or
 * destinations gets a deny-safe view of that state (see scopedManager) and an `invalid-option`
 * report, in every build: its options are not silently ignored. Warns once when two copies of
 * different versions meet.
 */
export function sharedManager(config: Config, create: (release: () => void) => ConsentManager): ConsentManager {
  const key = config.cookie ? config.cookie.name : 'consentry'
  const scope = globalThis as typeof globalThis & { [KEY]?: Registry }
  const registry = (scope[KEY] ??= { version: __VERSION__, managers: {} })
  const gating = (registry.gating ??= {})
  if (registry.version !== __VERSION__ && !registry.warned) {
    registry.warned = true
    console.warn(`[consentry] two versions on this page (${registry.version} and ${__VERSION__}) share one consent state; load one.`)
  }
  // Own entries only: a cookie named "constructor" must not find Object's.
  const existing = own(registry.managers, key) as ConsentManager | undefined
  if (existing) {
    if (own(gating, key) === gatingOf(config)) {
      warnOnce(`createConsent() was called again for cookie "${key}": the page's existing manager is returned`)
      return existing
    }
    const error = new ConsentError(
      'invalid-option',
      `consentry: createConsent() was called again for cookie "${key}" with other categories, destinations or policy; this copy reads the page's one state deny-safe: a category the two configurations do not define alike is denied`,
    )
    console.error(error)
    config.onError(error)
    return scopedManager(existing, config)
  }
  const manager = create(() => {
    if (registry.managers[key] === manager) delete registry.managers[key]
  })
  registry.managers[key] = manager
  gating[key] = gatingOf(config)
  return manager
}
