// The README's script-tag snippets with `integrity` + `crossorigin`, generated from the built files
// (dist/integrity.json, which the build writes). `npm run size -- --write` refreshes the README
// block between the sri markers; test/dist/integrity.node.test.ts fails when it is stale.
import { readFileSync } from 'node:fs'
import { fileURLToPath } from 'node:url'

const root = new URL('../../', import.meta.url)
export const README = fileURLToPath(new URL('README.md', root))
export const SRI_START = '<!-- sri:start -->'
export const SRI_END = '<!-- sri:end -->'

/** The files the README shows, in the order it shows them. */
export const SNIPPET_FILES = [
  ['all-in-one: every adapter, integration and the widget', ['consentry.iife.min.js']],
  ['modular: the core, then only the add-ons the site uses (any order)', ['consentry.core.min.js', 'consentry.onetrust.min.js', 'consentry.google-consent-mode.min.js', 'consentry.widget.min.js']],
]

/** dist/integrity.json as written by the build. */
export const integrity = () => JSON.parse(readFileSync(new URL('dist/integrity.json', root), 'utf8'))

/** The README block: one html code block per group, pinned to this version. */
export function sriSnippet(hashes = integrity()) {
  const { version } = JSON.parse(readFileSync(new URL('package.json', root), 'utf8'))
  const tag = (file) => `<script src="https://unpkg.com/consentry@${version}/dist/${file}" integrity="${hashes[file]}" crossorigin="anonymous"></script>`
  return SNIPPET_FILES.map(([title, files]) => ['```html', `<!-- ${title} -->`, ...files.map(tag), '```'].join('\n')).join('\n\n')
}

/** The block the README carries now. */
export function readmeSri(text = readFileSync(README, 'utf8')) {
  const start = text.indexOf(SRI_START)
  const end = text.indexOf(SRI_END)
  return start < 0 || end < 0 ? undefined : text.slice(start + SRI_START.length, end).trim()
}
