// `npm run demo`: builds what the example pages load, serves them, and says what it is doing.
// The full build (`npm run build`: type-checked, declarations, CommonJS, every example) takes
// minutes on a small machine; the pages need only the ESM files and the script tag, so this builds
// those from the same rollup configuration with TypeScript's transpile-only mode and no
// declarations, serves, then bundles the framework and SPA examples while the server already runs.
// Everything runs in this one process: Ctrl-C or SIGTERM stops all of it.
import { existsSync } from 'node:fs'
import { rmSync } from 'node:fs'
import { dirname, resolve } from 'node:path'
import { fileURLToPath } from 'node:url'
import { rollup } from 'rollup'
import ts from 'typescript'
import libraryConfigs from '../rollup.config.mjs'
import exampleConfigs from './rollup.config.mjs'
import { serve } from './serve.mjs'

const root = fileURLToPath(new URL('..', import.meta.url))
const started = Date.now()
const say = (text) => console.log(`[demo ${((Date.now() - started) / 1000).toFixed(1)} s] ${text}`)

// Type-checking belongs to `npm run typecheck` and the full build; the demo only strips types.
const transpileOnly = {
  name: 'transpile-only',
  resolveId(source, importer) {
    if (!importer || !/^\.\.?\//.test(source) || !source.endsWith('.js')) return null
    const file = resolve(dirname(importer), source.replace(/\.js$/, '.ts'))
    return existsSync(file) ? file : null
  },
  transform(code, id) {
    if (!id.endsWith('.ts')) return null
    const { outputText } = ts.transpileModule(code, {
      fileName: id,
      compilerOptions: { target: ts.ScriptTarget.ES2020, module: ts.ModuleKind.ESNext, verbatimModuleSyntax: true },
    })
    return { code: outputText, map: null }
  },
}

/** The configs the pages need: no declarations, no CommonJS entries, the type-checking plugin swapped. */
function forPages(config) {
  const plugins = (config.plugins ?? []).filter(Boolean)
  if (plugins.some((plugin) => plugin.name === 'dts')) return []
  // CommonJS is dropped where an ESM output sits beside it; the script tag's add-on files are
  // CommonJS only (wrapped as classic scripts), and the no-code page loads them.
  const all = [config.output].flat()
  const outputs = all.length > 1 ? all.filter((output) => output.format !== 'cjs') : all
  if (!outputs.length || String(outputs[0].banner ?? '').startsWith('#!')) return []
  return [{ ...config, output: outputs, plugins: plugins.map((plugin) => (plugin.name === 'typescript' ? transpileOnly : plugin)) }]
}

async function build(config) {
  const bundle = await rollup({ ...config, onwarn: () => {} })
  try {
    for (const output of [config.output].flat()) await bundle.write(output)
  } finally {
    await bundle.close()
  }
}

let server
async function stop(signal) {
  say(`${signal}: stopping`)
  await server?.close()
  process.exit(0)
}
process.once('SIGINT', () => stop('SIGINT'))
process.once('SIGTERM', () => stop('SIGTERM'))
// npm passes SIGTERM to the shell it runs scripts in, and a shell need not pass it on: the script
// is `exec node …` so there is no shell in between, and should this process still be orphaned
// (its parent gone), it stops on its own instead of holding the port.
const parent = process.ppid
setInterval(() => process.ppid !== parent && stop('parent gone'), 1000).unref()

say('building dist/ for the example pages (ESM and the script tag; `npm run build` is the full build)')
rmSync(`${root}dist`, { recursive: true, force: true })
for (const config of libraryConfigs.flatMap(forPages)) {
  await build(config)
  const input = typeof config.input === 'string' ? config.input : Object.keys(config.input).join(', ')
  say(`  built ${input}`)
}
server = await serve({ port: Number(process.env.PORT ?? 8080), quiet: true })
say(`serving ${server.url}/examples/ (Ctrl-C stops)`)
for (const config of exampleConfigs) {
  const name = config.output.file.split('/examples/')[1]?.split('/')[0]
  say(`  bundling the ${name} example…`)
  await build(config)
  say(`  ready: ${server.url}/examples/${name}/`)
}
say('all examples ready')
