import type { ConsentManager } from './types.js'

// Managers whose destroy() has run. Their state no longer changes, so a gate that outlived its
// manager would go on activating what later DOM changes add under that frozen state, even after
// the site created a new manager in which the visitor revoked it: the gates stop instead.
const retired = new WeakSet<ConsentManager>()

/** Marks a manager destroyed. */
export const retire = (manager: ConsentManager): void => void retired.add(manager)

/** Whether the manager's destroy() has run. */
export const isRetired = (manager: ConsentManager): boolean => retired.has(manager)
