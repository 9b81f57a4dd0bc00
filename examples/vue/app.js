// The Vue example's components, shared by the browser (main.js) and the server render
// (render.mjs). Render functions, so the runtime-only Vue build is enough.
import { defineComponent, h } from 'vue'
import { useConsent, useGranted } from 'consentry/vue'

export const categories = [
  { id: 'necessary', name: 'Strictly necessary', enforcement: 'always' },
  { id: 'analytics', name: 'Analytics', enforcement: 'opt-in' },
  { id: 'marketing', name: 'Marketing', enforcement: 'opt-in' },
]

/** How often each subscribed component rendered (the tests read it as window.renders). */
export const renders = { status: 0, marketing: 0, dashboard: 0 }

const Status = defineComponent({
  props: ['consent'],
  setup(props) {
    const state = useConsent(props.consent)
    return () => {
      renders.status++
      const granted = Object.keys(state.value.categoryPreferences).filter((id) => state.value.categoryPreferences[id])
      return h('p', { id: 'status' }, `Consent: ${state.value.status}; granted: ${granted.join(', ') || 'nothing'}`)
    }
  },
})

const MarketingBadge = defineComponent({
  props: ['consent'],
  setup(props) {
    const marketing = useGranted(props.consent, 'marketing')
    return () => {
      renders.marketing++
      return h('p', { id: 'marketing' }, `Marketing: ${marketing.value ? 'on' : 'off'}`)
    }
  },
})

const Dashboard = defineComponent(() => () => {
  renders.dashboard++
  return h('section', { id: 'dashboard', 'aria-label': 'Analytics dashboard' }, [h('h2', 'Analytics dashboard'), h('p', 'Loaded because analytics is granted.')])
})

const AnalyticsGate = defineComponent({
  props: ['consent'],
  setup(props) {
    const analytics = useGranted(props.consent, 'analytics')
    return () => (analytics.value ? h(Dashboard) : h('p', { id: 'fallback' }, 'Analytics is off: the dashboard is not loaded.'))
  },
})

export const App = defineComponent({
  props: ['consent'],
  setup(props) {
    const button = (label, preferences) => h('button', { type: 'button', onClick: () => props.consent.set(preferences) }, label)
    return () =>
      h('main', [
        h('h1', 'consentry/vue'),
        h(Status, { consent: props.consent }),
        h(MarketingBadge, { consent: props.consent }),
        h('p', [
          button('Allow analytics', { analytics: true }),
          button('Refuse analytics', { analytics: false }),
          button('Allow marketing', { marketing: true }),
          button('Refuse marketing', { marketing: false }),
        ]),
        h(AnalyticsGate, { consent: props.consent }),
      ])
  },
})
