import { readFileSync } from 'node:fs'
import { minify } from 'terser'
const { code } = await minify(readFileSync(process.argv[2], 'utf8'), { module: true, ecma: 2020, compress: { passes: 2, global_defs: { 'process.env.NODE_ENV': 'production' } } })
console.log(code)
