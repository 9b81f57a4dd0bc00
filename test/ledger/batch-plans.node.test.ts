// Against a real PostgreSQL server: every statement of an upsert batch reaches stored rows by key
// or row address. A sequential scan of the record or history table costs in proportion to the
// whole ledger at every batch, so an import slows as the ledger grows (the planner, which has no
// statistics on the batch's temporary tables, chose one to update known subjects' records).
import pg from 'pg'
import { afterAll, beforeAll, expect, it } from 'vitest'
import { createRecordValidator, createSqlStore, defaultProfile, fromPg } from '../../src/ledger/index.js'
import type { SqlClient } from '../../src/ledger/index.js'
import { startPostgres } from '../tools/postgres-cluster.mjs'

const T0 = Date.UTC(2025, 0, 1)
let server: Awaited<ReturnType<typeof startPostgres>>

beforeAll(async () => {
  server = await startPostgres({ fsync: false })
}, 60_000)
afterAll(() => server?.stop())

type PlanNode = { 'Node Type': string; 'Relation Name'?: string; Plans?: PlanNode[] }
const seqScans = (node: PlanNode): string[] => [
  ...(node['Node Type'] === 'Seq Scan' && /^consentry_(record|history)$/.test(node['Relation Name'] ?? '') ? [node['Relation Name']!] : []),
  ...(node.Plans ?? []).flatMap(seqScans),
]

/** Runs EXPLAIN (not executed) before each data statement of a transaction; collects the scans. */
function explaining(client: SqlClient, found: string[]): SqlClient {
  const wrap = (c: SqlClient): SqlClient => ({
    ...c,
    async query(text, params) {
      if (/^\s*(WITH|INSERT|UPDATE|SELECT|CREATE TEMP TABLE consentry_decided)/.test(text)) {
        const { rows } = await c.query<{ 'QUERY PLAN': [{ Plan: PlanNode }] }>(`EXPLAIN (FORMAT JSON) ${text}`, params)
        found.push(...seqScans(rows[0]!['QUERY PLAN'][0].Plan).map((table) => `${table} in ${text.trim().slice(0, 40)}`))
      }
      return c.query(text, params)
    },
    transaction: (fn) => c.transaction((tx) => fn(wrap(tx))),
  })
  return wrap(client)
}

it('an upsert batch never scans the record or history table from end to end', { timeout: 120_000 }, async () => {
  const pool = new pg.Pool({ connectionString: server.database('plans') })
  const found: string[] = []
  const store = await createSqlStore(explaining(fromPg(pool), found), { create: true, profile: defaultProfile })
  const v = createRecordValidator(defaultProfile, { now: () => T0 + 86_400_000 })
  const batch = (n: number, time: number, origin: string, status: (i: number) => 'opt-in' | 'opt-out') =>
    Array.from({ length: n }, (_, i) => v({ contactPoint: `p${i}@example.com`, purpose: 'commercial', status: status(i), time: time + i, origin }))
  // A ledger of 3,000 subjects, then a batch that updates 2,000 of them (a fifth of them inside the
  // conflict window, from another origin, with the other status: flagged conflicts) and creates none.
  expect(await store.upsert(batch(3000, T0, 'ledger', () => 'opt-in'))).toMatchObject({ created: 3000 })
  found.length = 0
  const counts = await store.upsert(batch(2000, T0 + 60_000, 'crm', (i) => (i % 5 === 0 ? 'opt-out' : 'opt-in')))
  expect(counts.updated + counts.conflict).toBe(2000)
  expect(counts.conflict).toBe(400)
  expect(found).toEqual([])
  await store.close()
})
