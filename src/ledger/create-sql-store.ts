import type { ConflictRule } from './create-ledger.js'
import { readerOf } from './can-contact.js'
import type { LedgerReader } from './can-contact.js'
import { ledgerError } from './ledger-error.js'
import { ownCopy } from './own-copy.js'
import type { SqlClient } from './sql-client.js'
import {
  COLUMNS,
  COUNTS,
  DECIDE,
  FLAG_CONFLICTS,
  HISTORY_INSERT,
  INSERT_NEW,
  LINE_FIELDS,
  LOCK,
  RECORDS_OF,
  SCHEMA,
  SCHEMA_VERSION,
  STAGE,
  STAGE_COPY,
  STAGE_INSERT,
  UPDATE_HELD,
  UPGRADE,
} from './sql-schema.js'
import type { Channel, ComplianceProfile, ConsentRecord, HistoryEntry, LedgerEntry, WriteOutcome } from './types.js'
import { sameProfile, validateProfile } from './validate-profile.js'

/**
 * What one {@link LedgerStore.upsert} did, per outcome.
 * @example
 * const counts: UpsertCounts = await store.upsert(records)
 * if (counts.idReused > 0) console.warn(`${counts.idReused} rows reused another subject's id`)
 */
export type UpsertCounts = Record<WriteOutcome, number> & { idReused: number }

/**
 * A record-level consent store in PostgreSQL (a server through `pg`, or embedded PGlite): get a
 * subject's record, upsert a batch (later time wins, decided in SQL under one writer lock, so
 * concurrent writers lose nothing), append-only history with gapless sequence numbers written in
 * the same transaction, export and per-contact-point history.
 * @example
 * const store: LedgerStore = await createSqlStore(fromPglite(await PGlite.create('./consent-data')))
 * await store.upsert([validate({ contactPoint: 'a@b.example', purpose: 'commercial', status: 'opt-out', time: '2025-06-01T10:00:00Z' })])
 * canContact(await store.reader('email', 'a@b.example'), { contactPoint: 'a@b.example', channel: 'email', purpose: 'commercial' })
 */
export interface LedgerStore {
  readonly profile: ComplianceProfile
  /** The record of one subject, or undefined. */
  get(channel: Channel, contactPoint: string, subject: string): Promise<ConsentRecord | undefined>
  /** A {@link LedgerReader} over one contact point's records, for `canContact`. */
  reader(channel: Channel, contactPoint: string): Promise<LedgerReader>
  /** Applies validated records as one transaction and appends their history. */
  upsert(records: readonly ConsentRecord[]): Promise<UpsertCounts>
  /** History of one contact point (every channel), oldest first. */
  history(contactPoint: string): AsyncIterable<HistoryEntry>
  /** Every current record, ordered by channel, contact point and subject, read page by page. */
  records(channel?: Channel): AsyncIterable<LedgerEntry>
  /** Runs `fn` inside one transaction of the underlying client. */
  transaction<T>(fn: (tx: SqlClient) => Promise<T>): Promise<T>
  /** Number of subjects held. */
  count(): Promise<number>
  close(): Promise<void>
}

/**
 * Options of {@link createSqlStore}.
 * @example
 * const options: SqlStoreOptions = { profile, create: true, conflictWindowMs: 3_600_000, conflictRule: 'latest' }
 */
export interface SqlStoreOptions {
  /** Saved in the database (checked against the schema); without it the saved one is used. */
  profile?: ComplianceProfile | undefined
  /** Create the tables when missing. Without it a database without them is an error. @default false */
  create?: boolean | undefined
  /** @default 86_400_000 */
  conflictWindowMs?: number | undefined
  /** Named rules only: SQL decides. @default 'most-restrictive' */
  conflictRule?: Extract<ConflictRule, string> | undefined
  /** Clock for history stamps. @default Date.now */
  now?: (() => number) | undefined
}

type Row = Record<string, unknown>

/** @internal A stored row as a record. */
export const recordOf = (row: Row): ConsentRecord => ({
  id: String(row.id),
  contactPoint: String(row.contact_point),
  channel: row.channel as Channel,
  purpose: String(row.purpose),
  topic: row.topic === null || row.topic === undefined ? undefined : String(row.topic),
  status: row.status as ConsentRecord['status'],
  source: String(row.source),
  reason: String(row.reason),
  reasonDescription: String(row.reason_description),
  time: Number(row.time),
  origin: String(row.origin),
  requestedBy: String(row.requested_by),
  legalBasis: String(row.legal_basis),
  policyVersion: String(row.policy_version),
  messageId: String(row.message_id),
})

