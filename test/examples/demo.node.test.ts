// `npm run demo` in a clean checkout (so it never rebuilds the dist/ other tests read): it must say
// what it does, serve the examples, and leave no process behind when stopped with SIGTERM (what
// Ctrl-C's SIGINT also does, through the same handler).
import { execFileSync, spawn } from 'node:child_process'
import { fileURLToPath } from 'node:url'
import { afterAll, describe, expect, it } from 'vitest'
import { cleanCheckout } from '../tools/clean-checkout.mjs'

/** Every process under `pid`, found through ps's parent column. */
function descendants(pid: number): number[] {
  const table = execFileSync('ps', ['-eo', 'pid=,ppid='], { encoding: 'utf8' })
    .trim()
    .split('\n')
    .map((line) => line.trim().split(/\s+/).map(Number) as [number, number])
  const found: number[] = []
  const walk = (parent: number) => {
    for (const [child, of] of table) if (of === parent) found.push(child), walk(child)
  }
  walk(pid)
  return found
}

const repo = fileURLToPath(new URL('../..', import.meta.url))

const alive = (pid: number) => {
  try {
    process.kill(pid, 0)
    return true
  } catch {
    return false
  }
}

describe('npm run demo', () => {
  const { dir, remove } = cleanCheckout('consentry-demo-')
  afterAll(remove)

  it('says what it builds, serves the examples, and SIGTERM stops every process it started', async () => {
    const demo = spawn('npm', ['run', 'demo'], { cwd: dir, env: { ...process.env, PORT: '0' }, stdio: ['ignore', 'pipe', 'pipe'] })
    let output = ''
    demo.stderr.on('data', (chunk: Buffer) => (output += chunk))
    const url = await new Promise<string>((done, fail) => {
      demo.stdout.on('data', (chunk: Buffer) => {
        output += chunk
        const serving = /serving (http:\/\/127\.0\.0\.1:\d+)\/examples\//.exec(output)
        if (serving?.[1]) done(serving[1])
      })
      demo.on('exit', (code) => fail(new Error(`demo exited (${code}) before serving:\n${output}`)))
    })
    expect(output).toMatch(/\[demo [\d.]+ s\] building dist\//)
    expect(output).toMatch(/built src\/iife\.ts/)
    const page = await fetch(`${url}/examples/script-tag/`)
    expect(page.status).toBe(200)
    // Every file an example page loads from dist/ (the no-code page's add-on files included).
    const loaded = new Set(
      execFileSync('git', ['grep', '-hoE', '["\']/dist/[A-Za-z0-9_./-]+[.]js["\']', '--', 'examples/*.html', 'examples/*.js'], { cwd: repo, encoding: 'utf8' })
        .split('\n')
        .filter(Boolean)
        .map((quoted) => quoted.slice(1, -1)),
    )
    expect([...loaded]).toEqual(expect.arrayContaining(['/dist/consentry.iife.min.js', '/dist/consentry.core.min.js', '/dist/consentry.onetrust.min.js']))
    const missing: string[] = []
    for (const file of loaded) if ((await fetch(`${url}${file}`)).status !== 200) missing.push(file)
    expect(missing, 'dist/ files the example pages load that npm run demo did not build').toEqual([])

    const started = descendants(demo.pid!)
    expect(started.length).toBeGreaterThan(0)
    const exited = new Promise<number | null>((done) => demo.on('exit', done))
    demo.kill('SIGTERM')
    await exited
    // Give the children the moment a signal takes to arrive, then nothing may remain.
    await new Promise((done) => setTimeout(done, 500))
    expect(started.filter(alive)).toEqual([])
    await expect(fetch(`${url}/examples/`)).rejects.toThrow()
  }, 180_000)
})
