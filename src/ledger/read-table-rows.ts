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
  /** Header names the caller maps; checked against the CSV header. */
  mapped?: readonly string[] | undefined
}

type Source = string | Iterable<string | Uint8Array> | AsyncIterable<string | Uint8Array>

async function* textChunks(source: Source): AsyncGenerator<string> {
  if (typeof source === 'string') {
    yield source
    return
  }
  const decoder = new TextDecoder()
  for await (const chunk of source) {
    const text = typeof chunk === 'string' ? chunk : decoder.decode(chunk, { stream: true })
    if (text) yield text
  }
  const tail = decoder.decode()
  if (tail) yield tail
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

async function* csvRows(chunks: AsyncIterator<string>, first: string, options: ReadOptions): AsyncGenerator<SourceRow> {
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
  const skipped: SourceRow[] = []
  parser.on('skip', (error: Error & { lines?: number }) => skipped.push({ line: error.lines ?? 0, error: error.message }))
  const feed = feedParser(parser, head, chunks, done)
  let header: string[] | undefined
  let line = 1
  for await (const { record, raw } of parsedRecords(parser)) {
    yield* skipped.splice(0)
    const start = line + leadingBreaks(raw)
    line += countBreaks(raw) + (/[\r\n]$/.test(raw) ? 0 : 1)
    if (!header) {
      header = readHeader(record, options.mapped)
      continue
    }
    if (raw.includes('"')) {
      try {
        parseStrict(raw.replace(/^[\r\n]+|[\r\n]+$/g, ''), { delimiter, record_delimiter: recordDelimiter, relax_column_count: true, skip_empty_lines: true })
      } catch (error) {
        yield { line: start, error: `malformed CSV: ${(error as Error).message.replace(/ at line \d+/, '')}` }
        continue
      }
    }
    const cells: Record<string, unknown> = {}
    header.forEach((name, i) => {
      if (record[i] !== undefined) cells[name] = record[i]
    })
    yield { line: start, cells }
  }
  yield* skipped.splice(0)
  await feed
  if (!header) throw ledgerError('invalid-reading', 'the table has no header row')
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
async function* parsedRecords(parser: CsvParser): AsyncGenerator<{ record: string[]; raw: string }> {
  const queue: { record: string[]; raw: string }[] = []
  let wake: (() => void) | undefined
  let ended = false
  let failed: unknown
  const signal = () => wake?.()
  parser.on('data', (item: { record: string[]; raw: string }) => {
    queue.push(item)
    if (queue.length >= 1000) parser.pause()
    signal()
  })
  parser.on('end', () => ((ended = true), signal()))
  parser.on('error', (error: unknown) => ((failed = error), signal()))
  for (;;) {
    if (queue.length) {
      yield queue.shift()!
      continue
    }
    if (failed !== undefined) throw failed
    if (ended) return
    parser.resume()
    await new Promise<void>((resolve) => (wake = resolve))
    wake = undefined
  }
}

/** The header's names, trimmed and lower-cased; a mapped column it lacks is a usage error. */
function readHeader(record: string[], mapped: readonly string[] = []): string[] {
  const header = record.map((cell) => cell.trim().toLowerCase())
  const missing = mapped.filter((name) => !header.includes(name.toLowerCase()))
  if (missing.length) throw ledgerError('invalid-option', `${missing.map((m) => `column "${m}"`).join(', ')} not in the header (${record.join(', ')})`)
  return header
}

const objectRow = (value: unknown, line: number): SourceRow => {
  if (value === null || typeof value !== 'object' || Array.isArray(value)) return { line, error: 'is not an object' }
  const cells: Record<string, unknown> = {}
  for (const [key, cell] of Object.entries(value)) cells[key.trim().toLowerCase()] = cell
  return { line, cells }
}

async function* ndjsonRows(chunks: AsyncIterator<string>, first: string): AsyncGenerator<SourceRow> {
  let rest = first
  let line = 0
  const one = (text: string): SourceRow | undefined => {
    line++
    if (text.trim() === '') return undefined
    try {
      return objectRow(JSON.parse(text), line)
    } catch {
      return { line, error: 'is not valid JSON' }
    }
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
 * is reported with its line while the rest are read. An empty source is an error.
 *
 * @throws ConsentError `invalid-reading` for an empty source, a JSON array that does not parse or
 * a CSV without a header; `invalid-option` for a mapped column the header lacks.
 * @internal
 */
export async function* readTableRows(source: Source, options: ReadOptions = {}): AsyncGenerator<SourceRow> {
  const chunks = textChunks(source)[Symbol.asyncIterator]()
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
  if (format === 'csv') return yield* csvRows(chunks, first, options)
  if (head !== '[') return yield* ndjsonRows(chunks, first)
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
  for (let i = 0; i < rows.length; i++) yield objectRow(rows[i], i + 1)
}
