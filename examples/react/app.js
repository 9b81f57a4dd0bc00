// The React example's components, shared by the browser (main.js) and the server render
// (render.mjs). Plain createElement, so it runs without a JSX build step.
import { createElement as h } from 'react'
import { ConsentGate, useConsent, useGranted } from 'consentry/react'

export const categories = [
  { id: 'necessary', name: 'Strictly necessary', enforcement: 'always' },
  { id: 'analytics', name: 'Analytics', enforcement: 'opt-in' },
  { id: 'marketing', name: 'Marketing', enforcement: 'opt-in' },
]

/** How often each subscribed component rendered (the tests read it as window.renders). */
export const renders = { status: 0, marketing: 0, dashboard: 0 }

function Status({ consent }) {
  renders.status++
  const state = useConsent(consent)
  const granted = Object.keys(state.categoryPreferences).filter((id) => state.categoryPreferences[id])
  return h('p', { id: 'status' }, `Consent: ${state.status}; granted: ${granted.join(', ') || 'nothing'}`)
}

function MarketingBadge({ consent }) {
  renders.marketing++
  return h('p', { id: 'marketing' }, `Marketing: ${useGranted(consent, 'marketing') ? 'on' : 'off'}`)
}

function Dashboard() {
  renders.dashboard++
  return h('section', { id: 'dashboard', 'aria-label': 'Analytics dashboard' }, h('h2', null, 'Analytics dashboard'), h('p', null, 'Loaded because analytics is granted.'))
}

function Buttons({ consent }) {
  const button = (label, preferences) => h('button', { type: 'button', onClick: () => consent.set(preferences) }, label)
  return h(
    'p',
    null,
    button('Allow analytics', { analytics: true }),
    button('Refuse analytics', { analytics: false }),
    button('Allow marketing', { marketing: true }),
    button('Refuse marketing', { marketing: false }),
  )
}

export function App({ consent }) {
  return h(
    'main',
    null,
    h('h1', null, 'consentry/react'),
    h(Status, { consent }),
    h(MarketingBadge, { consent }),
    h(Buttons, { consent }),
    h(ConsentGate, { consent, category: 'analytics', fallback: h('p', { id: 'fallback' }, 'Analytics is off: the dashboard is not loaded.') }, h(Dashboard)),
  )
}
