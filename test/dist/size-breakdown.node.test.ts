import { execFile } from 'node:child_process'
import { readFileSync } from 'node:fs'
import { fileURLToPath } from 'node:url'
import { gzipSync } from 'node:zlib'
import { expect, it } from 'vitest'

// test/tools/size-breakdown.mjs, which README's size discussion cites: its total is the built file's
// own gzip size, every module the file bundles has a row, and the shares add up to the total.
const root = fileURLToPath(new URL('../../', import.meta.url))

it('shares the core file out over its modules, adding up to the built file', async () => {
  const out = await new Promise<string>((resolve, reject) =>
    execFile(process.execPath, ['test/tools/size-breakdown.mjs'], { cwd: root, timeout: 60_000 }, (error, stdout) => (error ? reject(error) : resolve(stdout))),
  )
  const rows = out
    .split('\n')
    .filter((line) => /^\| .* B \|$/.test(line))
    .map((line) => line.split('|').map((cell) => cell.trim()))
  const total = rows.pop()!
  const gzip = gzipSync(readFileSync(`${root}dist/consentry.core.min.js`), { level: 9 }).length
  expect(total[3]).toBe(`${gzip} B`)
  const modules = rows.map((row) => row[1])
  for (const module of ['src/core/create-consent.ts', 'src/core/resolve-config.ts', 'src/script-tag/start-from-json.ts', 'src/core/gate-scripts.ts']) expect(modules).toContain(module)
  const shares = rows.reduce((sum, row) => sum + Number.parseInt(row[3]!, 10), 0)
  expect(Math.abs(shares - gzip)).toBeLessThanOrEqual(rows.length)
}, 90_000)