const fromJson = (value: unknown): ConsentRecord | undefined => {
  if (value === null || value === undefined) return undefined
  const r = (typeof value === 'string' ? JSON.parse(value) : value) as ConsentRecord & { topic: string | null }
  return { ...r, topic: r.topic ?? undefined, time: Number(r.time) }
}

/**
 * One of a history line's records from its plain columns (`prefix` '' the line's own, `p_` the
 * one before, `c_` the one kept), or undefined when the line has none.
 */
const lineRecord = (row: Row, prefix: '' | 'p_' | 'c_'): ConsentRecord | undefined => {
  if (row[`${prefix}id`] === null || row[`${prefix}id`] === undefined) return undefined
  const fields: Row = { channel: row.channel, contact_point: row.contact_point }
  for (const [name] of LINE_FIELDS) fields[name] = row[`${prefix}${name}`]
  return recordOf(fields)
}

/** A history line, written in plain columns (schema 2) or as JSON (schema 1, and migrated lines). */
const historyEntryOf = (row: Row): HistoryEntry => {
  const json = row.record !== null && row.record !== undefined
  const record = json ? fromJson(row.record)! : lineRecord(row, '')!
  const entry: HistoryEntry = { seq: Number(row.seq), at: Number(row.at), outcome: row.outcome as WriteOutcome, record, current: (json ? fromJson(row.current) : lineRecord(row, 'c_')) ?? record }
  const previous = json ? fromJson(row.previous) : lineRecord(row, 'p_')
  if (previous) entry.previous = previous
  if (row.note === 'id-reused') entry.note = 'id-reused'
  return entry
}

const entryOf = (row: Row): LedgerEntry => {
  const entry: LedgerEntry = { record: recordOf(row) }
  const other = fromJson(row.conflict_with)
  if (other && typeof row.conflict_rule === 'string') {
    const pair = [entry.record, other].sort((a, b) => a.time - b.time) as [ConsentRecord, ConsentRecord]
    entry.conflict = { records: pair, rule: row.conflict_rule }
  }
  return entry
}

/** A record's staged values, in the order of `COLUMNS`. */
const valuesOf = (r: ConsentRecord) => [
  r.channel,
  r.contactPoint,
  r.topic ?? r.purpose,
  r.id,
  r.purpose,
  r.topic ?? null,
  r.status,
  r.source,
  r.reason,
  r.reasonDescription,
  r.time,
  r.origin,
  r.requestedBy,
  r.legalBasis,
  r.policyVersion,
  r.messageId,
]

const columnArrays = (records: readonly ConsentRecord[]) => {
  const arrays: unknown[][] = [records.map((_, i) => i), ...COLUMNS.map(() => [] as unknown[])]
  for (const r of records) {
    const values = valuesOf(r)
    for (let i = 0; i < values.length; i++) arrays[i + 1]!.push(values[i])
  }
  return arrays
}

// CSV for COPY: every text quoted, so only a missing value (a missing topic) is an unquoted empty
// cell, which COPY reads as NULL, as the array path does.
const csvCell = (value: unknown): string => (value == null ? '' : typeof value === 'number' ? String(value) : `"${String(value).replaceAll('"', '""')}"`)

/** @internal The batch as COPY CSV text: `ord`, then the columns, from the same `valuesOf` as the array path. */
export const stageCsv = (records: readonly ConsentRecord[]): string => {
  let out = ''
  for (let i = 0; i < records.length; i++) out += `${i},${valuesOf(records[i]!).map(csvCell).join(',')}\n`
  return out
}

/**
 * Opens the ledger's tables in a PostgreSQL database (see {@link fromPg}, {@link fromPglite}).
 *
 * @throws ConsentError `invalid-reading` when the tables are missing and `create` is not set, or
 * no profile is given or saved; `invalid-profile` for a profile that fails the schema.
 * @example
 * const store = await createSqlStore(fromPg(new pg.Pool({ connectionString: process.env.DATABASE_URL })), { create: true, profile: defaultProfile })
 */
