// Browser entry: hydrates server HTML when the page carries it (see render.mjs), renders otherwise.
import { createElement } from 'react'
import { createRoot, hydrateRoot } from 'react-dom/client'
import { createConsent } from 'consentry'
import { App, categories, renders } from './app.js'

const consent = createConsent({ categories, cookie: { name: 'consentry_react' } })
const root = document.getElementById('root')
const app = createElement(App, { consent })
window.renders = renders
if (root.hasChildNodes()) hydrateRoot(root, app)
else createRoot(root).render(app)
