import type { Config } from './resolve-config.js'
import type { CategoryPreferences } from './types.js'
import { own } from './own.js'

/**
 * Whether a destination may load and receive events: it is mapped to at least one category and
 * every one of them is granted (own `true`); an unmapped one follows `unmapped` (never on the
 * server). A mapping the configuration rejected is kept as an empty list, so it never allows.
 */
export function destinationAllowed(config: Config, preferences: Readonly<CategoryPreferences>, name: string, inBrowser: boolean): boolean {
  const needed = own(config.destinations, name)
  if (needed === undefined) return inBrowser && config.unmapped === 'allow'
  return Array.isArray(needed) && needed.length > 0 && needed.every((id) => own(preferences, id) === true)
}
