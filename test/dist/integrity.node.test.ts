// dist/integrity.json has a correct sha384 for every script-tag file, and the README's snippets
// carry the built files' hashes (refresh them with `npm run size -- --write`).
import { createHash } from 'node:crypto'
import { readdirSync, readFileSync } from 'node:fs'
import { describe, expect, it } from 'vitest'
import { integrity, readmeSri, sriSnippet } from '../tools/sri-snippet.mjs'

const dist = new URL('../../dist/', import.meta.url)
const scriptFiles = readdirSync(dist).filter((name) => /^consentry\.[\w.-]+\.js$/.test(name))

describe('subresource integrity of the script-tag files', () => {
  it('dist/integrity.json lists every script-tag file with its sha384', () => {
    const hashes = integrity()
    expect(scriptFiles.length).toBeGreaterThan(10)
    expect(Object.keys(hashes).sort()).toEqual([...scriptFiles].sort())
    for (const file of scriptFiles) expect(hashes[file], file).toBe(`sha384-${createHash('sha384').update(readFileSync(new URL(file, dist))).digest('base64')}`)
  })

  it('the README snippets carry those hashes, crossorigin="anonymous", and a pinned version', () => {
    const block = readmeSri()
    expect(block, 'README.md has no <!-- sri:start --> block').toBeDefined()
    expect(block, 'stale: run `npm run size -- --write`').toBe(sriSnippet())
    const tags = [...(block ?? '').matchAll(/<script src="[^"]+\/dist\/([\w.-]+)" integrity="([^"]+)" crossorigin="anonymous"><\/script>/g)]
    expect(tags.length).toBeGreaterThanOrEqual(5)
    for (const [, file, hash] of tags) expect(hash, file).toBe(integrity()[file!])
  })
})
