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
    // JSON, because the text report stops saying "No problems found" as soon as a subpath export
    // exists: node10's NoResolution for it is listed, though ignored by the profile.
    const { stdout } = await run(bin('attw'), ['--pack', '.', '--profile', 'node16', '--format', 'json'], { cwd: root })
    const { analysis } = JSON.parse(stdout) as { analysis: { entrypoints: object; problems: { kind: string; resolutionKind?: string }[] } }
    expect(Object.keys(analysis.entrypoints).length).toBeGreaterThan(1)
    const problems = analysis.problems.filter((problem) => problem.resolutionKind !== 'node10')
    expect(problems).toEqual([])
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
    for (const marker of ['text/plain', 'MutationObserver', 'new Proxy', 'load() of', 'window.Consentry', 'attachShadow']) expect(code).not.toContain(marker)
  })
})
