// A page that only links its preference center to the ledger must not download zod or the importer.
import { fileURLToPath } from 'node:url'
import { nodeResolve } from '@rollup/plugin-node-resolve'
import { rollup } from 'rollup'
import { describe, expect, it } from 'vitest'

const root = fileURLToPath(new URL('../..', import.meta.url))

async function bundle(source: string): Promise<string> {
  const build = await rollup({
    input: 'entry',
    plugins: [
      { name: 'entry', resolveId: (id) => (id === 'entry' ? id : null), load: (id) => (id === 'entry' ? source : null) },
      { name: 'self', resolveId: (id) => (id === 'consentry/ledger' ? `${root}dist/ledger/index.js` : id === 'consentry' ? `${root}dist/index.js` : null) },
      nodeResolve({ rootDir: root }),
    ],
    onwarn: () => {},
  })
  const { output } = await build.generate({ format: 'es' })
  return output.map((chunk) => ('code' in chunk ? chunk.code : '')).join('\n')
}

describe('consentry/ledger tree-shaking', () => {
  it('createLedgerSink alone carries no zod, importer or ledger core', async () => {
    const code = await bundle("export { createLedgerSink } from 'consentry/ledger'")
    expect(code).toContain('sendBeacon')
    for (const marker of ['_zod', 'safeParse', 'splitQuoted', 'is not a consent value', 'conflictWindowMs']) expect(code).not.toContain(marker)
  })

  it('the importer brings zod with it', async () => {
    const code = await bundle("export { importTable } from 'consentry/ledger'")
    expect(code).toContain('safeParse')
  })
})
