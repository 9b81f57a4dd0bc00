// What `npm pack` ships from a clean checkout: prepack must build, and the tarball must hold every
// entry's files, the licence and the docs, and no sources, tests or source maps. The checkout is
// the working tree as git sees it, without dist/ (test/tools/clean-checkout.mjs).
import { execFile } from 'node:child_process'
import { promisify } from 'node:util'
import { afterAll, describe, expect, it } from 'vitest'
import { entries, packageFiles } from '../../entries.mjs'
import { cleanCheckout } from '../tools/clean-checkout.mjs'

const run = promisify(execFile)

describe('npm pack from a clean checkout', () => {
  const { dir, remove } = cleanCheckout('consentry-pack-')
  // A run stopped early (timeout, Ctrl-C) must not leave the prepack build running.
  const abort = new AbortController()
  afterAll(() => {
    abort.abort()
    remove()
  })

  it('builds in prepack and ships every entry, the licence and the docs, nothing else', async () => {
    const { stdout } = await run('npm', ['pack', '--dry-run', '--json', '--ignore-scripts=false'], { cwd: dir, maxBuffer: 64 * 1024 * 1024, signal: abort.signal, killSignal: 'SIGKILL' })
    // The prepack build may print too: the report is the JSON array at the end.
    const [report] = JSON.parse(stdout.slice(stdout.search(/^\[$(?![\s\S]*^\[$)/m))) as { files: { path: string }[] }[]
    const files = (report?.files ?? []).map((file) => file.path).sort()

    const required = [
      'LICENSE',
      'README.md',
      'package.json',
      ...packageFiles().filter((file) => file !== 'dist'),
      ...entries.flatMap((entry) => ['js', 'cjs', 'd.ts', 'd.cts'].map((ext) => `dist/${entry.dist}.${ext}`)),
      'dist/consentry.iife.js',
      'dist/consentry.iife.min.js',
      'dist/chunks/integrations.js',
      'dist/chunks/integrations.cjs',
      'dist/ledger/cli.js',
    ]
    expect(required.filter((file) => !files.includes(file)), 'missing from the tarball').toEqual([])
    const unwanted = files.filter((file) => /\.map$|^test\/|^examples\/|\.test\.|^src\/.*\.ts$|^adapters\/.*\.ts$/.test(file))
    expect(unwanted, 'in the tarball but should not be').toEqual([])
    const outsideDist = files.filter((file) => !file.startsWith('dist/'))
    expect(outsideDist.sort()).toEqual(['LICENSE', 'README.md', 'package.json', ...packageFiles().filter((file) => file !== 'dist')].sort())
    // The full library build (declarations included) runs in prepack: minutes on a small machine.
  }, 900_000)
})
