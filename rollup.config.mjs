// One rollup run builds every entry as ESM + CJS, bundled declarations (.d.ts and .d.cts),
// and the two script-tag files (the examples: examples/rollup.config.mjs). Add an entry in entries.mjs (CONTRIBUTING.md, "Add an entry").
import { createHash } from 'node:crypto'
import { existsSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { dirname, join, resolve as resolvePath } from 'node:path'
import { fileURLToPath } from 'node:url'
import ts from 'typescript'
import replace from '@rollup/plugin-replace'
import resolve from '@rollup/plugin-node-resolve'
import terser from '@rollup/plugin-terser'
import { minify as terserMinify } from 'terser'
import { dts } from 'rollup-plugin-dts'
import { addons, inputs } from './entries.mjs'

const pkg = JSON.parse(readFileSync(new URL('./package.json', import.meta.url), 'utf8'))
const coreEntry = fileURLToPath(new URL('./src/index.ts', import.meta.url))

// Which entries exist, and how each is built, is entries.mjs's to say (the one list of entries).
/** dist name (without extension) -> source file: built together, sharing chunks with the core. */
export const entries = inputs('library')

/**
 * CMP adapters, each built on its own so its file holds its shared helpers (adapters/_shared)
 * and its size is honest; 'consentry' stays an import of the core entry next to it.
 */
export const adapterEntries = inputs('adapter')

// Peer dependencies (the analytics SDKs, the UI frameworks) are the host's copies: never bundled.
/**
 * Framework bindings, each built on its own like the adapters: one file per framework with its
 * small shared helper (src/bindings) inlined, the framework and 'consentry' left as imports.
 */
export const bindingEntries = inputs('binding')

const runtimeDeps = Object.keys({ ...pkg.dependencies, ...pkg.peerDependencies })
const isExternal = (id) => runtimeDeps.some((dep) => id === dep || id.startsWith(`${dep}/`))

// Adapters and integrations import the public entry by package name; inside one build that must
// be the shared core chunk, never a second copy.
const selfImport = {
  name: 'consentry-self-import',
  resolveId: (id) => (id === 'consentry' ? coreEntry : null),
}

// The script-tag files know their mode. The ESM/CJS files leave `process.env.NODE_ENV` for the
// site's bundler to replace (both branches then fold to one, so development-only code still drops
// out of production bundles), but a browser loading them with no bundler has no `process`: there
// the read must not throw into the page, and it counts as production (checks still run and report).
const NODE_ENV = '(typeof process<"u"?process.env.NODE_ENV:"production")'
const version = (mode) =>
  replace({
    preventAssignment: true,
    values: {
      __VERSION__: JSON.stringify(pkg.version),
      'process.env.NODE_ENV': mode ? JSON.stringify(mode) : NODE_ENV,
    },
  })

// TypeScript to JavaScript, file by file. Type-checking is `npm run typecheck`'s job (tsc over the
// whole tree, before the build in `npm test`); tsconfig's isolatedModules and verbatimModuleSyntax
// make stripping each file alone exact. A type-checking plugin built a whole program for every one
// of the build's 27 configurations (about a minute of the build on two cores).
const { options: compilerOptions } = ts.parseJsonConfigFileContent(ts.readConfigFile('tsconfig.json', ts.sys.readFile).config, ts.sys, '.')
const transpile = () => ({
  name: 'consentry-transpile',
  // Sources import each other as './file.js' (what the emitted code will import): read './file.ts'.
  resolveId(source, importer) {
    if (!importer || importer.includes('/node_modules/') || !source.startsWith('.') || !source.endsWith('.js')) return null
    const file = resolvePath(dirname(importer), `${source.slice(0, -3)}.ts`)
    return existsSync(file) ? file : null
  },
  transform(code, id) {
    if (!id.endsWith('.ts') || id.includes('/node_modules/')) return null
    return { code: ts.transpileModule(code, { compilerOptions: { ...compilerOptions, noEmit: false, declaration: false }, fileName: id }).outputText, map: null }
  },
})

// The integration runtime (src/integrations: pre-consent buffer, cookie deletion, SDK wrapper) is
// built once, on its own, as dist/chunks/integrations.{js,cjs}; the integration entries import it
// there. Left to rollup, a helper only one integration uses yet would sit in that entry instead.
const runtimeDir = fileURLToPath(new URL('./src/integrations/', import.meta.url))
const inRuntime = (id) => id.startsWith(runtimeDir)
const runtime = {
  input: 'src/integrations/runtime.ts',
  external: (id) => id === 'consentry' || isExternal(id),
  plugins: [version(), transpile()],
  output: [
    { file: 'dist/chunks/integrations.js', format: 'es', paths: { consentry: '../index.js' } },
    { file: 'dist/chunks/integrations.cjs', format: 'cjs', exports: 'named', paths: { consentry: '../index.cjs' } },
  ],
}

const library = {
  input: entries,
  external: (id) => isExternal(id) || inRuntime(id),
  // Dependencies (zod) have no import-time effects; without this, an entry sharing a chunk with
  // the ledger would carry a bare `import 'zod/mini'`.
  treeshake: { moduleSideEffects: 'no-external' },
  plugins: [selfImport, version(), transpile()],
  output: [
    { dir: 'dist', format: 'es', entryFileNames: '[name].js', chunkFileNames: 'chunks/[name]-[hash].js', paths: (id) => (inRuntime(id) ? './chunks/integrations.js' : id) },
    { dir: 'dist', format: 'cjs', entryFileNames: '[name].cjs', chunkFileNames: 'chunks/[name]-[hash].cjs', exports: 'named', paths: (id) => (inRuntime(id) ? './chunks/integrations.cjs' : id) },
  ],
}

// Every script-tag file's SRI hash, in dist/integrity.json (rewritten after each such file, so
// the last build leaves them all; `npm run build` starts from an empty dist/).
const integrity = {}
const sri = {
  name: 'consentry-sri',
  writeBundle(options, bundle) {
    for (const chunk of Object.values(bundle)) {
      if (chunk.type !== 'chunk') continue
      integrity[chunk.fileName] = `sha384-${createHash('sha384').update(chunk.code).digest('base64')}`
    }
    const sorted = Object.fromEntries(Object.entries(integrity).sort(([a], [b]) => a.localeCompare(b)))
    writeFileSync('dist/integrity.json', `${JSON.stringify(sorted, null, 2)}\n`)
  },
}
const minify = () => terser({ ecma: 2020, compress: { passes: 2 } })

const iife = (mode, file, input = 'src/iife.ts') => ({
  input,
  plugins: [selfImport, version(mode), resolve({ browser: true }), transpile()],
  output: {
    file,
    format: 'iife',
    plugins: [...(mode === 'production' ? [minify()] : []), sri],
  },
})

/**
 * Script-tag add-on files: each entry's CommonJS build ('consentry' its only import), wrapped in a
 * function that joins `window.Consentry` now (the core is there) or queues itself until the core
 * file arrives (src/script-tag/registry.ts). No second copy of the core is bundled.
 */
export const addonEntries = addons()
const joinCore = (name, adapter) => ({
  name: 'consentry-addon',
  renderChunk(code) {
    const args = `${JSON.stringify(name)},f${adapter ? ',1' : ''}`
    return `(function(f){var C=window.Consentry=window.Consentry||{};C.use?C.use(${args}):(C.q=C.q||[]).push([${args}])})(function(require,exports){${code}\n})`
  },
})
// The terser plugin forces `toplevel` on CommonJS output, which would leave globals in a classic
// script once the wrapper is inlined: these files are minified as the scripts they are.
const scriptMinify = { name: 'consentry-script-minify', renderChunk: async (code) => ({ code: (await terserMinify(code, { ecma: 2020, compress: { passes: 2 } })).code ?? '' }) }
const addonFiles = Object.entries(addonEntries).map(([name, [input, adapter]]) => ({
  input,
  external: (id) => id === 'consentry',
  plugins: [version('production'), resolve({ browser: true }), transpile()],
  output: { file: `dist/consentry.${name}.min.js`, format: 'cjs', exports: 'named', esModule: false, plugins: [joinCore(name, adapter), scriptMinify, sri] },
}))

const coreFrom = (name, ext) => `${'../'.repeat(name.split('/').length - 1)}index.${ext}`
const adapters = Object.entries(adapterEntries).map(([name, input]) => ({
  input,
  external: (id) => id === 'consentry' || isExternal(id),
  plugins: [version(), transpile()],
  output: [
    { file: `dist/${name}.js`, format: 'es', paths: { consentry: coreFrom(name, 'js') } },
    { file: `dist/${name}.cjs`, format: 'cjs', exports: 'named', paths: { consentry: coreFrom(name, 'cjs') } },
  ],
}))

const bindings = Object.entries(bindingEntries).map(([name, input]) => ({
  input,
  external: (id) => id === 'consentry' || isExternal(id),
  plugins: [version(), transpile()],
  output: [
    { file: `dist/${name}.js`, format: 'es', paths: { consentry: './index.js' } },
    { file: `dist/${name}.cjs`, format: 'cjs', exports: 'named', paths: { consentry: './index.cjs' } },
  ],
}))

// Declarations are bundled per entry, so no .d.cts ever imports an ESM-typed chunk; cross-entry
// types come in through the package's own name, which resolves for both conditions.
// One TypeScript program emits every source's declarations once, before the first entry's are
// bundled; each entry then bundles plain .d.ts files. Left to the dts plugin, each of the 15
// entries compiled its own program: most of the build's time.
const typed = { ...entries, ...adapterEntries, ...bindingEntries }
const typesDir = join(tmpdir(), `consentry-types-${process.pid}`)
let emitted = false
const emitDeclarations = {
  name: 'consentry-emit-declarations',
  buildStart() {
    if (emitted) return
    emitted = true
    process.on('exit', () => rmSync(typesDir, { recursive: true, force: true }))
    const options = { ...compilerOptions, noEmit: false, declaration: true, emitDeclarationOnly: true, outDir: typesDir, rootDir: '.' }
    ts.createProgram(Object.values(typed), options).emit()
  },
}
const declarations = Object.entries(typed).map(([name, input]) => ({
  input: join(typesDir, input.replace(/\.ts$/, '.d.ts')),
  external: (id) => id === 'consentry' || isExternal(id),
  plugins: [emitDeclarations, dts({ compilerOptions: { paths: {} } })],
  output: ['d.ts', 'd.cts'].map((ext) => ({ file: `dist/${name}.${ext}`, format: 'es' })),
}))

// The `consentry-ledger` executable: Node-only, ESM, not an importable entry (no exports row, no types).
const ledgerCli = {
  input: { 'ledger/cli': 'src/ledger/bin.ts' },
  external: (id) => isExternal(id) || id.startsWith('node:'),
  plugins: [selfImport, version(), transpile()],
  output: { dir: 'dist', format: 'es', entryFileNames: '[name].js', chunkFileNames: 'chunks/cli-[name]-[hash].js', banner: '#!/usr/bin/env node' },
}

export default [
  library,
  runtime,
  ...adapters,
  ...bindings,
  ledgerCli,
  iife('development', 'dist/consentry.iife.js'),
  iife('production', 'dist/consentry.iife.min.js'),
  iife('production', 'dist/consentry.core.min.js', 'src/script-tag/core.ts'),
  ...addonFiles,
  ...declarations,
  // The examples bundle from dist/, so `npm run build` runs examples/rollup.config.mjs after this
  // list; `npm pack` (prepack: build:lib) does not need them.
]
