import { isConsentError } from 'consentry'
import type { ConsentError } from 'consentry'
import type { Ledger } from './create-ledger.js'
import { ledgerError } from './ledger-error.js'
import type { ContactPointOptions } from './normalize-contact-point.js'
import { parseTime } from './parse-time.js'
import type { TimeOptions } from './parse-time.js'
import { readTableRows } from './read-table-rows.js'
import { resolveSubject } from './resolve-subject.js'
import type { Subject } from './resolve-subject.js'
import { statusFromValue } from './status-from-flags.js'
import type { Channel, ComplianceProfile, ConsentRecord, ConsentRecordInput, WriteOutcome } from './types.js'
import { channelOf, createRecordValidator, fieldOf } from './validate-record.js'
import { ownCopy } from './own-copy.js'

/**
 * Row field → column header (case-insensitive) in the source table. Every column named here
 * must be in a CSV header (or the first JSON row), or the import stops before reading a row.
 * @example
 * // An export whose headers differ from the defaults.
 * const columns: ColumnMapping = { id: 'Record ID', contactPoint: 'E-mail', option: 'Subscription', value: 'Subscribed', time: 'Changed at' }
 * await importTable(ledger, csvText, { columns })
 */
export interface ColumnMapping {
  /** Primary key. @default 'Consent ID' (optional column) */
  id?: string | undefined
  /** The alternate key: email, phone or custom address. @default 'Email' */
  contactPoint?: string | undefined
  /** Purpose or topic id/name. @default 'Consent option' */
  option?: string | undefined
  /** true/false, yes/no, 1/0, opt-in/opt-out. @default 'Consent value' */
  value?: string | undefined
  /** The date of the consent. @default 'Date' (optional column) */
  time?: string | undefined
  /** Optional per-row channel column (email, sms, custom; any case). */
  channel?: string | undefined
  source?: string | undefined
  reason?: string | undefined
  reasonDescription?: string | undefined
  requestedBy?: string | undefined
  legalBasis?: string | undefined
  policyVersion?: string | undefined
  messageId?: string | undefined
}

/**
 * One rejected row.
 * @example
 * const report = await importTable(ledger, csvText)
 * report.errors.forEach((error: ImportError) => console.log(`line ${error.line}, column "${error.column}": ${error.message}`))
 */
export interface ImportError {
  /** 1-based line in the file (CSV, NDJSON) or element number (JSON array). */
  line: number
  /** The source column at fault (its header), or `''` for a row-level problem. */
  column: string
  message: string
}

/**
 * Counts of one import.
 * @example
 * const report: ImportReport = await importTable(ledger, csvText)
 * if (report.rejected > 0 || report.idReused > 0) console.table({ ...report, errors: report.errors.length })
 */
export interface ImportReport {
  /** Data rows read (header excluded). */
  read: number
  /** New records. */
  imported: number
  /** Records changed by a later row. */
  updated: number
  /** Rows identical to what the ledger already held. */
  unchanged: number
  /** Rows older than the record held (kept in history only). */
  stale: number
  rejected: number
  /** Rows that disagreed with another origin inside the conflict window. */
  conflicts: number
  /** Rows whose id already belonged to another subject (that record was left alone). */
  idReused: number
  /** The first `maxErrors` rejections. */
  errors: ImportError[]
}

/**
 * Options for {@link importTable} and {@link tableRecords}.
 * @example
 * const options: ImportOptions = {
 *   channel: 'sms',
 *   defaultRegion: 'GB',
 *   asOf: '2025-06-01T00:00:00Z', // the export's date, for rows without one
 *   origin: 'crm-export-2025-06',
 *   onProgress: (report) => console.log(`${report.read} rows`),
 * }
 * await importTable(ledger, csvText, options)
 */
