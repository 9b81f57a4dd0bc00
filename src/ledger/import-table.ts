import * as z from 'zod/mini'
import { ConsentError, isConsentError } from 'consentry'
import { createCsvParser } from './create-csv-parser.js'
import { CHANNELS, toTime, type Ledger } from './create-ledger.js'
import { resolveSubject } from './resolve-subject.js'
import type { Subject } from './resolve-subject.js'
import { statusFromValue } from './status-from-flags.js'
import type { Channel, ConsentRecordInput } from './types.js'

/**
 * Row field → column header (case-insensitive) in the source table.
 * @example
 * // An export whose headers differ from the defaults.
 * const columns: ColumnMapping = { id: 'Record ID', contactPoint: 'E-mail', option: 'Subscription', value: 'Subscribed', time: 'Changed at' }
 * await importTable(ledger, csvText, { columns })
 */
export interface ColumnMapping {
  /** Primary key. @default 'Consent ID' */
  id?: string | undefined
  /** The alternate key: email, phone or custom address. @default 'Email' */
  contactPoint?: string | undefined
  /** Purpose or topic id/name. @default 'Consent option' */
  option?: string | undefined
  /** true/false, yes/no, 1/0, opt-in/opt-out. @default 'Consent value' */
  value?: string | undefined
  /** Optional date (ISO 8601 or epoch ms). @default 'Date' */
  time?: string | undefined
  /** Optional per-row channel column (email, sms, custom). */
  channel?: string | undefined
  source?: string | undefined
  reason?: string | undefined
  reasonDescription?: string | undefined
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
 * if (report.rejected > 0 || report.conflicts > 0) console.table({ ...report, errors: report.errors.length })
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
  /** The first `maxErrors` rejections. */
  errors: ImportError[]
}

/**
 * Options for {@link importTable} and {@link createTableImporter}.
 * @example
 * const options: ImportOptions = {
 *   channel: 'sms',
 *   origin: 'crm-export-2025-06',
 *   delimiter: ';',
 *   onProgress: (report) => console.log(`${report.read} rows`),
 *   progressEvery: 10_000,
 * }
 * await importTable(ledger, csvText, options)
 */
export interface ImportOptions {
  /** @default 'csv' (a source starting with `[` or `{` is read as JSON / NDJSON) */
  format?: 'csv' | 'json' | undefined
  columns?: ColumnMapping | undefined
  /** Channel of rows without a channel column. @default 'email' */
  channel?: Channel | undefined
  /** @default 'import' */
  source?: string | undefined
  /** Origin stamped on the records. @default 'import' */
  origin?: string | undefined
  /** Time of rows without a date. @default the ledger clock */
  time?: number | undefined
  /** @default ',' */
  delimiter?: string | undefined
  /** Called every `progressEvery` rows with the running report. */
  onProgress?: ((report: ImportReport) => void) | undefined
  /** @default 100_000 */
  progressEvery?: number | undefined
  /** @default 1000 */
  maxErrors?: number | undefined
}

/**
 * A push importer: feed text chunks, then `end()` for the report.
 * @example
 * // Push from any event source, e.g. WebSocket messages carrying table text.
 * const importer: TableImporter = createTableImporter(ledger)
 * socket.addEventListener('message', (event) => importer.push(String(event.data)))
 * socket.addEventListener('close', () => console.log(importer.end()))
 */
export interface TableImporter {
  push(chunk: string): void
  end(): ImportReport
  /** The running counts. */
  readonly report: ImportReport
}

const DEFAULT_COLUMNS: Required<Pick<ColumnMapping, 'id' | 'contactPoint' | 'option' | 'value' | 'time'>> = {
  id: 'Consent ID',
  contactPoint: 'Email',
  option: 'Consent option',
  value: 'Consent value',
  time: 'Date',
}
const REQUIRED = ['contactPoint', 'option', 'value'] as const
type Field = keyof ColumnMapping
/** @internal The record fields a table's columns can map to. */
export const FIELDS: readonly Field[] = ['id', 'contactPoint', 'option', 'value', 'time', 'channel', 'source', 'reason', 'reasonDescription']

const text = z.optional(z.string())
const EMAIL = /^[^\s@]+@[^\s@]+\.[^\s@]+$/

interface Row {
  id?: string
  contactPoint: string
  option: string
  value: unknown
  time?: number | string
  channel?: Channel | ''
  source?: string
  reason?: string
  reasonDescription?: string
}

interface RowHelpers {
  subjectOf: (option: string) => Subject | undefined
  timeOf: (value: number | string) => number
  /** Channel of rows without a channel cell. */
  channel: Channel
}

