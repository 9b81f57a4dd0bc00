import { readFileSync } from 'node:fs'
import { gzipSync } from 'node:zlib'
import { minify } from 'terser'
for (const f of process.argv.slice(2)) {
  const { code } = await minify(readFileSync(f, 'utf8'), { module: true, ecma: 2020, compress: { passes: 2, global_defs: { 'process.env.NODE_ENV': 'production' } } })
  console.log(f, code.length, gzipSync(Buffer.from(code), { level: 9 }).length)
}