export interface ImportOptions extends ContactPointOptions {
  /** @default 'csv' (a source starting with `[` or `{` is read as JSON / NDJSON) */
  format?: 'csv' | 'json' | undefined
  columns?: ColumnMapping | undefined
  /** Channel of rows without a channel column. @default 'email' */
  channel?: Channel | undefined
  /** @default 'import' */
  source?: string | undefined
  /** Origin stamped on the records. @default 'import' */
  origin?: string | undefined
  /**
   * Time of rows without a date (ISO 8601 with a zone, epoch ms or a Date). Without it an
   * undated row is rejected: "now" would let an old export override a newer opt-out.
   */
  asOf?: number | string | Date | undefined
  /** How date cells are read. @default ISO 8601 with a zone only */
  time?: TimeOptions | undefined
  /** @default ',' */
  delimiter?: string | undefined
  /** Called every `progressEvery` rows with the running report. */
  onProgress?: ((report: ImportReport) => void) | undefined
  /** @default 100_000 */
  progressEvery?: number | undefined
  /** @default 1000 */
  maxErrors?: number | undefined
  /** Clock for the 24 h future limit. @default Date.now */
  now?: (() => number) | undefined
}

/**
 * One row of a table: the validated record, or why it was rejected.
 * @example
 * for await (const row of tableRecords(defaultProfile, csvText)) {
 *   if (row.record) console.log(row.line, row.record.contactPoint)
 *   else console.warn(row.error.message)
 * }
 */
export type TableRecord = { line: number; record: ConsentRecord; error?: undefined } | { line: number; error: ImportError; record?: undefined }

const DEFAULT_COLUMNS = { id: 'Consent ID', contactPoint: 'Email', option: 'Consent option', value: 'Consent value', time: 'Date' }
/** @internal The record fields a table's columns can map to. */
export const FIELDS = ['id', 'contactPoint', 'option', 'value', 'time', 'channel', 'source', 'reason', 'reasonDescription', 'requestedBy', 'legalBasis', 'policyVersion', 'messageId'] as const
type Field = (typeof FIELDS)[number]
const TEXT = ['id', 'source', 'reason', 'reasonDescription', 'requestedBy', 'legalBasis', 'policyVersion', 'messageId'] as const

/** @internal A new, empty report. */
export const emptyReport = (): ImportReport => ({ read: 0, imported: 0, updated: 0, unchanged: 0, stale: 0, rejected: 0, conflicts: 0, idReused: 0, errors: [] })

/** The columns a table is read through: defaults plus the caller's mapping, checked. */
function columnsOf(options: ImportOptions) {
  const explicit = options.columns ?? {}
  for (const [field, name] of Object.entries(explicit)) {
    if (!(FIELDS as readonly string[]).includes(field) || typeof name !== 'string' || name.trim() === '') throw ledgerError('invalid-option', `column mapping "${field}" is not a field=Column pair`)
  }
  const columns = { ...DEFAULT_COLUMNS, ...explicit } as Partial<Record<Field, string>>
  const keyOf = Object.fromEntries(FIELDS.map((f) => [f, columns[f]?.trim().toLowerCase()])) as Record<Field, string | undefined>
  // Required columns and every column the caller named must be in a CSV header or each JSON row.
  const mapped = ['contactPoint', 'option', 'value', ...Object.keys(explicit)].map((f) => columns[f as Field]!)
  return { columns, keyOf, mapped }
}

/** The time of undated rows, read by the same validator as the rows. */
function asOfTime(profile: ComplianceProfile, validate: (input: ConsentRecordInput) => ConsentRecord, asOf: ImportOptions['asOf']): number | undefined {
  if (asOf === undefined) return undefined
  try {
    return validate({ contactPoint: 'as-of@example.com', purpose: profile.purposes[0]!.id, status: 'opt-out', time: asOf }).time
  } catch (error) {
    throw ledgerError('invalid-option', `asOf: ${(error as Error).message.replace(/^consentry\/ledger: time /, '')}`)
  }
}

