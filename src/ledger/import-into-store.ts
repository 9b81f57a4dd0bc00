import type { LedgerStore } from './create-sql-store.js'
import { countRejected, emptyReport, tableRecords } from './import-table.js'
import type { ImportOptions, ImportReport } from './import-table.js'
import type { ConsentRecord } from './types.js'
import { ownCopy } from './own-copy.js'

/**
 * Options of {@link importIntoStore}: those of an import plus the batch size.
 * @example
 * const options: StoreImportOptions = { batchSize: 20_000, asOf: '2025-06-01T00:00:00Z' }
 */
export interface StoreImportOptions extends ImportOptions {
  /** Rows per transaction. @default 20_000 */
  batchSize?: number | undefined
}

/**
 * Streams a consent table into a database store: rows are validated one by one, and every
 * `batchSize` valid rows go to the database in one transaction (staged, then one set-based
 * upsert). A crash loses at most the batch in flight; re-running the import then adds only what
 * is missing (rows already in history are not written twice).
 *
 * @throws ConsentError as {@link importTable}; database errors are passed through.
 * @example
 * const report = await importIntoStore(store, createReadStream('consent.csv'), { asOf: '2025-06-01T00:00:00Z' })
 */
export async function importIntoStore(store: LedgerStore, source: string | Iterable<string | Uint8Array> | AsyncIterable<string | Uint8Array>, given: StoreImportOptions = {}): Promise<ImportReport> {
  const options = ownCopy(given)
  const report = emptyReport()
  const size = options.batchSize ?? 20_000
  const every = options.progressEvery ?? 100_000
  let batch: ConsentRecord[] = []
  // One batch is written while the next is read and validated: reading and the database then
  // work at the same time, and batches still commit one after another, in file order.
  let inFlight: Promise<void> = Promise.resolve()
  const write = async (records: ConsentRecord[]) => {
    const counts = await store.upsert(records)
    report.imported += counts.created
    report.updated += counts.updated + counts.conflict
    report.unchanged += counts.unchanged
    report.stale += counts.stale
    report.conflicts += counts.conflict
    report.idReused += counts.idReused
  }
  const flush = async () => {
    await inFlight
    if (batch.length === 0) return
    inFlight = write(batch)
    // Marked handled here; the rejection still surfaces at the next `await inFlight`.
    inFlight.catch(() => {})
    batch = []
  }
  try {
    for await (const row of tableRecords(store.profile, source, options)) {
      report.read++
      if (row.error) countRejected(report, row.error, options.maxErrors ?? 1000)
      else {
        batch.push(row.record)
        if (batch.length >= size) await flush()
      }
      if (options.onProgress && report.read % every === 0) options.onProgress(report)
    }
    await flush()
  } finally {
    // A reading error waits for the batch in flight, so no write outlives the call.
    await inFlight.catch(() => {})
  }
  await inFlight
  return report
}
