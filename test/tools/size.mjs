// Measures every budgeted file: minified with terser for production (as a bundler would), then gzip -9 and
// brotli. `--write` refreshes the table between the size markers in README.md.
import { readdirSync, readFileSync, writeFileSync } from 'node:fs'
import { gzipSync, brotliCompressSync, constants } from 'node:zlib'
import { fileURLToPath } from 'node:url'
import { minify } from 'terser'
import { budgets } from './size-budgets.mjs'
import { SRI_END, SRI_START, sriSnippet } from './sri-snippet.mjs'

const root = new URL('../../', import.meta.url)
const README = fileURLToPath(new URL('README.md', root))
const START = '<!-- sizes:start -->'
const END = '<!-- sizes:end -->'

// Shared chunks carry a content hash: `dist/chunks/with-consent-*.js` names the one that matches.
function expand(file) {
  if (!file.includes('*')) return [file]
  const slash = file.lastIndexOf('/')
  const [head, tail] = file.slice(slash + 1).split('*')
  const found = readdirSync(new URL(file.slice(0, slash + 1), root)).filter((name) => name.startsWith(head) && name.endsWith(tail))
  if (found.length !== 1) throw new Error(`${file} matched ${found.length} files`)
  return [file.slice(0, slash + 1) + found[0]]
}

// A row with `follow: true` also counts every chunk its files import, recursively: the core
// entry is split into chunks once other entries import some of its modules.
function withImports(files) {
  const all = new Set(files)
  for (const file of all) {
    const text = readFileSync(new URL(file, root), 'utf8')
    for (const [, path] of text.matchAll(/from\s*['"](\.\/chunks\/[^'"]+|\.\/[^'"]+)['"]/g)) {
      all.add(new URL(path, new URL(file, root)).href.slice(root.href.length))
    }
    for (const [, path] of text.matchAll(/^import\s*['"](\.[^'"]+)['"]/gm)) all.add(new URL(path, new URL(file, root)).href.slice(root.href.length))
  }
  return [...all]
}

/** The terser options every size figure uses (benches minify peers' bundles with the same). */
export const terserOptions = { module: true, ecma: 2020, compress: { passes: 2, global_defs: { 'process.env.NODE_ENV': 'production' } } }

/** Minified, gzip -9 and brotli-11 byte counts of already-minified text. */
export function compressedSizes(min) {
  const bytes = Buffer.from(min)
  return {
    minified: bytes.length,
    gzip: gzipSync(bytes, { level: 9 }).length,
    brotli: brotliCompressSync(bytes, { params: { [constants.BROTLI_PARAM_QUALITY]: 11 } }).length,
  }
}

/** @returns {Promise<{ label: string, minified: number, gzip: number, brotli: number, budget: number }[]>} */
export async function measure() {
  return Promise.all(
    budgets.map(async ({ label, files, budget, follow, sum }) => {
      // Each file is minified on its own (an entry and its chunks are separate modules), then
      // the minified files are compressed together, as one download of all of them.
      const parts = await Promise.all(
        (follow ? withImports(files.flatMap(expand)) : files.flatMap(expand)).map(async (file) => {
          const { code: min = '' } = await minify(readFileSync(new URL(file, root), 'utf8'), terserOptions)
          return min
        }),
      )
      // sum: separate downloads (script-tag files), each compressed on its own, then added up.
      if (!sum) return { label, budget, ...compressedSizes(parts.join('\n')) }
      const each = parts.map(compressedSizes)
      const total = (key) => each.reduce((n, size) => n + size[key], 0)
      return { label, budget, minified: total('minified'), gzip: total('gzip'), brotli: total('brotli') }
    }),
  )
}

const kb = (bytes) => `${(bytes / 1024).toFixed(2)} KB`

/** The least headroom a budget keeps over the current size (CONTRIBUTING.md, "Size budgets"). */
export const MIN_HEADROOM = 0.03

/** How far the budget is above the gzip size, as a fraction of that size (0.05 = 5 %). */
export const headroom = (row) => (row.budget - row.gzip) / row.gzip

const percent = (fraction) => `${(fraction * 100).toFixed(1)} %`

/** The markdown table the README carries. */
export function table(rows) {
  return [
    '| entry | minified | gzip -9 | brotli | budget (gzip) | headroom |',
    '| --- | ---: | ---: | ---: | ---: | ---: |',
    ...rows.map((r) => `| ${r.label} | ${kb(r.minified)} | ${kb(r.gzip)} | ${kb(r.brotli)} | ${kb(r.budget)} | ${r.budget - r.gzip} B (${percent(headroom(r))}) |`),
  ].join('\n')
}

export function readmeTable() {
  const text = readFileSync(README, 'utf8')
  const start = text.indexOf(START)
  const end = text.indexOf(END)
  return start < 0 || end < 0 ? undefined : text.slice(start + START.length, end).trim()
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const rows = await measure()
  console.log(table(rows))
  if (process.argv.includes('--write')) {
    const text = readFileSync(README, 'utf8')
    const start = text.indexOf(START)
    const end = text.indexOf(END)
    const sized = `${text.slice(0, start + START.length)}\n${table(rows)}\n${text.slice(end)}`
    // The integrity hashes change with the same files, so the same command refreshes them.
    const [from, to] = [sized.indexOf(SRI_START), sized.indexOf(SRI_END)]
    writeFileSync(README, from < 0 || to < 0 ? sized : `${sized.slice(0, from + SRI_START.length)}\n${sriSnippet()}\n${sized.slice(to)}`)
    console.log('README.md size table and integrity snippets updated')
  }
  const over = rows.filter((r) => r.gzip > r.budget)
  for (const r of over) console.error(`over budget: ${r.label} is ${r.gzip} B gzip, budget ${r.budget} B`)
  const tight = rows.filter((r) => r.gzip <= r.budget && headroom(r) < MIN_HEADROOM)
  for (const r of tight) console.error(`less than ${percent(MIN_HEADROOM)} headroom: ${r.label} is ${r.gzip} B gzip, budget ${r.budget} B`)
  process.exitCode = over.length || tight.length ? 1 : 0
}
