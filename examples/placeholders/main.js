// The placeholders example: the core gates the embeds, the placeholders entry explains them.
import { createConsent, gateElements } from '/dist/index.js'
import { showPlaceholders } from '/dist/placeholders.js'

const consent = createConsent({
  cookie: false,
  categories: [
    { id: 'necessary', name: 'Necessary', enforcement: 'always' },
    { id: 'functional', name: 'Functional', enforcement: 'opt-in' },
    { id: 'marketing', name: 'Marketing', enforcement: 'opt-in' },
  ],
})
gateElements(consent)
showPlaceholders(consent, { loadOnce: true })

const state = document.querySelector('#state')
const show = () => (state.textContent = consent.isGranted('marketing') ? 'granted' : 'denied')
consent.subscribe(show)
consent.ready().then(show)
window.demo = { consent }
