// A database written by the first release (schema 1: history lines as three JSONB documents) is
// read as it is, and upgraded in place by the first write (schema 2: plain columns), without
// rewriting a line. The schema-1 tables and rows below are written out as that release left them,
// not made with today's code, so the test keeps meaning "an old database" when the schema moves on.
import { PGlite } from '@electric-sql/pglite'
import { afterAll, describe, expect, it } from 'vitest'
import { canContact, createRecordValidator, createSqlStore, defaultProfile, fromPglite } from '../../src/ledger/index.js'
import type { HistoryEntry, SqlClient } from '../../src/ledger/index.js'

const T0 = Date.UTC(2025, 0, 1)

const V1_SCHEMA = [
  `CREATE TABLE consentry_meta (key text PRIMARY KEY, value bigint NOT NULL, profile jsonb)`,
  `INSERT INTO consentry_meta (key, value) VALUES ('seq', 0), ('schema', 1)`,
  `CREATE TABLE consentry_record (
    channel text NOT NULL, contact_point text NOT NULL, subject text NOT NULL,
    id text NOT NULL, purpose text NOT NULL, topic text,
    status text NOT NULL CHECK (status IN ('opt-in', 'opt-out')),
    source text NOT NULL, reason text NOT NULL, reason_description text NOT NULL,
    time bigint NOT NULL, origin text NOT NULL,
    requested_by text NOT NULL, legal_basis text NOT NULL, policy_version text NOT NULL, message_id text NOT NULL,
    conflict_rule text, conflict_with jsonb, seq bigint NOT NULL,
    PRIMARY KEY (channel, contact_point, subject))`,
  `CREATE INDEX consentry_record_id ON consentry_record (id)`,
  `CREATE TABLE consentry_history (
    seq bigint PRIMARY KEY, at bigint NOT NULL, outcome text NOT NULL, note text,
    channel text NOT NULL, contact_point text NOT NULL,
    record jsonb NOT NULL, previous jsonb, current jsonb, hash uuid NOT NULL UNIQUE)`,
  `CREATE INDEX consentry_history_contact ON consentry_history (contact_point, seq)`,
]

// One subject opted out by the first release: its record, and the history line that created it.
const OPT_OUT = {
  id: 'crm-1',
  contactPoint: 'ada@example.com',
  channel: 'email',
  purpose: 'commercial',
  topic: null,
  status: 'opt-out',
  source: 'import',
  reason: 'unsubscribe',
  reasonDescription: 'footer link',
  time: T0,
  origin: 'crm',
  requestedBy: 'ada',
  legalBasis: 'consent',
  policyVersion: '3',
  messageId: 'm-1',
}

// One PGlite for the file (creating one runs initdb: seconds of CPU); each test starts over.
let lite: Promise<PGlite> | undefined
afterAll(async () => (await lite)?.close())

async function v1Database(): Promise<PGlite> {
  const db = await (lite ??= PGlite.create())
  await db.exec('DROP TABLE IF EXISTS consentry_record, consentry_history, consentry_meta')
  for (const statement of V1_SCHEMA) await db.query(statement)
  const r = OPT_OUT
  await db.query(
    `INSERT INTO consentry_record VALUES ('email', $1, 'commercial', $2, 'commercial', NULL, 'opt-out', 'import', 'unsubscribe', 'footer link', $3, 'crm', 'ada', 'consent', '3', 'm-1', NULL, NULL, 1)`,
    [r.contactPoint, r.id, r.time],
  )
  await db.query(`INSERT INTO consentry_history VALUES (1, $1, 'created', NULL, 'email', $2, $3::jsonb, NULL, NULL, md5('line 1')::uuid)`, [T0 + 5, r.contactPoint, JSON.stringify(r)])
  await db.query(`UPDATE consentry_meta SET value = 1 WHERE key = 'seq'`)
  await db.query(`UPDATE consentry_meta SET profile = $1::jsonb WHERE key = 'schema'`, [JSON.stringify(defaultProfile)])
  return db
}