export async function createSqlStore(client: SqlClient, given: SqlStoreOptions = {}): Promise<LedgerStore> {
  // Own options only: an inherited `conflictRule: 'latest'` (a polluted prototype) is no option.
  const options = ownCopy(given)
  const rule = options.conflictRule ?? 'most-restrictive'
  if (rule !== 'most-restrictive' && rule !== 'latest') throw ledgerError('invalid-option', `conflictRule must be "most-restrictive" or "latest", got ${JSON.stringify(rule)}`)
  const windowMs = options.conflictWindowMs ?? 86_400_000
  if (!(Number.isSafeInteger(windowMs) && windowMs >= 0)) throw ledgerError('invalid-option', `conflictWindowMs must be a whole number of milliseconds, 0 or more, got ${JSON.stringify(windowMs)}`)
  await openTables(client, options.create)
  const profile = await loadProfile(client, options.profile)
  // A reader per contact point over its rows, with the in-memory ledger's own lookup (the profile
  // was checked once, above, not per check).
  return {
    profile,
    async get(channel, contactPoint, subject) {
      const { rows } = await client.query<Row>(`${RECORDS_OF} AND subject = $3`, [channel, contactPoint, subject])
      return rows[0] ? recordOf(rows[0]) : undefined
    },
    async reader(channel, contactPoint) {
      return readerOf(profile, (await client.query<Row>(RECORDS_OF, [channel, contactPoint])).rows.map(entryOf))
    },
    upsert: upsertBatches(client, windowMs, rule, options.now ?? Date.now),
    history: (contactPoint) => historyOf(client, contactPoint),
    records: (channel) => recordsIn(client, channel),
    transaction: (fn) => client.transaction(fn),
    count: async () => Number((await client.query<{ n: unknown }>('SELECT count(*) AS n FROM consentry_record')).rows[0]!.n),
    close: () => client.close(),
  }
}

/** Finds the ledger's tables, or creates them when `create` is set. */
async function openTables(client: SqlClient, create: boolean | undefined): Promise<void> {
  const exists = await client.query<{ ok: boolean }>(`SELECT to_regclass('consentry_record') IS NOT NULL AS ok`)
  if (exists.rows[0]?.ok) return
  if (!create) throw ledgerError('invalid-reading', 'the database has no consent ledger (import into it first)')
  // Two first imports at once: one creates, the other waits and finds the tables. New tables
  // are made at schema 1 and upgraded in the same transaction: one path to the current schema.
  await client.transaction(async (tx) => {
    await tx.query(`SELECT pg_advisory_xact_lock(7246501)`)
    for (const statement of [...SCHEMA, ...UPGRADE]) await tx.query(statement)
  })
}

/**
 * Brings tables of an older schema to {@link SCHEMA_VERSION}, once, under the same lock as their
 * creation. Writers call it before their first batch; readers read either schema and never alter
 * a database (it may be a read-only replica).
 */
async function upgradeTables(client: SqlClient): Promise<void> {
  const current = async (c: SqlClient) => {
    const { rows } = await c.query<{ value: unknown }>(`SELECT value FROM consentry_meta WHERE key = 'schema'`)
    const version = Number(rows[0]?.value)
    if (version !== SCHEMA_VERSION && version !== 1)
      throw ledgerError('invalid-reading', `the database's ledger tables have schema version ${String(rows[0]?.value)}, which this consentry does not know`)
    return version === SCHEMA_VERSION
  }
  if (await current(client)) return
  await client.transaction(async (tx) => {
    await tx.query(`SELECT pg_advisory_xact_lock(7246501)`)
    if (!(await current(tx))) for (const statement of UPGRADE) await tx.query(statement)
  })
}

/** The compliance profile: the given one, checked and saved; else the saved one, checked. */
async function loadProfile(client: SqlClient, given: ComplianceProfile | undefined): Promise<ComplianceProfile> {
  const row = (await client.query<{ profile: unknown }>(`SELECT profile FROM consentry_meta WHERE key = 'schema'`)).rows[0]?.profile
  const saved = typeof row === 'string' ? JSON.parse(row) : row
  if (given) {
    const profile = validateProfile(given)
    // Written only when it changes: opening with the profile the database already has never
    // writes (a read-only replica opens too).
    if (!sameProfile(profile, saved)) await client.query(`UPDATE consentry_meta SET profile = $1::jsonb WHERE key = 'schema'`, [JSON.stringify(profile)])
    return profile
  }
  if (saved === null || saved === undefined) throw ledgerError('invalid-reading', 'the database has no compliance profile yet')
  return validateProfile(saved)
}