/** The row schema, limited to the fields the table has (fewer checks per row for CSV). */
function rowSchema({ subjectOf, timeOf, channel: fallback }: RowHelpers, fields: readonly Field[]) {
  const all = {
    id: text,
    contactPoint: z.string().check(z.minLength(1, 'is empty')),
    option: z.string().check(z.minLength(1, 'is empty'), z.refine((v) => subjectOf(v) !== undefined, 'is not a purpose or topic of the profile')),
    value: z.unknown().check(z.refine((v) => statusFromValue(v) !== undefined, 'is not a consent value (true/false, yes/no, 1/0, opt-in/opt-out)')),
    time: z.optional(z.union([z.number(), z.string()]).check(z.refine((v) => v === '' || Number.isFinite(timeOf(v)), 'is not a date'))),
    channel: z.optional(z.enum([...(CHANNELS as Channel[]), ''])),
    source: text,
    reason: text,
    reasonDescription: text,
  }
  const shape: Partial<typeof all> = {}
  for (const field of fields) (shape as Record<string, unknown>)[field] = all[field]
  return z.object(shape).check(
    z.refine(
      (row) => {
        const { contactPoint } = row as Row
        const channel = (row as Row).channel || fallback
        if (channel === 'email') return EMAIL.test(contactPoint.trim())
        if (channel === 'sms') return /\d{4,}/.test(contactPoint.replace(/\D+/g, ''))
        return true
      },
      { message: 'is not a valid contact point for its channel', path: ['contactPoint'] },
    ),
  )
}

/**
 * A streaming importer for consent tables like the seed's (Consent ID, Email, Consent option,
 * Consent value, optional date): every row is validated, a bad row is rejected with its line and
 * column while the rest import, and only the current row is held in memory.
 *
 * @throws ConsentError `invalid-option` (from `push`/`end`) when a required column is missing from
 * the header or a JSON array does not parse: no row could import.
 * @example
 * const importer = createTableImporter(ledger)
 * for await (const chunk of stream) importer.push(chunk)
 * const report = importer.end()
 */
