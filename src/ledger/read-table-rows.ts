import { ledgerError } from './ledger-error.js'

/**
 * One source row as read: its cells by header (CSV) or its object (JSON, NDJSON), or why the row
 * could not be read. `line` is 1-based (CSV, NDJSON) or the element number (JSON array).
 * @internal
 */
export type SourceRow = { line: number; cells: Record<string, unknown>; error?: undefined } | { line: number; error: string; cells?: undefined }

/** @internal What the reader needs to know. */
export interface ReadOptions {
  format?: 'csv' | 'json' | undefined
  delimiter?: string | undefined
  /** Column names the caller maps: checked against the CSV header, or the keys of each JSON row. */
  mapped?: readonly string[] | undefined
}

type Source = string | Iterable<string | Uint8Array> | AsyncIterable<string | Uint8Array>

/** @internal Bytes that were not UTF-8, by file line (1-based), in the order read. */
type BadBytes = { list: { line: number; byte: number }[]; next: number }

/**
 * Text of the source. Bytes are strict UTF-8: a byte that is not part of a valid sequence becomes a
 * lone low surrogate U+DC80-U+DCFF (valid UTF-8 never decodes to one) and is listed with its line
 * in `bad`, so the row holding it is rejected instead of two spellings (josé / josè in Latin-1)
 * turning into one U+FFFD. (csv-parse re-encodes its text, hence the list by line for CSV.)
 */
async function* textChunks(source: Source, bad: BadBytes): AsyncGenerator<string> {
  if (typeof source === 'string') {
    yield source
    return
  }
  let carry = new Uint8Array(0)
  let line = 1
  let cr = false
  const text = (decoded: string, marks: number[]) => {
    // A CRLF cut by a chunk boundary is one line break.
    const joined = cr && decoded[0] === '\n' ? 1 : 0
    for (const at of marks) bad.list.push({ line: line + countBreaks(decoded.slice(0, at)) - (at > 0 ? joined : 0), byte: decoded.charCodeAt(at) - 0xdc00 })
    line += countBreaks(decoded) - joined
    if (decoded) cr = decoded.endsWith('\r')
    return decoded
  }
  for await (const chunk of source) {
    if (typeof chunk === 'string') {
      yield text(chunk, [])
      continue
    }
    let bytes = chunk
    if (carry.length) {
      bytes = new Uint8Array(carry.length + chunk.length)
      bytes.set(carry)
      bytes.set(chunk, carry.length)
    }
    const end = completeEnd(bytes)
    carry = bytes.slice(end)
    const marks: number[] = []
    const decoded = text(decodeStrict(bytes.subarray(0, end), marks), marks)
    if (decoded) yield decoded
  }
  const marks: number[] = []
  if (carry.length) yield text(decodeStrict(carry, marks), marks)
}

/** Where the bytes stop being whole characters (a sequence cut by the chunk's end waits for the next). */
function completeEnd(bytes: Uint8Array): number {
  for (let back = 1; back <= Math.min(3, bytes.length); back++) {
    const byte = bytes[bytes.length - back]!
    if (byte < 0x80) return bytes.length
    if (byte >= 0xc0) return (byte >= 0xf0 ? 4 : byte >= 0xe0 ? 3 : 2) > back ? bytes.length - back : bytes.length
  }
  return bytes.length
}

/** Length of the valid UTF-8 sequence at `i`, or 0. */
function sequenceAt(bytes: Uint8Array, i: number): number {
  const lead = bytes[i]!
  if (lead < 0x80) return 1
  const n = lead >= 0xc2 && lead <= 0xdf ? 2 : lead >= 0xe0 && lead <= 0xef ? 3 : lead >= 0xf0 && lead <= 0xf4 ? 4 : 0
  // Overlong forms, surrogates and code points above U+10FFFF are invalid (the Encoding Standard's bounds).
  const low = lead === 0xe0 ? 0xa0 : lead === 0xf0 ? 0x90 : 0x80
  const high = lead === 0xed ? 0x9f : lead === 0xf4 ? 0x8f : 0xbf
  for (let k = 1; k < n; k++) {
    const next = bytes[i + k]
    if (next === undefined || next < (k === 1 ? low : 0x80) || next > (k === 1 ? high : 0xbf)) return 0
  }
  return n
}

