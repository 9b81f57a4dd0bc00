import { mkdtempSync, readFileSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterEach, expect, it } from 'vitest'
import { createJsonFileStore } from '../../src/ledger/json-file-store.js'
import type { LedgerSnapshot } from '../../src/ledger/open-ledger.js'

let dir: string | undefined
afterEach(() => dir && rmSync(dir, { recursive: true, force: true }))

it('saves a large ledger through backpressure without piling up listeners, and loads it back', async () => {
  dir = mkdtempSync(join(tmpdir(), 'consentry-store-'))
  const path = join(dir, 'ledger.json')
  const entries = Array.from({ length: 50_000 }, (_, i) => ({ id: `r${i}`, note: 'x'.repeat(200) }))
  const snapshot = { version: 1, historyLength: 0, entries } as unknown as LedgerSnapshot
  const warnings: Error[] = []
  const onWarning = (warning: Error) => warnings.push(warning)
  process.on('warning', onWarning)
  try {
    await createJsonFileStore(path).save(snapshot)
    await new Promise((resolve) => setImmediate(resolve))
  } finally {
    process.off('warning', onWarning)
  }
  expect(warnings.map((w) => w.name)).toEqual([])
  expect(JSON.parse(readFileSync(path, 'utf8')).entries).toHaveLength(50_000)
  expect((await createJsonFileStore(path).load())?.entries[49_999]).toEqual(entries[49_999])
})
