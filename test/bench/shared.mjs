// Helpers the size and speed benches share: bundling a package the way a site's bundler would,
// the machine line, statistics, and writing a table between README markers.
import { readFileSync, writeFileSync } from 'node:fs'
import { cpus, loadavg } from 'node:os'
import { fileURLToPath } from 'node:url'
import { rollup } from 'rollup'
import { nodeResolve } from '@rollup/plugin-node-resolve'
import commonjs from '@rollup/plugin-commonjs'
import replace from '@rollup/plugin-replace'
import { minify } from 'terser'
import { terserOptions } from '../tools/size.mjs'

export const root = fileURLToPath(new URL('../../', import.meta.url))

/**
 * Bundles `source` (an ES module's text) with rollup + node-resolve (browser conditions) +
 * commonjs + the production define, then minifies it with the same terser options as our own
 * size figures. `consentry` and `consentry/<sub>` resolve to the built dist/ files.
 * An import that does not resolve throws: an incomplete bundle is never measured.
 * @param {string} source
 * @param {{ format?: 'es' | 'iife', name?: string, external?: string[] }} [options]
 * @returns {Promise<string>} minified code
 */
export async function bundle(source, { format = 'es', name, external = [] } = {}) {
  const build = await rollup({
    input: '\0entry',
    external,
    onwarn(warning, warn) {
      if (warning.code === 'UNRESOLVED_IMPORT' || warning.code === 'MISSING_EXPORT') throw new Error(`${warning.code}: ${warning.message}`)
      if (warning.code !== 'CIRCULAR_DEPENDENCY' && warning.code !== 'THIS_IS_UNDEFINED' && warning.code !== 'EVAL') warn(warning)
    },
    plugins: [
      { name: 'entry', resolveId: (id) => (id === '\0entry' ? id : null), load: (id) => (id === '\0entry' ? source : null) },
      {
        name: 'consentry-dist',
        resolveId: (id) =>
          id === 'consentry' ? `${root}dist/index.js` : id.startsWith('consentry/') ? `${root}dist/${id.slice('consentry/'.length)}${id.includes('adapters/') ? '/index' : ''}.js` : null,
      },
      replace({ preventAssignment: true, values: { 'process.env.NODE_ENV': '"production"' } }),
      nodeResolve({ browser: true, rootDir: root }),
      commonjs(),
    ],
  })
  try {
    const { output } = await build.generate({ format, ...(name ? { name } : {}), inlineDynamicImports: true })
    const { code = '' } = await minify(output[0].code, { ...terserOptions, module: format === 'es' })
    return code
  } finally {
    await build.close()
  }
}

/** Median, 10th/90th percentile and interquartile range of a sample. */
export function stats(values) {
  const sorted = [...values].sort((a, b) => a - b)
  const at = (q) => {
    if (sorted.length === 0) return NaN
    const i = (sorted.length - 1) * q
    const lo = Math.floor(i)
    return sorted[lo] + (sorted[Math.min(lo + 1, sorted.length - 1)] - sorted[lo]) * (i - lo)
  }
  return { n: sorted.length, median: at(0.5), p25: at(0.25), p75: at(0.75), p90: at(0.9), min: sorted[0] ?? NaN, max: sorted.at(-1) ?? NaN }
}

/** CPU model, cores, load average, Node version (and the browser's, when given), date. */
export function machine(browserVersion) {
  const cpu = cpus()
  return [
    `${cpu[0]?.model?.trim() ?? 'unknown CPU'}, ${cpu.length} cores, load average ${loadavg()[0].toFixed(1)}`,
    `Node ${process.version}`,
    ...(browserVersion ? [`Chromium ${browserVersion}`] : []),
    new Date().toISOString().slice(0, 10),
  ].join(' · ')
}

/** Replaces what stands between `<!-- name:start -->` and `<!-- name:end -->` in README.md. */
export function writeReadme(name, text) {
  const file = `${root}README.md`
  const readme = readFileSync(file, 'utf8')
  const start = `<!-- ${name}:start -->`
  const end = `<!-- ${name}:end -->`
  const from = readme.indexOf(start)
  const to = readme.indexOf(end)
  if (from < 0 || to < from) throw new Error(`README.md has no ${start} … ${end} markers`)
  writeFileSync(file, `${readme.slice(0, from + start.length)}\n${text}\n${readme.slice(to)}`)
}

export const kb = (bytes) => `${(bytes / 1024).toFixed(2)} KB`
