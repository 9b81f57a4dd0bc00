// Where a script-tag file's bytes go: each source module's share of the production file, so a
// size discussion starts from figures, not guesses (issue 16's targets; README, "Where we miss a
// target"). The file is bundled again as the build bundles it; each module's rendered code is
// minified on its own with the size figures' terser options, and the file's real gzip -9 size
// (the built file's) is shared out pro rata to those minified bytes. Shares are estimates (a
// module alone minifies a little differently); the total is the built file's own.
// Needs `npm run build` first. Run: node test/tools/size-breakdown.mjs [dist file name]
// (default consentry.core.min.js).
import { readFileSync } from 'node:fs'
import { gzipSync } from 'node:zlib'
import { rollup } from 'rollup'
import { minify } from 'terser'
import configs from '../../rollup.config.mjs'
import { terserOptions } from './size.mjs'

const name = process.argv[2] ?? 'consentry.core.min.js'
const config = configs.find((c) => !Array.isArray(c.output) && c.output?.file === `dist/${name}`)
if (!config) throw new Error(`no script-tag file dist/${name} in rollup.config.mjs`)

const bundle = await rollup({ ...config, onwarn() {} })
const [chunk] = (await bundle.generate({ ...config.output, plugins: [] })).output
await bundle.close()
const module = { ...terserOptions, module: false, toplevel: false }
const built = readFileSync(new URL(`../../dist/${name}`, import.meta.url))
const total = gzipSync(built, { level: 9 }).length
const rows = []
for (const [id, { code }] of Object.entries(chunk.modules)) {
  const min = code ? ((await minify(code, module)).code ?? '') : ''
  if (min.length) rows.push({ module: id.slice(process.cwd().length + 1), minified: min.length })
}
const minified = rows.reduce((sum, row) => sum + row.minified, 0)
rows.sort((a, b) => b.minified - a.minified)
console.log(`| module | minified alone | share of gzip -9 |\n| --- | ---: | ---: |`)
for (const row of rows) console.log(`| ${row.module} | ${row.minified} B | ${Math.round((total * row.minified) / minified)} B |`)
console.log(`| **dist/${name}** (built) | ${built.length} B | ${total} B |`)
