import { execFile } from 'node:child_process'
import { promisify } from 'node:util'
import { fileURLToPath } from 'node:url'
import { describe, expect, it } from 'vitest'
import { rollup } from 'rollup'
import { nodeResolve } from '@rollup/plugin-node-resolve'

const run = promisify(execFile)
const root = fileURLToPath(new URL('../..', import.meta.url))
const bin = (name: string) => `${root}node_modules/.bin/${name}`

describe('package quality (the packed tarball)', () => {
  it('publint finds nothing', async () => {
    const { stdout } = await run(bin('publint'), ['--strict'], { cwd: root })
    expect(stdout).toMatch(/All good!/)
  }, 60_000)

  // node10 cannot resolve subpath exports at all; every supported resolver must be clean.
  it('are-the-types-wrong finds nothing for node16 (CJS and ESM) and bundlers', async () => {
    // attw exits non-zero on any problem outside the ignored node10 resolution (which cannot see
    // subpaths like consentry/ledger at all), so a resolved run is the check.
    const { stdout } = await run(bin('attw'), ['--pack', '.', '--profile', 'node16', '--format', 'table-flipped'], { cwd: root })
    expect(stdout).toMatch(/No problems found|\(ignored per resolution\)/)
    expect(stdout).not.toMatch(/^(?!.*ignored).*(💀|❌|🐛|🥴|❗️|🎭|👺|⚠️)/mu)
  }, 60_000)
})

describe('tree-shaking', () => {
  it('a bundle importing only createConsent carries no gating, wrapping or script-tag code', async () => {
    const bundle = await rollup({
      input: 'entry',
      plugins: [
        { name: 'entry', resolveId: (id) => (id === 'entry' ? id : null), load: (id) => (id === 'entry' ? "import { createConsent } from 'consentry'; export const consent = createConsent({ categories: [] })" : null) },
        { name: 'self', resolveId: (id) => (id === 'consentry' ? `${root}dist/index.js` : null) },
        nodeResolve(),
      ],
      onwarn: () => {},
    })
    const { output } = await bundle.generate({ format: 'es' })
    const code = output[0].code
    expect(code).toMatch(/createConsent|categoryPreferences/)
    for (const marker of ['text/plain', 'MutationObserver', 'new Proxy', 'load() of', 'window.Consentry']) expect(code).not.toContain(marker)
  })
})
