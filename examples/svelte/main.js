// Browser entry: hydrates server HTML when the page carries it (see render.mjs), mounts otherwise.
import { hydrate, mount } from 'svelte'
import { createConsent } from 'consentry'
import App from './App.svelte'
import { categories } from './categories.js'

const consent = createConsent({ categories, cookie: { name: 'consentry_svelte' } })
const target = document.getElementById('app')
const renders = (window.renders = { status: 0, marketing: 0, dashboard: 0 })
;(target.hasChildNodes() ? hydrate : mount)(App, { target, props: { consent, renders } })
