// Vue 3 bindings: a readonly shallow ref per call, fed by consent.subscribe and released with the
// component (or effect scope) that created it.
import { computed, getCurrentInstance, getCurrentScope, onMounted, onScopeDispose, shallowRef, type Ref } from 'vue'
import type { ConsentManager, ConsentState } from 'consentry'
import { managerOrNone } from '../bindings/manager-or-none.js'
import { serverState } from '../bindings/server-state.js'

/**
 * A readonly ref of the consent state, updated on every real change. On the server, and while a
 * component hydrates server HTML, it starts from a pending state that grants nothing (what the
 * server rendered), then takes the real state once mounted, so hydration never mismatches.
 * @example
 * import { defineComponent, h } from 'vue'
 * import { useConsent } from 'consentry/vue'
 *
 * const ConsentStatus = defineComponent(() => {
 *   const state = useConsent(consent)
 *   return () => h('p', `consent: ${state.value.status}`)
 * })
 */
export function useConsent(consent: ConsentManager): Readonly<Ref<ConsentState>> {
  return consentRef(managerOrNone(consent, 'useConsent'))
}

function consentRef(consent: ConsentManager): Readonly<Ref<ConsentState>> {
  // While Vue hydrates, a component's vnode already holds its server-rendered DOM node during
  // setup; on a plain mount it gets one only after rendering.
  const hydrating = getCurrentInstance()?.vnode.el != null
  const state = shallowRef(hydrating ? serverState(consent) : consent.get())
  const update = () => {
    state.value = consent.get()
  }
  // A server render never changes and never unmounts: subscribing there would only leak.
  if (typeof window === 'object') {
    const stop = consent.subscribe(update)
    if (getCurrentScope()) onScopeDispose(stop)
    if (hydrating) onMounted(update)
  }
  // A computed over the ref: readonly, and it changes exactly when the state object does.
  return computed(() => state.value)
}

/**
 * A readonly ref: whether one category is granted (`false` on the server, while hydrating and for
 * unknown ids). Dependents re-render only when the answer changes.
 * @example
 * import { defineComponent, h } from 'vue'
 * import { useGranted } from 'consentry/vue'
 *
 * const Video = defineComponent(() => {
 *   const allowed = useGranted(consent, 'marketing')
 *   return () => (allowed.value ? h('iframe', { src: 'https://www.youtube-nocookie.com/embed/xyz', title: 'Demo' }) : h('p', 'Allow marketing to watch this video.'))
 * })
 */
export function useGranted(consent: ConsentManager, categoryId: string): Readonly<Ref<boolean>> {
  const state = consentRef(managerOrNone(consent, 'useGranted'))
  // Own properties only, as consent.isGranted reads them: an inherited key (`constructor`, or one a
  // polluted Object.prototype adds) is never a grant.
  return computed(() => {
    const preferences = state.value.categoryPreferences
    return Object.hasOwn(preferences, categoryId) && preferences[categoryId] === true
  })
}