const version = async (db: PGlite) => Number((await db.query<{ value: unknown }>(`SELECT value FROM consentry_meta WHERE key = 'schema'`)).rows[0]!.value)
const historyOf = async (store: Awaited<ReturnType<typeof createSqlStore>>, contactPoint: string) => {
  const lines: HistoryEntry[] = []
  for await (const line of store.history(contactPoint)) lines.push(line)
  return lines
}
const keepOpen = (db: PGlite): SqlClient => ({ ...fromPglite(db), close: async () => {} })

describe('a schema-1 database', { timeout: 60_000 }, () => {
  it('is read as it is: the record decides, the old history line reads back whole, nothing is altered', async () => {
    const db = await v1Database()
    const store = await createSqlStore(keepOpen(db))
    const question = { contactPoint: OPT_OUT.contactPoint, channel: 'email', purpose: 'commercial' } as const
    expect(canContact(await store.reader('email', OPT_OUT.contactPoint), question)).toMatchObject({ allowed: false, reason: 'record' })
    const [line] = await historyOf(store, OPT_OUT.contactPoint)
    expect(line).toEqual({ seq: 1, at: T0 + 5, outcome: 'created', record: { ...OPT_OUT, topic: undefined }, current: { ...OPT_OUT, topic: undefined } })
    expect(await version(db)).toBe(1)
  })

  it('is upgraded by its first write; old and new lines read back with their previous and current records', async () => {
    const db = await v1Database()
    const store = await createSqlStore(keepOpen(db), { now: () => T0 + 10 * 86_400_000 })
    const validate = createRecordValidator(defaultProfile, { now: () => T0 + 10 * 86_400_000 })
    const row = (status: 'opt-in' | 'opt-out', time: number, messageId: string) =>
      validate({ id: 'crm-1', contactPoint: OPT_OUT.contactPoint, purpose: 'commercial', status, time: new Date(time).toISOString(), origin: 'crm', messageId })
    // A later opt-in replaces the opt-out; an older one, arriving after it, is stale.
    expect(await store.upsert([row('opt-in', T0 + 86_400_000, 'm-2')])).toMatchObject({ updated: 1 })
    expect(await version(db)).toBe(2)
    expect(await store.upsert([row('opt-out', T0 + 3600_000, 'm-3')])).toMatchObject({ stale: 1 })
    const lines = await historyOf(store, OPT_OUT.contactPoint)
    expect(lines.map((l) => [l.seq, l.outcome, l.record.messageId, l.previous?.messageId, l.current.messageId])).toEqual([
      [1, 'created', 'm-1', undefined, 'm-1'],
      [2, 'updated', 'm-2', 'm-1', 'm-2'],
      [3, 'stale', 'm-3', 'm-2', 'm-2'],
    ])
    // The new lines carry whole records, read from their columns.
    expect(lines[1]!.previous).toEqual({ ...OPT_OUT, topic: undefined })
    expect(lines[2]!.current).toEqual(lines[1]!.record)
    // The old line was not rewritten.
    expect((await db.query<{ record: unknown }>(`SELECT record FROM consentry_history WHERE seq = 1`)).rows[0]!.record).toEqual(OPT_OUT)
  })

  it('a schema this code does not know stops the write, loudly', async () => {
    const db = await v1Database()
    await db.query(`UPDATE consentry_meta SET value = 9 WHERE key = 'schema'`)
    const store = await createSqlStore(keepOpen(db))
    const validate = createRecordValidator(defaultProfile)
    await expect(store.upsert([validate({ contactPoint: 'b@example.com', purpose: 'commercial', status: 'opt-in', time: new Date().toISOString() })])).rejects.toThrow(/schema version 9/)
    expect((await db.query<{ n: number }>(`SELECT count(*)::int AS n FROM consentry_record`)).rows[0]!.n).toBe(1)
  })
})
