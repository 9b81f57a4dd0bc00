/**
 * Receives one parsed record: its cells and the 1-based line it starts on.
 * @example
 * const onRow: CsvRowHandler = (cells, line) => console.log(line, cells)
 * createCsvParser(onRow).push('Email,Consent value\nholly@contoso.com,yes\n')
 */
export type CsvRowHandler = (cells: string[], line: number) => void

/**
 * A push parser: feed text chunks as they arrive, then call `end()`.
 * @example
 * const parser: CsvParser = createCsvParser((cells) => rows.push(cells), ';')
 * for await (const chunk of stream) parser.push(chunk) // a chunk may end inside a quoted cell
 * parser.end()
 */
export interface CsvParser {
  push(chunk: string): void
  end(): void
}

function splitQuoted(text: string, delimiter: string): string[] {
  const cells: string[] = []
  let cell = ''
  let i = 0
  let quoted = false
  while (i < text.length) {
    const ch = text[i]!
    if (quoted) {
      if (ch === '"') {
        if (text[i + 1] === '"') {
          cell += '"'
          i++
        } else quoted = false
      } else cell += ch
    } else if (ch === '"') quoted = true
    else if (ch === delimiter) {
      cells.push(cell)
      cell = ''
    } else cell += ch
    i++
  }
  cells.push(cell)
  return cells
}

const countQuotes = (text: string) => {
  let n = 0
  for (let i = text.indexOf('"'); i !== -1; i = text.indexOf('"', i + 1)) n++
  return n
}

/**
 * Streams RFC 4180 CSV: quoted cells with delimiters, doubled quotes and line breaks inside, CRLF
 * or LF endings, a leading BOM. Only the current record is buffered, so memory stays flat
 * whatever the file size. Blank lines are skipped (their numbers still count).
 *
 * @example
 * const parser = createCsvParser((cells, line) => rows.push(cells))
 * parser.push('a,b\n1,"x, y"\n'); parser.end()
 */
export function createCsvParser(onRow: CsvRowHandler, delimiter = ','): CsvParser {
  let rest = ''
  let line = 1
  let first = true
  const emit = (record: string, startLine: number) => {
    const text = record.endsWith('\r') ? record.slice(0, -1) : record
    if (text === '') return
    onRow(text.includes('"') ? splitQuoted(text, delimiter) : text.split(delimiter), startLine)
  }
  const drain = (final: boolean) => {
    let start = 0
    let from = 0
    for (;;) {
      const nl = rest.indexOf('\n', from)
      if (nl === -1) break
      const candidate = rest.slice(start, nl)
      // An odd number of quotes means a quoted cell holds this line break: keep reading.
      if (candidate.includes('"') && countQuotes(candidate) % 2 === 1) {
        from = nl + 1
        continue
      }
      emit(candidate, line)
      for (let i = candidate.indexOf('\n'); i !== -1; i = candidate.indexOf('\n', i + 1)) line++
      line++
      start = from = nl + 1
    }
    rest = rest.slice(start)
    if (final && rest !== '') {
      emit(rest, line)
      rest = ''
    }
  }
  return {
    push(chunk) {
      if (first) {
        first = false
        if (chunk.charCodeAt(0) === 0xfeff) chunk = chunk.slice(1)
      }
      rest += chunk
      drain(false)
    },
    end: () => drain(true),
  }
}