export function createTableImporter(ledger: Ledger, options: ImportOptions = {}): TableImporter {
  const columns = { ...DEFAULT_COLUMNS, ...options.columns } as ColumnMapping
  // Tables repeat a handful of options and often the same date: remember the last answers.
  const subjects = new Map<string, Subject | undefined>()
  const subjectOf = (option: string) => {
    let subject = subjects.get(option)
    if (subject === undefined && !subjects.has(option)) {
      subject = resolveSubject(ledger.profile, option.trim())
      if (subjects.size < 1000) subjects.set(option, subject)
    }
    return subject
  }
  let lastTime: number | string | undefined
  let lastParsed = NaN
  const timeOf = (value: number | string) => {
    if (value !== lastTime) {
      lastTime = value
      lastParsed = toTime(value, Date.now)
    }
    return lastParsed
  }
  const helpers: RowHelpers = { subjectOf, timeOf, channel: options.channel ?? 'email' }
  let schema = rowSchema(helpers, FIELDS)
  const every = options.progressEvery ?? 100_000
  const maxErrors = options.maxErrors ?? 1000
  const report: ImportReport = { read: 0, imported: 0, updated: 0, unchanged: 0, stale: 0, rejected: 0, conflicts: 0, errors: [] }
  let format = options.format
  let positions: Partial<Record<Field, number>> | undefined
  let jsonText = ''

  const reject = (line: number, column: string, message: string) => {
    report.rejected++
    if (report.errors.length < maxErrors) report.errors.push({ line, column, message: `line ${line}${column ? `, column "${column}"` : ''}: ${message}` })
  }

  const apply = (raw: Record<string, unknown>, line: number) => {
    report.read++
    const parsed = schema.safeParse(raw)
    if (!parsed.success) {
      // One message per row: the first problem, named by the source column.
      const issue = parsed.error.issues[0]!
      const field = issue.path[0] as Field | undefined
      const column = field === undefined ? '' : (columns[field] ?? String(field))
      const shown = field === undefined ? '' : ` (${JSON.stringify(raw[field] ?? null)})`
      reject(line, column, `${field !== undefined && raw[field] === undefined ? 'is missing' : issue.message}${shown}`)
    } else {
      const row = parsed.data as Row
      const subject = subjectOf(row.option)!
      const input: ConsentRecordInput = {
        contactPoint: row.contactPoint,
        channel: (row.channel || options.channel) ?? 'email',
        purpose: subject.purpose.id,
        topic: subject.topic?.id,
        status: statusFromValue(row.value)!,
        source: row.source || (options.source ?? 'import'),
        origin: options.origin ?? 'import',
        time: row.time === undefined || row.time === '' ? options.time : timeOf(row.time),
      }
      if (row.id) input.id = row.id
      if (row.reason) input.reason = row.reason
      if (row.reasonDescription) input.reasonDescription = row.reasonDescription
      try {
        const { outcome } = ledger.write(input)
        if (outcome === 'created') report.imported++
        else if (outcome === 'updated') report.updated++
        else if (outcome === 'unchanged') report.unchanged++
        else if (outcome === 'stale') report.stale++
        else {
          report.conflicts++
          report.updated++
        }
      } catch (error) {
        if (!isConsentError(error)) throw error
        reject(line, '', error.message)
      }
    }
    if (options.onProgress && report.read % every === 0) options.onProgress(report)
  }

  const fromCells = (cells: string[], line: number) => {
    if (!positions) {
      const headers = cells.map((h) => h.trim().toLowerCase())
      positions = {}
      for (const field of FIELDS) {
        const name = columns[field]
        const at = name === undefined ? -1 : headers.indexOf(name.toLowerCase())
        if (at >= 0) positions[field] = at
        else if ((REQUIRED as readonly string[]).includes(field)) {
          throw new ConsentError('invalid-option', 'consentry/ledger: ' + `column "${String(name)}" (${field}) is not in the header: ${cells.join(', ')}`)
        }
      }
      schema = rowSchema(helpers, FIELDS.filter((field) => positions![field] !== undefined))
      return
    }
    const raw: Record<string, unknown> = {}
    for (const field of FIELDS) {
      const at = positions[field]
      if (at !== undefined) raw[field] = cells[at]
    }
    apply(raw, line)
  }

  const fromObject = (value: unknown, line: number) => {
    if (value === null || typeof value !== 'object' || Array.isArray(value)) {
      report.read++
      reject(line, '', 'is not an object')
      return
    }
    const source = value as Record<string, unknown>
    const lower = new Map(Object.keys(source).map((k) => [k.toLowerCase(), k]))
    const raw: Record<string, unknown> = {}
    for (const field of FIELDS) {
      const name = columns[field]
      const key = name === undefined ? undefined : lower.get(name.toLowerCase())
      if (key !== undefined) {
        const cell = source[key]
        raw[field] = field === 'value' || field === 'time' || cell === null || cell === undefined ? cell ?? undefined : String(cell)
      }
    }
    apply(raw, line)
  }

  let ndLine = 0
  let ndRest = ''
  const csv = createCsvParser(fromCells, options.delimiter ?? ',')
  let mode: 'csv' | 'ndjson' | 'array' | undefined

  const ndjson = (chunk: string, final: boolean) => {
    ndRest += chunk
    let start = 0
    for (let nl = ndRest.indexOf('\n'); nl !== -1; nl = ndRest.indexOf('\n', start)) {
      oneJsonLine(ndRest.slice(start, nl))
      start = nl + 1
    }
    ndRest = ndRest.slice(start)
    if (final && ndRest !== '') {
      oneJsonLine(ndRest)
      ndRest = ''
    }
  }
  const oneJsonLine = (lineText: string) => {
    ndLine++
    if (lineText.trim() === '') return
    let value: unknown
    try {
      value = JSON.parse(lineText)
    } catch {
      report.read++
      reject(ndLine, '', 'is not valid JSON')
      return
    }
    fromObject(value, ndLine)
  }

  return {
    get report() {
      return report
    },
    push(chunk) {
      if (!mode) {
        const head = chunk.replace(/^\uFEFF/, '').trimStart()
        if (head === '') return
        if (!format) format = head[0] === '[' || head[0] === '{' ? 'json' : 'csv'
        mode = format === 'csv' ? 'csv' : head[0] === '[' ? 'array' : 'ndjson'
      }
      if (mode === 'csv') csv.push(chunk)
      else if (mode === 'ndjson') ndjson(chunk, false)
      // A JSON array is one value; it is parsed whole (use NDJSON for very large files).
      else jsonText += chunk
    },
    end() {
      if (mode === 'csv') csv.end()
      else if (mode === 'ndjson') ndjson('', true)
      else if (mode === 'array') {
        let rows: unknown
        try {
          rows = JSON.parse(jsonText)
        } catch (error) {
          throw new ConsentError('invalid-option', 'consentry/ledger: ' + `the JSON array does not parse: ${(error as Error).message}`)
        }
        jsonText = ''
        if (!Array.isArray(rows)) throw new ConsentError('invalid-option', 'consentry/ledger: ' + 'the JSON text is not an array of rows')
        rows.forEach((row, i) => fromObject(row, i + 1))
      }
      return report
    },
  }
}

/**
 * Imports a whole consent table from a string, an iterable or an async iterable of chunks (a
 * Node stream, a `fetch` body decoded to text, `File.stream()` piped through TextDecoderStream).
 *
 * @throws ConsentError `invalid-option` when the table cannot be read at all (a required column is
 * missing, a JSON array does not parse). Bad rows never throw: they are counted and listed.
 * @example
 * import { createReadStream } from 'node:fs'
 * const report = await importTable(ledger, createReadStream('consent.csv', 'utf8'))
 * console.log(report.imported, report.rejected, report.errors[0]?.message)
 */
export async function importTable(
  ledger: Ledger,
  source: string | Iterable<string | Uint8Array> | AsyncIterable<string | Uint8Array>,
  options: ImportOptions = {},
): Promise<ImportReport> {
  const importer = createTableImporter(ledger, options)
  if (typeof source === 'string') {
    importer.push(source)
    return importer.end()
  }
  const decoder = new TextDecoder()
  for await (const chunk of source) importer.push(typeof chunk === 'string' ? chunk : decoder.decode(chunk, { stream: true }))
  const tail = decoder.decode()
  if (tail) importer.push(tail)
  return importer.end()
}
