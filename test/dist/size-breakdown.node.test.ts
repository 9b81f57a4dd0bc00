import { execFile } from 'node:child_process'
import { readFileSync } from 'node:fs'
import { fileURLToPath } from 'node:url'
import { gzipSync } from 'node:zlib'
import { expect, it } from 'vitest'

// test/tools/size-breakdown.mjs, which README's size discussion cites: its total is the built file's
// own gzip size, and its modules' rows cover the file (their minified bytes add up to about the file's).
const root = fileURLToPath(new URL('../../', import.meta.url))

it("shares the core file's gzip size out over its modules, whose rows cover the built file", async () => {
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
  // The modules minified alone add up to about the built file (names at their top level stay
  // unmangled, so a little more): a module left out of the rows would show as a shortfall.
  const minified = rows.reduce((sum, row) => sum + Number.parseInt(row[2]!, 10), 0)
  const built = readFileSync(`${root}dist/consentry.core.min.js`).length
  expect(minified / built).toBeGreaterThan(1)
  expect(minified / built).toBeLessThan(1.25)
}, 90_000)
