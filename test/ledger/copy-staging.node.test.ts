// Imports stage their rows with COPY (CSV text we write ourselves) on a server through
// pg-copy-streams and in PGlite through /dev/blob. COPY's CSV has its own rules (quotes doubled,
// line breaks inside quotes, an unquoted empty cell is NULL), so the store must come out the same
// whichever way a batch was staged: checked against array parameters, on a real server and PGlite.
import { PGlite } from '@electric-sql/pglite'
import pg from 'pg'
import * as copyStreams from 'pg-copy-streams'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { createRecordValidator, createSqlStore, defaultProfile, fromPg, fromPglite } from '../../src/ledger/index.js'
import type { LedgerStore, SqlClient } from '../../src/ledger/index.js'
import { startPostgres } from '../tools/postgres-cluster.mjs'

const T0 = Date.UTC(2025, 0, 1)
const profile = {
  ...defaultProfile,
  purposes: defaultProfile.purposes.map((p) => (p.id === 'commercial' ? { ...p, topics: [{ id: 'newsletter', name: 'Newsletter' }] } : p)),
}
const validate = createRecordValidator(profile, { now: () => T0 + 86_400_000 })
// Text a hand-written CSV gets wrong: quotes, the delimiter, line breaks, a backslash, an empty
// string next to a missing topic (NULL), non-ASCII.
const TRICKY = ['plain', 'say "no"', 'a,b', 'line one\nline two', 'back\\slash', '""', '"', 'zoë, “quoted”', ' padded ', 'N', '\\N']
const records = TRICKY.flatMap((text, i) => [
  validate({ contactPoint: `p${i}@example.com`, purpose: 'commercial', status: 'opt-out', time: T0 + i, reasonDescription: text, source: 'crm', messageId: `m${i}` }),
  validate({ id: `id "${i}", x`, contactPoint: `p${i}@example.com`, purpose: 'commercial', topic: 'newsletter', status: 'opt-in', time: T0 + i, reason: 'form', legalBasis: i % 2 ? 'consent' : '' }),
  // A later row for the same subject in the same batch: only the latest applies, both are history.
  validate({ contactPoint: `p${i}@example.com`, purpose: 'commercial', status: 'opt-in', time: T0 + 1000 + i, reasonDescription: `${text}!` }),
])

async function contents(store: LedgerStore) {
  const all = []
  for await (const entry of store.records()) all.push(entry)
  const history = []
  for (let i = 0; i < TRICKY.length; i++) for await (const h of store.history(`p${i}@example.com`)) history.push({ ...h, at: 0 })
  return { all, history }
}

let server: { url: string; stop: () => void }
let admin: pg.Pool
beforeAll(async () => {
  server = await startPostgres({ fsync: false })
  admin = new pg.Pool({ connectionString: server.url })
}, 120_000)
afterAll(async () => {
  await admin?.end()
  server?.stop()
})

// Counts the COPYs a client's transactions run, so the test knows which path staged each batch.
const counted = (client: SqlClient, copies: { n: number }): SqlClient => ({
  ...client,
  transaction: (fn) =>
    client.transaction((tx) => {
      const copy = tx.copy
      return fn({
        ...tx,
        copy:
          copy &&
          ((table, csv) => {
            copies.n++
            return copy(table, csv)
          }),
      })
    }),
})

describe('COPY staging', { timeout: 300_000 }, () => {
  it('stores exactly what array parameters store, on PostgreSQL (pg-copy-streams) and PGlite (/dev/blob)', async () => {
    const open = async (client: SqlClient) => createSqlStore(client, { create: true, profile, now: () => T0 })
    const server2 = async (name: string, copy: boolean) => {
      await admin.query(`CREATE DATABASE ${name}`)
      return fromPg(new pg.Pool({ connectionString: server.url.replace(/\/postgres$/, `/${name}`) }), copy ? copyStreams : undefined)
    }
    const copies = { arrays: { n: 0 }, server: { n: 0 }, lite: { n: 0 } }
    const arrays = await open(counted(await server2('by_arrays', false), copies.arrays))
    const copied = await open(counted(await server2('by_copy', true), copies.server))
    const lite = await open(counted(fromPglite(await PGlite.create()), copies.lite))
    for (const store of [arrays, copied, lite]) expect(await store.upsert(records)).toMatchObject({ created: 2 * TRICKY.length, stale: TRICKY.length, idReused: 0 })
    // One COPY per batch where the client has it; none through array parameters.
    expect([copies.arrays.n, copies.server.n, copies.lite.n]).toEqual([0, 1, 1])
    const reference = await contents(arrays)
    expect(reference.all.map((e) => e.record.reasonDescription).filter((t) => t !== '')).toEqual(expect.arrayContaining(TRICKY.map((t) => `${t}!`)))
    expect(reference.all.find((e) => e.record.topic === 'newsletter')?.record.id).toBe('id "0", x')
    expect(reference.all.filter((e) => e.record.topic === undefined)).toHaveLength(TRICKY.length)
    expect(await contents(copied)).toEqual(reference)
    expect(await contents(lite)).toEqual(reference)
    // Re-running the batch adds nothing, whichever way it was staged: the history hashes agree.
    expect(await copied.upsert(records)).toMatchObject({ created: 0, updated: 0, stale: 0, unchanged: 3 * TRICKY.length })
    expect((await contents(copied)).history).toHaveLength(reference.history.length)
    await Promise.all([arrays.close(), copied.close(), lite.close()])
  })
})