/**
 * The store's upsert: each batch in one transaction under the writer lock, staged (COPY where the
 * client has it), decided in SQL (later time wins), applied, and appended to the history.
 */
function upsertBatches(client: SqlClient, windowMs: number, rule: Extract<ConflictRule, string>, now: () => number) {
  let upgraded: Promise<void> | undefined
  return async (records: readonly ConsentRecord[]) => {
    // Retried at the next batch when it failed (a dropped connection must not poison the store).
    await (upgraded ??= upgradeTables(client).catch((error: unknown) => {
      upgraded = undefined
      throw error
    }))
    return client.transaction(async (tx) => {
      const counts: UpsertCounts = { created: 0, updated: 0, unchanged: 0, stale: 0, conflict: 0, idReused: 0 }
      if (records.length === 0) return counts
      const base = Number((await tx.query<{ value: unknown }>(LOCK)).rows[0]!.value)
      // Each step is one set-based statement over the batch: a server's JIT compilation cost more
      // than it saved (a tenth of the decide step at 200 k subjects), and the history's sort of
      // wide rows spilled to disk under the default 4 MB. Every step reaches stored rows by key or
      // row address; without statistics on the batch's temporary tables the planner read the
      // whole record table to update the batch's rows by address, a cost that grew with the ledger.
      await tx.query(`SELECT set_config('jit', 'off', true), set_config('work_mem', '64MB', true), set_config('enable_seqscan', 'off', true)`)
      await tx.query(STAGE)
      if (tx.copy) await tx.copy(STAGE_COPY, stageCsv(records))
      else await tx.query(STAGE_INSERT, columnArrays(records))
      await tx.query(DECIDE, [windowMs, rule])
      for (const row of (await tx.query<{ outcome: WriteOutcome; n: number; reused: number }>(COUNTS)).rows) {
        counts[row.outcome] += Number(row.n)
        counts.idReused += Number(row.reused)
      }
      const held = (await tx.query<{ written: unknown; expected: unknown }>(UPDATE_HELD, [base + 1])).rows[0]!
      if (Number(held.written) !== Number(held.expected))
        throw ledgerError('invalid-reading', `${Number(held.expected) - Number(held.written)} records changed during the batch outside the ledger's writer lock; nothing was written`)
      await tx.query(INSERT_NEW, [base + 1])
      if (counts.conflict > 0) await tx.query(FLAG_CONFLICTS, [rule])
      const written = (await tx.query(HISTORY_INSERT, [base, now()])).rows.length
      await tx.query(`UPDATE consentry_meta SET value = $1 WHERE key = 'seq'`, [base + written])
      await tx.query('DROP TABLE IF EXISTS consentry_decided')
      return counts
    })
  }
}

/** One contact point's history, oldest first, read 1,000 lines at a time. */
async function* historyOf(client: SqlClient, contactPoint: string): AsyncIterable<HistoryEntry> {
  let after = 0
  for (;;) {
    const { rows } = await client.query<Row>(`SELECT * FROM consentry_history WHERE contact_point = $1 AND seq > $2 ORDER BY seq LIMIT 1000`, [contactPoint, after])
    for (const row of rows) {
      const entry = historyEntryOf(row)
      yield entry
      after = entry.seq
    }
    if (rows.length < 1000) return
  }
}

/** Every current record (of one channel, if given) in key order, read 5,000 at a time after the last key. */
async function* recordsIn(client: SqlClient, channel: Channel | undefined): AsyncIterable<LedgerEntry> {
  let key: unknown[] = ['', '', '']
  for (;;) {
    const { rows } = await client.query<Row>(
      `SELECT * FROM consentry_record WHERE (channel, contact_point, subject) > ($1, $2, $3) ${channel ? 'AND channel = $4' : ''} ORDER BY channel, contact_point, subject LIMIT 5000`,
      channel ? [...key, channel] : key,
    )
    for (const row of rows) yield entryOf(row)
    if (rows.length < 5000) return
    const last = rows[rows.length - 1]!
    key = [last.channel, last.contact_point, last.subject]
  }
}