/** The bytes as text; each invalid byte becomes U+DC00 + byte, its index pushed onto `marks`. */
function decodeStrict(bytes: Uint8Array, marks: number[]): string {
  // Made per chunk, not at module level: a page importing only the sink keeps no decoder.
  const lenient = new TextDecoder('utf-8', { ignoreBOM: true })
  try {
    return new TextDecoder('utf-8', { fatal: true, ignoreBOM: true }).decode(bytes)
  } catch {
    let text = ''
    let start = 0
    for (let i = 0; i < bytes.length; ) {
      const n = sequenceAt(bytes, i)
      if (n) i += n
      else {
        text += lenient.decode(bytes.subarray(start, i))
        marks.push(text.length)
        text += String.fromCharCode(0xdc00 + bytes[i]!)
        start = ++i
      }
    }
    return text + lenient.decode(bytes.subarray(start))
  }
}

const notUtf8Message = (byte: number) => `is not UTF-8 (byte 0x${byte.toString(16).toUpperCase()}): save the file as UTF-8`
/** A byte that was not UTF-8 in JSON text (see textChunks). */
const notUtf8 = (text: string): string | undefined => {
  const at = /(?<![\uD800-\uDBFF])[\uDC80-\uDCFF]/.exec(text)
  return at ? notUtf8Message(at[0].charCodeAt(0) - 0xdc00) : undefined
}
/** The first byte that was not UTF-8 on lines [start, end) of a CSV file. */
function badByteIn(bad: BadBytes, start: number, end: number): string | undefined {
  while (bad.next < bad.list.length && bad.list[bad.next]!.line < start) bad.next++
  const found = bad.list[bad.next]
  return found && found.line < end ? notUtf8Message(found.byte) : undefined
}

const BREAKS = /\r\n|\r|\n/g
const countBreaks = (text: string) => text.match(BREAKS)?.length ?? 0
const leadingBreaks = (text: string) => /^(?:\r\n|\r|\n)*/.exec(text)![0].match(BREAKS)?.length ?? 0

/** The record delimiter of a file: the first line break decides (CR-only files included). */
function lineEnding(head: string): string | undefined {
  const at = head.search(/[\r\n]/)
  if (at < 0 || (head[at] === '\r' && at === head.length - 1)) return undefined
  return head[at] === '\n' ? '\n' : head[at + 1] === '\n' ? '\r\n' : '\r'
}

/** Where a CSV text starts: its header (once read) and the file line of its first line. */
type CsvStart = { header?: string[] | undefined; line: number; bad: BadBytes }

async function* csvRows(chunks: AsyncIterator<string>, first: string, options: ReadOptions, at: CsvStart): AsyncGenerator<SourceRow> {
  const delimiter = options.delimiter ?? ','
  const { head, ending, done } = await readHead(chunks, first)
  // relax_quotes: a stray quote inside an unquoted cell stays a literal instead of opening a
  // quoted cell that would swallow the rest of the file; rows holding one are re-read strictly
  // below and rejected with their line. Bad records are skipped (reported), never fatal.
  const recordDelimiter = ending ?? '\n'
  // Loaded on use: csv-parse needs Node's stream module, which a page importing only the sink
  // must not pull in.
  const [{ parse }, { parse: parseStrict }] = await Promise.all([import('csv-parse'), import('csv-parse/sync')])
  const parser = parse({ bom: true, delimiter, record_delimiter: recordDelimiter, relax_quotes: true, relax_column_count: true, skip_empty_lines: true, skip_records_with_error: true, raw: true })
  // A skipped (malformed) record is reported with its raw text, so its lines count; it is put back
  // in order by the number of records parsed before it (the event comes ahead of queued records).
  const skipped: Parsed[] = []
  parser.on('skip', (error: Error & { raw?: string; records?: number }) => skipped.push({ raw: error.raw ?? '', error: error.message, records: error.records ?? 0 }))
  const feed = feedParser(parser, head, chunks, done)
  let { header, line } = at
  for await (const { record, raw, error } of parsedRecords(parser, skipped)) {
    const start = line + leadingBreaks(raw)
    line += countBreaks(raw) + (/[\r\n]$/.test(raw) ? 0 : 1)
    if (!header) {
      const bad = badByteIn(at.bad, start, line)
      if (bad) throw ledgerError('invalid-option', `the header ${bad}`)
      header = readHeader(record ?? [], options.mapped)
      continue
    }
    const malformed = error ?? (raw.includes('"') ? strictError(parseStrict, raw, delimiter, recordDelimiter) : undefined)
    if (malformed !== undefined) {
      yield { line: start, error: `malformed CSV: ${malformed.replace(/ at line \d+/, '')}` }
      // A quote left open swallows the lines after it into this record: they are rows of their own.
      const rest = raw.replace(/^[\r\n]+/, '').replace(/^.*?(?:\r\n|\r|\n)/s, '')
      if (/[^\r\n]/.test(rest)) yield* csvRows(emptyChunks(), rest, options, { header, line: start + 1, bad: at.bad })
      continue
    }
    const bad = badByteIn(at.bad, start, line)
    yield bad ? { line: start, error: bad } : rowOfCells(record!, header, start)
  }
  await feed
  if (!header) throw ledgerError('invalid-reading', 'the table has no header row')
}

