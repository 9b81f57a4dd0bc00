// `npm test` runs the type check and the build through test/tools/run-parallel.mjs: a failure of
// either must fail the command, after both have ended, with each one's output shown.
import { execFile } from 'node:child_process'
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { afterAll, describe, expect, it } from 'vitest'

const tool = fileURLToPath(new URL('../tools/run-parallel.mjs', import.meta.url))
const dir = mkdtempSync(join(tmpdir(), 'consentry-run-parallel-'))
afterAll(() => rmSync(dir, { recursive: true, force: true }))
writeFileSync(
  join(dir, 'package.json'),
  JSON.stringify({ scripts: { slow: 'node -e "setTimeout(() => console.log(\'slow done\'), 300)"', fails: 'node -e "console.log(\'broke\'); process.exit(3)"' } }),
)

const run = (...scripts: string[]) =>
  new Promise<{ code: number; stdout: string }>((resolve) => {
    execFile(process.execPath, [tool, ...scripts], { cwd: dir }, (error, stdout) => resolve({ code: error ? Number(error.code) : 0, stdout }))
  })

describe('run-parallel', { timeout: 60_000 }, () => {
  it('exits 0 when every script passes', async () => {
    const { code, stdout } = await run('slow', 'slow')
    expect(code).toBe(0)
    expect(stdout.match(/> slow: ok in/g)).toHaveLength(2)
  })

  it("fails with the failing script's code, after the others have ended, showing every output", async () => {
    const { code, stdout } = await run('fails', 'slow')
    expect(code).toBe(3)
    expect(stdout).toContain('broke')
    expect(stdout).toContain('> fails: failed (exit 3)')
    expect(stdout).toContain('slow done')
    expect(stdout).toContain('> slow: ok')
  })
})
