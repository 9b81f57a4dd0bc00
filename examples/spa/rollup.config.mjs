// Bundles the SPA example the way an app that installed consentry would: `consentry/*` imports go
// through package.json `exports` to the built files in dist/ (node-resolve follows the package's
// self-reference), analytics-next comes from node_modules. examples/rollup.config.mjs (`npm run
// build`) runs this after the library builds, so dist/ is fresh; `npx rollup -c examples/spa/rollup.config.mjs` runs
// it alone.
import { relative } from 'node:path'
import { fileURLToPath } from 'node:url'
import commonjs from '@rollup/plugin-commonjs'
import replace from '@rollup/plugin-replace'
import resolve from '@rollup/plugin-node-resolve'

const root = fileURLToPath(new URL('../../', import.meta.url))
const here = (path) => fileURLToPath(new URL(path, import.meta.url))

// The example must exercise the published files: fail the build if consentry's sources slipped in,
// and list what was bundled (test/examples/spa.e2e.test.ts checks the list).
const fromDistOnly = {
  name: 'consentry-from-dist-only',
  generateBundle(_options, bundle) {
    const modules = Object.values(bundle).flatMap((file) => (file.type === 'chunk' ? Object.keys(file.modules) : []))
    const local = modules
      .map((id) => relative(root, id.replace(/^\0/, '').replace(/\?.*$/, '')))
      .filter((path) => !path.startsWith('node_modules/') && !path.startsWith('..') && !/^commonjs/.test(path))
    const sources = local.filter((path) => /^(src|adapters)\//.test(path))
    if (sources.length) this.error(`the SPA bundle must import consentry from dist/, not from ${sources.join(', ')}`)
    this.emitFile({ type: 'asset', fileName: 'modules.json', source: `${JSON.stringify([...new Set(local)].sort(), null, 2)}\n` })
  },
}

export default {
  input: here('main.js'),
  plugins: [
    replace({ preventAssignment: true, values: { 'process.env.NODE_ENV': JSON.stringify('production') } }),
    resolve({ browser: true }),
    // analytics-next's legacy helpers (@segment/facade and friends) are CommonJS.
    commonjs(),
    fromDistOnly,
  ],
  onwarn(warning, warn) {
    // analytics-next's ESM build uses top-level `this`; rollup's rewrite to undefined is what it expects.
    if (warning.code === 'THIS_IS_UNDEFINED' && warning.id?.includes('node_modules')) return
    warn(warning)
  },
  // One file: analytics-next's lazily imported plugins are inlined rather than split into chunks.
  output: { file: here('dist/app.js'), format: 'es', inlineDynamicImports: true },
}