async function* noChunks(): AsyncGenerator<string> {}
const emptyChunks = () => noChunks()[Symbol.asyncIterator]()

type StrictParse = typeof import('csv-parse/sync').parse
function strictError(parseStrict: StrictParse, raw: string, delimiter: string, recordDelimiter: string): string | undefined {
  try {
    parseStrict(raw.replace(/^[\r\n]+|[\r\n]+$/g, ''), { delimiter, record_delimiter: recordDelimiter, relax_column_count: true, skip_empty_lines: true })
    return undefined
  } catch (error) {
    return (error as Error).message
  }
}

/** A data record as cells by header name; more cells than the header reject it. */
function rowOfCells(record: string[], header: string[], line: number): SourceRow {
  // Fewer cells are read (missing trailing cells are empty; a missing required one is rejected
  // later); a cell beyond the header has no column and would be lost.
  if (record.length > header.length) return { line, error: `has ${record.length} cells but the header has ${header.length} columns` }
  const cells: Record<string, unknown> = {}
  header.forEach((name, i) => {
    if (record[i] !== undefined) cells[name] = record[i]
  })
  return { line, cells }
}

/** Reads until the first line break is known (it decides the record delimiter), or to the end. */
async function readHead(chunks: AsyncIterator<string>, first: string): Promise<{ head: string; ending: string | undefined; done: boolean }> {
  let head = first
  let ending = lineEnding(head)
  let done = false
  while (ending === undefined && !done) {
    const next = await chunks.next()
    if (next.done) done = true
    else head += next.value
    ending = lineEnding(head) ?? (done ? '\n' : undefined)
  }
  return { head, ending, done }
}

type CsvParser = import('csv-parse').Parser

/** Writes the file into the parser, waiting when it asks to; a reading error ends the parse with it. */
async function feedParser(parser: CsvParser, head: string, chunks: AsyncIterator<string>, done: boolean): Promise<void> {
  try {
    if (!parser.write(head)) await new Promise((resolve) => parser.once('drain', resolve))
    for (let next = await chunks.next(); !done && !next.done; next = await chunks.next()) {
      if (!parser.write(next.value)) await new Promise((resolve) => parser.once('drain', resolve))
    }
    parser.end()
  } catch (error) {
    parser.destroy(error as Error)
  }
}

/**
 * The parser's records with their raw text. Taken from 'data' events (the browser build's stream
 * is not async iterable); pausing past a small queue keeps backpressure all the way to the file.
 */
type Parsed = { record?: string[] | undefined; raw: string; error?: string | undefined; records?: number }
async function* parsedRecords(parser: CsvParser, skipped: Parsed[]): AsyncGenerator<Parsed> {
  const queue: Parsed[] = []
  let count = 0
  let wake: (() => void) | undefined
  let ended = false
  let failed: unknown
  const signal = () => wake?.()
  parser.on('data', (item: Parsed) => {
    queue.push(item)
    if (queue.length >= 1000) parser.pause()
    signal()
  })
  parser.on('end', () => ((ended = true), signal()))
  parser.on('error', (error: unknown) => ((failed = error), signal()))
  for (;;) {
    if (skipped.length && skipped[0]!.records! <= count) {
      yield skipped.shift()!
      continue
    }
    if (queue.length) {
      count++
      yield queue.shift()!
      continue
    }
    if (failed !== undefined) throw failed
    if (ended) return yield* skipped.splice(0)
    parser.resume()
    await new Promise<void>((resolve) => (wake = resolve))
    wake = undefined
  }
}

/**
 * The header's names, trimmed and lower-cased. A mapped column it lacks, a name given twice (which
 * cell would count?) or bytes that are not UTF-8 are usage errors.
 */
function readHeader(record: string[], mapped: readonly string[] = []): string[] {
  const header = record.map((cell) => cell.trim().toLowerCase())
  const twice = header.filter((name, i) => name !== '' && header.indexOf(name) !== i)
  if (twice.length) throw ledgerError('invalid-option', `the header names ${[...new Set(twice)].map((n) => `"${n}"`).join(', ')} more than once (${record.join(', ')})`)
  const missing = mapped.filter((name) => !header.includes(name.toLowerCase()))
  if (missing.length) throw ledgerError('invalid-option', `${missing.map((m) => `column "${m}"`).join(', ')} not in the header (${record.join(', ')})`)
  return header
}

