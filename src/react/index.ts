// React bindings: consent as external state through useSyncExternalStore, so concurrent rendering
// never tears and server rendering and hydration use one snapshot that grants nothing.
import { useSyncExternalStore, type ReactNode } from 'react'
import type { ConsentManager, ConsentState } from 'consentry'
import { managerOrNone } from '../bindings/manager-or-none.js'
import { serverState } from '../bindings/server-state.js'

// React requires getServerSnapshot to return the same object on every call: one per manager.
const snapshots = new WeakMap<ConsentManager, ConsentState>()
const serverSnapshot = (consent: ConsentManager): ConsentState => {
  const known = snapshots.get(consent)
  if (known) return known
  const state = serverState(consent)
  snapshots.set(consent, state)
  return state
}

/**
 * The current consent state; the component re-renders once per real change. On the server and
 * while hydrating it is a pending state that grants nothing, so the server's HTML and the first
 * client render agree; the real state follows right after hydration.
 * @example
 * import { createElement } from 'react'
 * import { useConsent } from 'consentry/react'
 *
 * function ConsentStatus() {
 *   const state = useConsent(consent)
 *   return createElement('p', null, `consent: ${state.status}, analytics ${state.categoryPreferences.analytics ? 'on' : 'off'}`)
 * }
 */
export function useConsent(consent: ConsentManager): ConsentState {
  const manager = managerOrNone(consent, 'useConsent')
  return useSyncExternalStore(manager.subscribe, manager.get, () => serverSnapshot(manager))
}

/**
 * Whether one category is granted now (`false` on the server, while hydrating, and for unknown
 * ids). The component re-renders only when this answer changes.
 * @example
 * import { createElement } from 'react'
 * import { useGranted } from 'consentry/react'
 *
 * function VideoEmbed() {
 *   const allowed = useGranted(consent, 'marketing')
 *   return allowed ? createElement('iframe', { src: 'https://www.youtube-nocookie.com/embed/xyz', title: 'Demo' }) : createElement('p', null, 'Allow marketing to watch this video.')
 * }
 */
export function useGranted(consent: ConsentManager, categoryId: string): boolean {
  return useGrantedFor(consent, categoryId, 'useGranted')
}

// The hook behind useGranted and ConsentGate; `fn` names the caller in the missing-manager error.
function useGrantedFor(consent: ConsentManager, categoryId: string, fn: string): boolean {
  const manager = managerOrNone(consent, fn)
  return useSyncExternalStore(
    manager.subscribe,
    () => manager.isGranted(categoryId),
    () => false,
  )
}

/**
 * Props of {@link ConsentGate}.
 * @example
 * const props: ConsentGateProps = { consent, category: 'analytics', fallback: 'Analytics is off.' }
 */
export interface ConsentGateProps {
  consent: ConsentManager
  /** The category that must be granted. */
  category: string
  /** Rendered only while `category` is granted. */
  children?: ReactNode
  /** Rendered otherwise (on the server, while hydrating, while denied). @default null */
  fallback?: ReactNode
}

/**
 * Renders its children only while `category` is granted, `fallback` otherwise; a revocation
 * unmounts the children at once.
 * @example
 * import { createElement } from 'react'
 * import { ConsentGate } from 'consentry/react'
 *
 * const chat = createElement(ConsentGate, { consent, category: 'functional', fallback: createElement('a', { href: '#consent' }, 'Allow chat') }, createElement('iframe', { src: '/chat', title: 'Chat' }))
 */
export function ConsentGate({ consent, category, children, fallback = null }: ConsentGateProps): ReactNode {
  return useGrantedFor(consent, category, 'ConsentGate') ? children : fallback
}
