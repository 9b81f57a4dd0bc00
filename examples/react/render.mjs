// Server rendering: `node examples/react/render.mjs` prints the HTML react-dom/server renders for
// the example (nothing granted: a server cannot know the visitor's consent).
import { createElement } from 'react'
import { renderToString } from 'react-dom/server'
import { createConsent } from 'consentry'
import { App, categories } from './app.js'

const consent = createConsent({ categories })
process.stdout.write(renderToString(createElement(App, { consent })))
