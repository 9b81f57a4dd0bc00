// importIntoStore writes one batch while it reads the next. These check the failure paths of that
// overlap on a real PGlite store: a database error is never swallowed, a reading error waits for
// the batch in flight, and batches commit in file order. Faults are injected at the SqlClient (the
// seam a caller's own database client plugs into), not in our modules.
import { PGlite } from '@electric-sql/pglite'
import { afterAll, describe, expect, it } from 'vitest'
import { createSqlStore, defaultProfile, fromPglite, importIntoStore } from '../../src/ledger/index.js'
import type { SqlClient } from '../../src/ledger/index.js'

const T0 = Date.UTC(2025, 0, 1)
const row = (i: number) => `person.${i}@example.com,commercial,${i % 2 ? 'yes' : 'no'},${new Date(T0 + i).toISOString()}\n`
const HEADER = 'Email,Consent option,Consent value,Date\n'

// One PGlite for the file (creating one runs initdb: about 4 s of CPU); each test starts from
// empty tables.
let db: Promise<PGlite> | undefined
afterAll(async () => (await db)?.close())

/** A store over empty tables that exist already, so its only transactions are batches. */
async function storeFailingAt(n: number, log: string[]) {
  const lite = await (db ??= PGlite.create())
  await lite.exec('DROP TABLE IF EXISTS consentry_record, consentry_history, consentry_meta')
  // The tests close their store; the database stays open for the next one.
  const client = { ...fromPglite(lite), close: async () => {} }
  await createSqlStore(client, { create: true, profile: defaultProfile })
  return createSqlStore(failingAt(client, n, log))
}

/** A client whose `n`-th batch (transaction) fails in its history insert; `log` lists the batches. */
function failingAt(client: SqlClient, n: number, log: string[]): SqlClient {
  let batches = 0
  return {
    ...client,
    transaction: (fn) =>
      client.transaction((tx) => {
        const batch = ++batches
        log.push(`start ${batch}`)
        const query: SqlClient['query'] = (text, params) => {
          if (batch === n && text.trim().startsWith('INSERT INTO consentry_history')) return Promise.reject(new Error(`disk full in batch ${batch}`))
          return tx.query(text, params)
        }
        return fn({ ...tx, query }).finally(() => log.push(`end ${batch}`))
      }),
  }
}

describe('importIntoStore overlaps reading and writing, and loses no error', { timeout: 120_000 }, () => {
  it('a database error in a batch rejects the import; the batches before it stay committed', async () => {
    const log: string[] = []
    const store = await storeFailingAt(2, log)
    let csv = HEADER
    for (let i = 0; i < 250; i++) csv += row(i)
    await expect(importIntoStore(store, csv, { batchSize: 100 })).rejects.toThrow('disk full in batch 2')
    expect(await store.count()).toBe(100)
    // One batch at a time: each ends before the next starts; nothing runs after the failure.
    expect(log).toEqual(['start 1', 'end 1', 'start 2', 'end 2'])
    await store.close()
  })

  it('a reading error rejects the import only after the batch in flight has finished', async () => {
    const log: string[] = []
    const store = await storeFailingAt(0, log)
    async function* source() {
      yield HEADER
      for (let i = 0; i < 150; i++) yield row(i)
      throw new Error('connection reset while reading')
    }
    await expect(importIntoStore(store, source(), { batchSize: 100 })).rejects.toThrow('connection reset while reading')
    expect(log).toEqual(['start 1', 'end 1'])
    expect(await store.count()).toBe(100)
    await store.close()
  })

  it('every batch commits, in file order, when nothing fails', async () => {
    const log: string[] = []
    const store = await storeFailingAt(0, log)
    let csv = HEADER
    for (let i = 0; i < 250; i++) csv += row(i)
    // The last rows repeat earlier subjects with later times: file order decides.
    for (let i = 0; i < 50; i++) csv += `person.${i}@example.com,commercial,yes,${new Date(T0 + 10_000 + i).toISOString()}\n`
    const report = await importIntoStore(store, csv, { batchSize: 100 })
    // Each repeat is dated later than its subject's first row, so all 50 update (25 of them flip an opt-out).
    expect(report).toMatchObject({ read: 300, imported: 250, updated: 50, unchanged: 0, stale: 0, rejected: 0 })
    expect((await store.get('email', 'person.0@example.com', 'commercial'))?.status).toBe('opt-in')
    expect(log).toEqual(['start 1', 'end 1', 'start 2', 'end 2', 'start 3', 'end 3'])
    await store.close()
  })
})
