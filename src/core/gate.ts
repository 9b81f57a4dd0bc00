import { ConsentError } from './consent-error.js'
import type { ConsentManager } from './types.js'
import { own } from './own.js'
import { isManager } from './is-manager.js'
import { show } from './show.js'

/**
 * A destination loaded by code rather than by a script tag. `unload` is where revocation becomes
 * real without a reload: remove what `load` added.
 * @example
 * const chat: GatedDestination = {
 *   name: 'Intercom', // its categories come from createConsent({ destinations })
 *   load: () => void document.head.append(Object.assign(document.createElement('script'), { src: 'https://widget.intercom.io/widget/app' })),
 *   unload: () => document.querySelector('#intercom-container')?.remove(),
 * }
 * const stop = gate(consent, chat)
 */
export interface GatedDestination {
  /** Destination name, looked up in the manager's `destinations` when `categories` is not given. */
  name: string
  /** Category ids that must all be granted; overrides the `destinations` mapping. */
  categories?: readonly string[] | undefined
  /** Runs when the destination becomes allowed. */
  load(): void | Promise<void>
  /** Runs when an allowed destination is revoked: remove its SDK, listeners and cookies here. */
  unload?(): void | Promise<void>
}

/**
 * Loads a destination while consent allows it and unloads it on revocation, without a reload.
 * `load` runs once per grant (again after an `unload`), never on repeated notifications; a
 * throwing or rejecting `load`/`unload` goes to `onError`. One without a `name` or `categories`
 * it can use (not an array of configured category ids) never loads and is reported
 * (`invalid-option`). Returns a function that stops gating.
 *
 * @throws ConsentError `invalid-option` in development when `consent` is not a manager from createConsent
 * (in production: printed with console.error, and nothing is done).
 * @example
 * gate(consent, { name: 'Hotjar', categories: ['analytics'], load: loadHotjar, unload: removeHotjar })
 */
export function gate(consent: ConsentManager, destination: GatedDestination): () => void {
  if (!isManager(consent, 'gate')) return () => {}
  let loaded = false
  // Own properties only: a polluted Object.prototype.categories must not stand in for the mapping.
  const name = own(destination, 'name') as string
  const categories = own(destination, 'categories')
  // One it cannot read (no name to look up, categories that are not configured ids) never loads, and says so.
  const usable = categories === undefined ? typeof name === 'string' : Array.isArray(categories) && categories.length > 0 && categories.every((id) => consent.categories.some((c) => c.id === id))
  if (!usable) consent.report(new ConsentError('invalid-option', `consentry: gate() of ${show(name)} needs a name or a non-empty array of configured category ids; it never loads`))
  const sync = () => {
    const allowed = usable && (Array.isArray(categories) ? categories.every((id) => consent.isGranted(id)) : consent.allows(name))
    if (allowed === loaded) return
    loaded = allowed
    const step = allowed ? 'load' : 'unload'
    const fail = (error: unknown) => consent.report(new ConsentError('callback-failed', `consentry: ${step}() of "${name}" failed`, error))
    try {
      Promise.resolve(destination[step]?.()).catch(fail)
    } catch (error) {
      fail(error)
    }
  }
  sync()
  return consent.subscribe(sync)
}
