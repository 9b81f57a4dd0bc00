// Node-only: the one-time move from the JSON state file of earlier versions into the database.
import { createReadStream, existsSync } from 'node:fs'
import { createInterface } from 'node:readline'
import type { CountryCode } from 'libphonenumber-js/min'
import type { LedgerStore } from './create-sql-store.js'
import { ledgerError } from './ledger-error.js'
import type { ConsentRecord, ConsentRecordInput } from './types.js'
import { createRecordValidator } from './validate-record.js'

/** @internal What a migration did. */
export interface MigrationReport {
  records: number
  history: number
  rejected: string[]
}

/**
 * Copies an old `consentry-ledger.json` (entries) and its `.history.ndjson` into an empty
 * database: the old history lines keep their order and numbers; every entry is re-validated (old
 * digit-only phones become E.164) and written through the store, which adds one history line each.
 * @internal
 */
export async function migrateJsonState(store: LedgerStore, snapshot: unknown, historyPath: string, defaultRegion?: CountryCode): Promise<MigrationReport> {
  const state = snapshot as { version?: unknown; entries?: unknown } | null
  if (state?.version !== 1 || !Array.isArray(state.entries)) throw ledgerError('invalid-reading', 'not a consentry ledger state file (version 1)')
  const empty = await store.transaction(async (tx) => {
    const { rows } = await tx.query<{ n: unknown; seq: unknown }>(`SELECT (SELECT count(*) FROM consentry_record) AS n, (SELECT value FROM consentry_meta WHERE key = 'seq') AS seq`)
    return Number(rows[0]!.n) === 0 && Number(rows[0]!.seq) === 0
  })
  if (!empty) throw ledgerError('invalid-reading', 'migrate needs an empty database (it runs once)')
  const report: MigrationReport = { records: 0, history: 0, rejected: [] }
  if (existsSync(historyPath)) {
    let lines: string[] = []
    const flush = () =>
      store.transaction(async (tx) => {
        await tx.query(
          `INSERT INTO consentry_history (seq, at, outcome, channel, contact_point, record, previous, current, hash)
           SELECT (e->>'seq')::bigint, (e->>'at')::bigint, e->>'outcome', e->'record'->>'channel', e->'record'->>'contactPoint',
             e->'record', e->'previous', e->'current', md5(e::text)::uuid
           FROM jsonb_array_elements($1::jsonb) AS e ON CONFLICT DO NOTHING`,
          [`[${lines.join(',')}]`],
        )
        await tx.query(`UPDATE consentry_meta SET value = (SELECT coalesce(max(seq), 0) FROM consentry_history) WHERE key = 'seq'`)
        report.history += lines.length
        lines = []
      })
    for await (const line of createInterface({ input: createReadStream(historyPath, 'utf8'), crlfDelay: Infinity })) {
      if (line.trim() === '') continue
      lines.push(line)
      if (lines.length >= 5000) await flush()
    }
    await flush()
  }
  // Old records may predate the 24 h rule's clock skew and carry digit-only phones.
  const validate = createRecordValidator(store.profile, { defaultRegion, maxFutureMs: Number.POSITIVE_INFINITY })
  let batch: ConsentRecord[] = []
  for (const entry of state.entries as { record?: ConsentRecordInput & { channel?: string } }[]) {
    const old = entry?.record
    try {
      const phone = old?.channel === 'sms' && /^\d+$/.test(String(old.contactPoint)) && !defaultRegion ? `+${old.contactPoint}` : old?.contactPoint
      batch.push(validate({ ...(old as ConsentRecordInput), contactPoint: phone as string }))
    } catch (error) {
      report.rejected.push(`${JSON.stringify(old?.id ?? null)}: ${(error as Error).message.replace(/^consentry\/ledger: /, '')}`)
    }
    if (batch.length >= 20_000) {
      await store.upsert(batch)
      report.records += batch.length
      batch = []
    }
  }
  await store.upsert(batch)
  report.records += batch.length
  return report
}
