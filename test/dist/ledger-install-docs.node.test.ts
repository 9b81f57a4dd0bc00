// The ledger's install command (its page and the README's Entries row) names exactly the peer
// packages the ledger's source imports, so a server that runs it has every one (pg-copy-streams
// joined them with COPY staging) and none a website would not need.
import { readdirSync, readFileSync } from 'node:fs'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'

const root = new URL('../../', import.meta.url)
const read = (path: string) => readFileSync(new URL(path, root), 'utf8')
const peers = Object.keys((JSON.parse(read('package.json')) as { peerDependencies: Record<string, string> }).peerDependencies)

const ledgerDir = new URL('src/ledger/', root)
const sources = readdirSync(ledgerDir, { recursive: true, encoding: 'utf8' }).filter((file) => file.endsWith('.ts'))
const imported = new Set(
  sources.flatMap((file) => [...readFileSync(join(ledgerDir.pathname, file), 'utf8').matchAll(/(?:from |import\()'([^']+)'/g)].map((m) => m[1] ?? '')),
)
// A peer counts when the source imports it or one of its subpaths (zod/mini, csv-parse/sync).
const ledgerPeers = peers.filter((peer) => [...imported].some((id) => id === peer || id.startsWith(`${peer}/`))).sort()

describe('the ledger install command', () => {
  it('the ledger imports some peers (the pattern still finds its imports)', () => expect(ledgerPeers).toEqual(expect.arrayContaining(['pg', 'zod'])))

  it.each(['README.md', 'src/ledger/README.md'])('%s names exactly the peers the ledger imports', (page) => {
    const command = /npm i consentry ([@\w./ -]+?)(?:`|\n)/.exec(read(page))?.[1]
    expect(command, `${page} has no "npm i consentry …" with packages`).toBeDefined()
    expect(command?.trim().split(/\s+/).sort()).toEqual(ledgerPeers)
  })
})
