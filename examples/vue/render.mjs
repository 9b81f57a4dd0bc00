// Server rendering: `node examples/vue/render.mjs` prints the HTML vue/server-renderer renders for
// the example (nothing granted: a server cannot know the visitor's consent).
import { createSSRApp } from 'vue'
import { renderToString } from 'vue/server-renderer'
import { createConsent } from 'consentry'
import { App, categories } from './app.js'

const consent = createConsent({ categories })
process.stdout.write(await renderToString(createSSRApp(App, { consent })))
