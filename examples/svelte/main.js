// Browser entry: hydrates server HTML when the page carries it (see render.mjs), mounts otherwise.
import { hydrate, mount } from 'svelte'
import { createConsent } from 'consentry'
import App from './App.svelte'
import { categories } from './categories.js'

const consent = createConsent({ categories, cookie: { name: 'consentry_svelte' } })
const target = document.getElementById('app')
const renders = { status: 0, marketing: 0, dashboard: 0 }
window.renders = renders
;(target.hasChildNodes() ? hydrate : mount)(App, { target, props: { consent, renders } })
