// consentry/ledger: contact-point consent records for servers, workers and browsers. Every export
// is named here on purpose: this list is the API. The database store takes a client you create
// (PGlite or pg), so this entry never imports either; the CLI loads them itself.
export { createLedger } from './create-ledger.js'
export { canContact } from './can-contact.js'
export { queryContactPoints } from './query-contact-points.js'
export { importTable, tableRecords } from './import-table.js'
export { importIntoStore } from './import-into-store.js'
export { createSyncAdapter } from './create-sync-adapter.js'
export { createSqlStore } from './create-sql-store.js'
export { fromPg, fromPglite } from './sql-client.js'
export { createRecordValidator } from './validate-record.js'
export { validateProfile } from './validate-profile.js'
export { parseTime } from './parse-time.js'
export { isLedgerError } from './ledger-error.js'
export { createLedgerSink } from './create-ledger-sink.js'
export { statusFromFlags, statusFromValue } from './status-from-flags.js'
export { normalizeContactPoint } from './normalize-contact-point.js'
export { resolveSubject } from './resolve-subject.js'
export { defaultProfile } from './default-profile.js'

export type { ConflictRule, Ledger, LedgerOptions, SubjectQuery, WriteResult } from './create-ledger.js'
export type { ContactDecision, ContactQuestion, ContactReason, LedgerReader } from './can-contact.js'
export type { ContactPointQuery } from './query-contact-points.js'
export type { ColumnMapping, ImportError, ImportOptions, ImportReport, TableRecord } from './import-table.js'
export type { StoreImportOptions } from './import-into-store.js'
export type { SyncAdapter, SyncAdapterOptions } from './create-sync-adapter.js'
export type { LedgerStore, SqlStoreOptions, UpsertCounts } from './create-sql-store.js'
export type { PgliteLike, PgPoolLike, SqlClient } from './sql-client.js'
export type { RecordField, RecordValidatorOptions } from './validate-record.js'
export type { ContactPointOptions } from './normalize-contact-point.js'
export type { TimeFormat, TimeOptions } from './parse-time.js'
export type { LedgerErrorCode } from './ledger-error.js'
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
