import type { ConsentManager } from './types.js'

// Managers whose destroy() has run. Their state no longer changes, so a gate that outlived its
// manager would go on activating what later DOM changes add under that frozen state, even after
// the site created a new manager in which the visitor revoked it: the gates stop instead.
const retired = new WeakSet<ConsentManager>()
// A deny-safe view (scoped-manager.ts) answers from the page's manager, so it is frozen, and
// retired, as soon as that manager is.
const readsFrom = new WeakMap<ConsentManager, ConsentManager>()

/** Marks a manager destroyed. */
export const retire = (manager: ConsentManager): void => void retired.add(manager)

/** Retires `view` whenever `manager` is retired. */
export const retireWith = (view: ConsentManager, manager: ConsentManager): void => void readsFrom.set(view, manager)

/** Whether the manager's destroy() has run, or that of the manager it reads from. */
export function isRetired(manager: ConsentManager): boolean {
  const base = readsFrom.get(manager)
  return retired.has(manager) || (base !== undefined && isRetired(base))
}