/** Resolves option cells to subjects, remembering the first 1,000 distinct texts. */
function subjectLookup(profile: ComplianceProfile): (option: string) => Subject | undefined {
  const subjects = new Map<string, Subject | undefined>()
  return (option) => {
    if (!subjects.has(option)) subjects.set(option, subjects.size < 1000 ? resolveSubject(profile, option.trim()) : undefined)
    return subjects.get(option) ?? resolveSubject(profile, option.trim())
  }
}

type Cell = (field: Field) => unknown
type RowReader = { options: ImportOptions; subjectOf: (option: string) => Subject | undefined; asOf: number | undefined; channel: Channel }

/** A row's cells as a write input, or the field at fault and why. */
function rowInput(cell: Cell, reader: RowReader): ConsentRecordInput | { field: Field; message: string } {
  const { options, asOf } = reader
  const missing = (['contactPoint', 'option', 'value'] as const).find((f) => cell(f) === undefined)
  if (missing) return { field: missing, message: 'is missing' }
  const subject = typeof cell('option') === 'string' ? reader.subjectOf(cell('option') as string) : undefined
  if (!subject) return { field: 'option', message: `${JSON.stringify(cell('option'))} is not a purpose or topic of the profile` }
  const status = statusFromValue(cell('value'))
  if (!status) return { field: 'value', message: `${JSON.stringify(cell('value'))} is not a consent value (true/false, yes/no, 1/0, opt-in/opt-out)` }
  const rowChannel = cell('channel') === undefined ? reader.channel : channelOf(cell('channel'))
  if (!rowChannel) return { field: 'channel', message: `${JSON.stringify(cell('channel'))} is not email, sms or custom` }
  const time = cell('time')
  if (time === undefined && asOf === undefined) return { field: 'time', message: 'has no date: give the export date (asOf / --as-of) for undated rows' }
  const input: ConsentRecordInput = {
    contactPoint: String(cell('contactPoint')),
    channel: rowChannel,
    purpose: subject.purpose.id,
    topic: subject.topic?.id,
    status,
    source: (cell('source') as string | undefined) ?? options.source ?? 'import',
    origin: options.origin ?? 'import',
    // Numbers in JSON are read with the same format rules as text (epoch needs `epoch-ms`/`epoch-s`).
    time: time === undefined ? asOf : typeof time === 'number' ? parseTime(time, options.time) : (time as string),
  }
  for (const field of TEXT) {
    const value = cell(field)
    if (value !== undefined) input[field] = typeof value === 'string' ? value : String(value)
  }
  if (typeof time === 'number' && Number.isNaN(input.time)) return { field: 'time', message: `${time} is a number: name its format (epoch-ms or epoch-s)` }
  return input
}

/** The column a validator error is about. */
const columnOfError = (error: ConsentError): Field | '' => {
  const field = fieldOf(error)
  if (field === 'contactPoint' || (TEXT as readonly string[]).includes(field)) return field as Field
  return field === 'time' ? 'time' : field === 'purpose' ? 'option' : field === 'channel' ? 'channel' : ''
}

/**
 * Reads a consent table (CSV, JSON array or NDJSON; a string, an iterable or an async iterable of
 * chunks) into validated records, one at a time, through the same validator as `ledger.write`.
 * Only the current row is held, so memory stays flat whatever the file size.
 *
 * @throws ConsentError `invalid-option` when a mapped column is missing from the CSV header (or
 * the first JSON row), the header names a column twice, or `asOf` is unreadable;
 * `invalid-reading` for an empty or unreadable source.
 * @example
 * for await (const row of tableRecords(ledger.profile, createReadStream('consent.csv'), { asOf: '2025-06-01T00:00:00Z' })) {
 *   if (row.record) ledger.write(row.record)
 * }
 */