/**
 * JSON rows as cells by trimmed, lower-cased key. A row with a key twice under that spelling, a
 * mapped column it lacks, or text that was not UTF-8 is rejected naming it; the first object row
 * lacking a mapped column stops the import (a usage error, as a CSV header lacking it is): JSON
 * has no header, so the first row stands for one.
 */
function objectRows(mapped: readonly string[] = []) {
  let first = true
  return (value: unknown, line: number): SourceRow => {
    if (value === null || typeof value !== 'object' || Array.isArray(value)) return { line, error: 'is not an object' }
    const cells: Record<string, unknown> = {}
    const twice = new Set<string>()
    for (const [key, cell] of Object.entries(value)) {
      const name = key.trim().toLowerCase()
      if (Object.hasOwn(cells, name)) twice.add(name)
      cells[name] = cell
      const bad = notUtf8(key) ?? (typeof cell === 'string' ? notUtf8(cell) : undefined)
      if (bad) return { line, error: `cell "${key}" ${bad}` }
    }
    if (twice.size) return { line, error: `has the keys ${[...twice].map((n) => `"${n}"`).join(', ')} more than once (in any case or spacing)` }
    const missing = mapped.filter((name) => !Object.hasOwn(cells, name.trim().toLowerCase())).map((m) => `column "${m}"`)
    if (missing.length && first) throw ledgerError('invalid-option', `${missing.join(', ')} not in the first row (line ${line}): JSON rows have no header, so every mapped key must be in each row`)
    first = false
    if (missing.length) return { line, error: `has no ${missing.join(', ')} (every mapped key must be in each row)` }
    return { line, cells }
  }
}

async function* ndjsonRows(chunks: AsyncIterator<string>, first: string, mapped: readonly string[] | undefined): AsyncGenerator<SourceRow> {
  const objectRow = objectRows(mapped)
  let rest = first
  let line = 0
  const one = (text: string): SourceRow | undefined => {
    line++
    if (text.trim() === '') return undefined
    let value: unknown
    try {
      value = JSON.parse(text)
    } catch {
      return { line, error: notUtf8(text) ?? 'is not valid JSON' }
    }
    return objectRow(value, line)
  }
  for (;;) {
    let start = 0
    for (let nl = rest.indexOf('\n'); nl !== -1; nl = rest.indexOf('\n', start)) {
      const row = one(rest.slice(start, nl))
      if (row) yield row
      start = nl + 1
    }
    rest = rest.slice(start)
    const next = await chunks.next()
    if (next.done) break
    rest += next.value
  }
  const row = one(rest)
  if (row) yield row
}

/**
 * Reads a consent table (CSV through csv-parse, a JSON array, or NDJSON) row by row. A leading
 * BOM is dropped in every format; CSV takes LF, CRLF or CR-only line endings, and a malformed row
 * (a quote left open, more cells than the header, bytes that are not UTF-8) is reported with its
 * line while the rest are read. An empty source is an error.
 *
 * @throws ConsentError `invalid-reading` for an empty source, a JSON array that does not parse or
 * a CSV without a header; `invalid-option` for a mapped column the header (or the first JSON row)
 * lacks, or a header naming a column twice or holding bytes that are not UTF-8.
 * @internal
 */
export async function* readTableRows(source: Source, options: ReadOptions = {}): AsyncGenerator<SourceRow> {
  const bad: BadBytes = { list: [], next: 0 }
  const chunks = textChunks(source, bad)[Symbol.asyncIterator]()
  let first = ''
  // Enough text to tell the format (and an empty file from a blank one).
  while (first.replace(/^\uFEFF/, '').trim() === '') {
    const next = await chunks.next()
    if (next.done) throw ledgerError('invalid-reading', 'the table is empty')
    first += next.value
  }
  first = first.replace(/^\uFEFF/, '')
  const head = first.trimStart()[0]
  const format = options.format ?? (head === '[' || head === '{' ? 'json' : 'csv')
  if (format === 'csv') return yield* csvRows(chunks, first, options, { line: 1, bad })
  if (head !== '[') return yield* ndjsonRows(chunks, first, options.mapped)
  // A JSON array is one value, parsed whole (NDJSON streams).
  let text = first
  for (let next = await chunks.next(); !next.done; next = await chunks.next()) text += next.value
  let rows: unknown
  try {
    rows = JSON.parse(text)
  } catch (error) {
    throw ledgerError('invalid-reading', `the JSON array does not parse: ${(error as Error).message}`)
  }
  if (!Array.isArray(rows)) throw ledgerError('invalid-reading', 'the JSON text is not an array of rows')
  const objectRow = objectRows(options.mapped)
  for (let i = 0; i < rows.length; i++) yield objectRow(rows[i], i + 1)
}
