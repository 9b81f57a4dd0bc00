// Svelte stores over the manager. They follow the store contract (works with `$store` in Svelte 3,
// 4 and 5 and with svelte/store's derived), so this entry needs no import from svelte at all.
import type { ConsentManager, ConsentState } from 'consentry'
import { managerOrNone } from '../bindings/manager-or-none.js'

/**
 * The Svelte store contract: `subscribe` calls `run` at once with the current value, then after
 * each change, and returns the function that stops it.
 * @example
 * const store: Readable<boolean> = grantedStore(consent, 'analytics')
 * const stop = store.subscribe((granted) => console.log('analytics', granted))
 * stop()
 */
export interface Readable<T> {
  subscribe(run: (value: T) => void): () => void
}

/**
 * A store of the consent state: `$state` in a component re-renders on every real change. On the
 * server it holds the server manager's state, which grants nothing.
 * @example
 * import { consentStore } from 'consentry/svelte'
 *
 * // In a component: <p>consent: {$state.status}</p>
 * export const state = consentStore(consent)
 */
export function consentStore(given: ConsentManager): Readable<ConsentState> {
  const consent = managerOrNone(given, 'consentStore')
  return {
    subscribe(run) {
      run(consent.get())
      return consent.subscribe((state) => run(state))
    },
  }
}

/**
 * A store of whether one category is granted (`false` on the server and for unknown ids); it
 * calls subscribers again only when that answer changes.
 * @example
 * import { grantedStore } from 'consentry/svelte'
 *
 * // In a component: {#if $analytics}<Chart />{:else}<p>Analytics is off.</p>{/if}
 * export const analytics = grantedStore(consent, 'analytics')
 */
export function grantedStore(given: ConsentManager, categoryId: string): Readable<boolean> {
  const consent = managerOrNone(given, 'grantedStore')
  return {
    subscribe(run) {
      let granted = consent.isGranted(categoryId)
      run(granted)
      return consent.subscribe(() => {
        const now = consent.isGranted(categoryId)
        if (now === granted) return
        granted = now
        run(granted)
      })
    },
  }
}