export async function* tableRecords(
  profile: ComplianceProfile,
  source: string | Iterable<string | Uint8Array> | AsyncIterable<string | Uint8Array>,
  given: ImportOptions = {},
): AsyncGenerator<TableRecord> {
  // Own options only (an inherited `asOf` would date undated rows); the column map likewise.
  const options = ownCopy(given)
  if (options.columns !== undefined) options.columns = ownCopy(options.columns)
  const { columns, keyOf, mapped } = columnsOf(options)
  const validate = createRecordValidator(profile, { ...options, origin: options.origin ?? 'import', time: options.time, now: options.now })
  const reader: RowReader = { options, subjectOf: subjectLookup(profile), asOf: asOfTime(profile, validate, options.asOf), channel: options.channel ?? 'email' }
  const fail = (line: number, field: Field | '', message: string): TableRecord => ({
    line,
    error: { line, column: field ? columns[field]! : '', message: `line ${line}${field ? `, column "${columns[field]}"` : ''}: ${message}` },
  })
  for await (const row of readTableRows(source, { format: options.format, delimiter: options.delimiter, mapped })) {
    if (row.error !== undefined) {
      yield fail(row.line, '', row.error)
      continue
    }
    const cell = (field: Field) => {
      const key = keyOf[field]
      const value = key === undefined ? undefined : row.cells[key]
      return value === null || value === '' ? undefined : value
    }
    const input = rowInput(cell, reader)
    if ('field' in input) {
      yield fail(row.line, input.field, input.message)
      continue
    }
    try {
      yield { line: row.line, record: validate(input) }
    } catch (error) {
      if (!isConsentError(error)) throw error
      yield fail(row.line, columnOfError(error), error.message.replace(/^consentry\/ledger: \w+ /, ''))
    }
  }
}

/** @internal Counts one write outcome into a report. */
export function countOutcome(report: ImportReport, outcome: WriteOutcome, idReused: boolean): void {
  if (outcome === 'created') report.imported++
  else if (outcome === 'updated') report.updated++
  else if (outcome === 'unchanged') report.unchanged++
  else if (outcome === 'stale') report.stale++
  else {
    report.conflicts++
    report.updated++
  }
  if (idReused) report.idReused++
}

/** @internal Adds a rejected row to a report. */
export function countRejected(report: ImportReport, error: ImportError, maxErrors: number): void {
  report.rejected++
  if (report.errors.length < maxErrors) report.errors.push(error)
}

/**
 * Imports a whole consent table into an in-memory ledger from a string, an iterable or an async
 * iterable of chunks (a Node stream, a `fetch` body). Every row is validated; a bad row is
 * rejected with its line and column while the rest import. For a database, use
 * {@link importIntoStore}.
 *
 * @throws ConsentError `invalid-option` (a mapped column missing from the header) or
 * `invalid-reading` (empty or unreadable source): no row could import. Bad rows never throw.
 * @example
 * import { createReadStream } from 'node:fs'
 * const report = await importTable(ledger, createReadStream('consent.csv'), { asOf: '2025-06-01T00:00:00Z' })
 * console.log(report.imported, report.rejected, report.errors[0]?.message)
 */
export async function importTable(ledger: Ledger, source: string | Iterable<string | Uint8Array> | AsyncIterable<string | Uint8Array>, given: ImportOptions = {}): Promise<ImportReport> {
  const options = ownCopy(given)
  const report = emptyReport()
  const every = options.progressEvery ?? 100_000
  for await (const row of tableRecords(ledger.profile, source, options)) {
    report.read++
    if (row.error) countRejected(report, row.error, options.maxErrors ?? 1000)
    else {
      try {
        const result = ledger.write(row.record)
        countOutcome(report, result.outcome, result.idReused === true)
      } catch (error) {
        if (!isConsentError(error)) throw error
        countRejected(report, { line: row.line, column: '', message: `line ${row.line}: ${error.message}` }, options.maxErrors ?? 1000)
      }
    }
    if (options.onProgress && report.read % every === 0) options.onProgress(report)
  }
  return report
}
