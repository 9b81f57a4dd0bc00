// Server rendering: `node examples/svelte/render.mjs` compiles App.svelte for the server and prints
// the HTML svelte/server renders (nothing granted: a server cannot know the visitor's consent).
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs'
import { compile } from 'svelte/compiler'
import { render } from 'svelte/server'
import { createConsent } from 'consentry'
import { categories } from './categories.js'

const here = (path) => new URL(path, import.meta.url)
const { js } = compile(readFileSync(here('App.svelte'), 'utf8'), { generate: 'server', filename: 'App.svelte' })
mkdirSync(here('dist/'), { recursive: true })
writeFileSync(here('dist/App.server.js'), js.code)
const { default: App } = await import(here('dist/App.server.js').href)

const consent = createConsent({ categories })
process.stdout.write(render(App, { props: { consent } }).body)
