// What a site writes: create the manager, activate gated tags, wrap its analytics object.
const { createConsent, gateScripts, withConsent } = window.Consentry

const consent = createConsent({
  categories: [
    { id: 'necessary', name: 'Strictly necessary', enforcement: 'always' },
    { id: 'analytics', name: 'Analytics', enforcement: 'opt-in' },
  ],
  destinations: { 'Example Analytics': ['analytics'] },
  policyVersion: '2025-06',
})
gateScripts(consent)

// Stands in for analytics.js here: it records what it receives so the page can show it.
const received = []
const analytics = withConsent({ track: (...args) => received.push(['track', ...args]), page: (...args) => received.push(['page', ...args]) }, consent)
window.demo = { consent, analytics, received }

analytics.page()

function render() {
  document.getElementById('state').textContent = JSON.stringify(consent.get(), null, 2)
  document.getElementById('calls').textContent = received.map((call) => JSON.stringify(call)).join('\n')
}
consent.subscribe(render)

document.addEventListener('DOMContentLoaded', () => {
  document.getElementById('allow').addEventListener('click', () => consent.set({ analytics: true }))
  document.getElementById('deny').addEventListener('click', () => consent.set({ analytics: false }))
  document.getElementById('track').addEventListener('click', () => {
    analytics.track('Button Clicked', { id: 'track' })
    render()
  })
  render()
})
