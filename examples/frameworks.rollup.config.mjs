// Bundles the React, Vue and Svelte examples the way an app that installed consentry would:
// `consentry/*` imports go through package.json `exports` to the built files in dist/, the
// frameworks come from node_modules, App.svelte is compiled by svelte/compiler.
// examples/rollup.config.mjs (`npm run build`) runs this after the library builds; `npx rollup -c
// examples/frameworks.rollup.config.mjs` runs it alone.
import { relative } from 'node:path'
import { fileURLToPath } from 'node:url'
import commonjs from '@rollup/plugin-commonjs'
import replace from '@rollup/plugin-replace'
import resolve from '@rollup/plugin-node-resolve'
import { compile } from 'svelte/compiler'

const root = fileURLToPath(new URL('../', import.meta.url))
const here = (path) => fileURLToPath(new URL(path, import.meta.url))

// The examples must exercise the published files: fail the build if consentry's sources slipped in.
const fromDistOnly = {
  name: 'consentry-from-dist-only',
  generateBundle(_options, bundle) {
    const modules = Object.values(bundle).flatMap((file) => (file.type === 'chunk' ? Object.keys(file.modules) : []))
    const sources = modules.map((id) => relative(root, id.replace(/^\0/, ''))).filter((path) => /^(src|adapters)\//.test(path))
    if (sources.length) this.error(`the example must import consentry from dist/, not from ${sources.join(', ')}`)
  },
}

const svelte = {
  name: 'svelte',
  transform(code, id) {
    if (!id.endsWith('.svelte')) return null
    const { js } = compile(code, { filename: relative(root, id), generate: 'client', dev: false })
    return js
  },
}

const bundle = (name, extra = []) => ({
  input: here(`${name}/main.js`),
  plugins: [
    replace({
      preventAssignment: true,
      values: { 'process.env.NODE_ENV': JSON.stringify('production'), __VUE_OPTIONS_API__: 'true', __VUE_PROD_DEVTOOLS__: 'false', __VUE_PROD_HYDRATION_MISMATCH_DETAILS__: 'false' },
    }),
    ...extra,
    resolve({ browser: true, exportConditions: ['svelte'] }),
    commonjs(),
    fromDistOnly,
  ],
  onwarn(warning, warn) {
    // Svelte's runtime has import cycles of its own; they are not ours to fix.
    if (warning.code === 'CIRCULAR_DEPENDENCY' && warning.ids?.every((id) => id.includes('node_modules'))) return
    warn(warning)
  },
  output: { file: here(`${name}/dist/app.js`), format: 'es' },
})

export default [bundle('react'), bundle('vue'), bundle('svelte', [svelte])]
