// consentry/ledger: contact-point consent records for servers, workers and browsers. Every export
// is named here on purpose: this list is the API. The Node-only JSON file store lives with the CLI.
export { createLedger } from './create-ledger.js'
export { canContact } from './can-contact.js'
export { queryContactPoints } from './query-contact-points.js'
export { importTable, createTableImporter } from './import-table.js'
export { createCsvParser } from './create-csv-parser.js'
export { createSyncAdapter } from './create-sync-adapter.js'
export { openLedger, createMemoryStore } from './open-ledger.js'
export { createLedgerSink } from './create-ledger-sink.js'
export { statusFromFlags, statusFromValue } from './status-from-flags.js'
export { normalizeContactPoint } from './normalize-contact-point.js'
export { resolveSubject } from './resolve-subject.js'
export { defaultProfile } from './default-profile.js'

export type { ConflictRule, Ledger, LedgerOptions, SubjectQuery, WriteResult } from './create-ledger.js'
export type { ContactDecision, ContactQuestion, ContactReason } from './can-contact.js'
export type { ContactPointQuery } from './query-contact-points.js'
export type { ColumnMapping, ImportError, ImportOptions, ImportReport, TableImporter } from './import-table.js'
export type { CsvParser, CsvRowHandler } from './create-csv-parser.js'
export type { SyncAdapter, SyncAdapterOptions } from './create-sync-adapter.js'
export type { LedgerSnapshot, LedgerStore, StoredLedger } from './open-ledger.js'
export type { LedgerSink, LedgerSinkOptions, LedgerSubject } from './create-ledger-sink.js'
export type { DoNotFlags } from './status-from-flags.js'
export type { Subject } from './resolve-subject.js'
export type {
  Channel,
  ComplianceProfile,
  ConsentRecord,
  ConsentRecordInput,
  ConsentRecordStatus,
  EnforcementModel,
  HistoryEntry,
  LedgerEntry,
  Purpose,
  PurposeType,
  Topic,
  WriteOutcome,
} from './types.js'
