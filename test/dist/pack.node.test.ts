// What `npm pack` ships: every entry's files, the licence and the docs, and no sources, tests or
// source maps. Packed from this checkout without scripts, on the dist/ that `npm test` has just
// built: its build step runs `npm run build:lib`, which empties dist/ first, and that is the very
// command prepack runs (test/dist/package-json.node.test.ts). A fresh clone's `npm test` therefore
// proves that prepack builds from nothing; building a second time here cost a full library build
// (35-85 s of the suite on two cores) and proved nothing more.
import { execFile } from 'node:child_process'
import { fileURLToPath } from 'node:url'
import { promisify } from 'node:util'
import { describe, expect, it } from 'vitest'
import { entries, packageFiles } from '../../entries.mjs'

const run = promisify(execFile)
const root = fileURLToPath(new URL('../..', import.meta.url))

describe('npm pack', () => {
  it('ships every entry, the licence and the docs, nothing else', async () => {
    const { stdout } = await run('npm', ['pack', '--dry-run', '--json', '--ignore-scripts'], { cwd: root, maxBuffer: 64 * 1024 * 1024 })
    const [report] = JSON.parse(stdout) as { files: { path: string }[] }[]
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
  }, 60_000)
})
