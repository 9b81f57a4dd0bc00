// A page that only links its preference center to the ledger must not download zod or the importer.
import { readFileSync } from 'node:fs'
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

describe('consentry/ledger tree-shaking', { timeout: 60_000 }, () => {
  it('createLedgerSink alone carries no zod, importer or ledger core', async () => {
    const code = await bundle("export { createLedgerSink } from 'consentry/ledger'")
    expect(code).toContain('sendBeacon')
    for (const marker of ['_zod', 'safeParse', 'splitQuoted', 'is not a consent value', 'conflictWindowMs']) expect(code).not.toContain(marker)
  })

  it('the sink alone imports none of the server packages', async () => {
    const code = await bundle("export { createLedgerSink } from 'consentry/ledger'")
    for (const name of ['zod', 'csv-parse', 'libphonenumber-js', '@electric-sql/pglite', 'pg']) expect(code).not.toMatch(new RegExp(`from ['"]${name}['"/]`))
    expect(code).not.toContain('parsePhoneNumber')
  })

  it('a browser-only install pulls in no server package: they are optional peer dependencies', () => {
    const pkg = JSON.parse(readFileSync(new URL('../../package.json', import.meta.url), 'utf8')) as {
      dependencies?: Record<string, string>
      peerDependencies: Record<string, string>
      peerDependenciesMeta: Record<string, { optional?: boolean }>
    }
    for (const name of ['zod', 'csv-parse', 'libphonenumber-js', '@electric-sql/pglite', 'pg']) {
      expect(pkg.dependencies?.[name], name).toBeUndefined()
      expect(pkg.peerDependencies[name], name).toBeDefined()
      expect(pkg.peerDependenciesMeta[name]?.optional, name).toBe(true)
    }
    // The built ledger never imports a database client itself (the CLI loads them on demand).
    const ledger = readFileSync(new URL('../../dist/ledger/index.js', import.meta.url), 'utf8')
    expect(ledger).not.toMatch(/^import .* from ['"](pg|@electric-sql\/pglite)['"]/m)
  })

  it('the importer brings csv-parse and libphonenumber-js with it; the ledger brings zod (its profile schema)', async () => {
    const importer = await bundle("export { importTable } from 'consentry/ledger'")
    expect(importer).toContain('CSV_QUOTE_NOT_CLOSED')
    expect(importer).toContain('parsePhoneNumber')
    expect(await bundle("export { createLedger } from 'consentry/ledger'")).toContain('safeParse')
  })
})
