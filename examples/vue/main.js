// Browser entry: hydrates server HTML when the page carries it (see render.mjs), mounts otherwise.
import { createApp, createSSRApp } from 'vue'
import { createConsent } from 'consentry'
import { App, categories, renders } from './app.js'

const consent = createConsent({ categories, cookie: { name: 'consentry_vue' } })
const root = document.getElementById('app')
window.renders = renders
;(root.hasChildNodes() ? createSSRApp : createApp)(App, { consent }).mount(root)
