// The table reader never guesses: a column it cannot place, a cell it cannot keep, a row it cannot
// delimit or bytes it cannot decode are refused with their line, and the rows around them are read.
import { readFileSync } from 'node:fs'
import { describe, expect, it } from 'vitest'
import { isConsentError } from 'consentry'
import { canContact, createLedger, importTable, tableRecords } from '../../src/ledger/index.js'
import type { ComplianceProfile, ImportOptions } from '../../src/ledger/index.js'

const profile = JSON.parse(readFileSync(new URL('../fixtures/ledger/profile.json', import.meta.url), 'utf8')) as ComplianceProfile
const AS_OF = '2025-06-01T00:00:00Z'
const commercial = (contactPoint: string, channel: 'email' | 'custom' = 'email') => ({ contactPoint, channel, purpose: 'commercial' })

async function rows(source: string | Uint8Array[], options: ImportOptions = {}) {
  const out: [number, string | undefined, string | undefined][] = []
  for await (const row of tableRecords(profile, source, options)) out.push([row.line, row.record?.contactPoint, row.error?.message])
  return out
}
const failure = (promise: Promise<unknown>) =>
  promise.then(
    () => undefined,
    (error: unknown) => error as Error,
  )

describe('every mapped column is in the input, for every format', () => {
  const row = (key: string, more: Record<string, unknown> = {}) =>
    JSON.stringify({ Email: 'holly@contoso.com', 'Consent option': 'Commercial', 'Consent value': true, [key]: '2024-01-01T00:00:00Z', ...more })

  it.each([
    ['NDJSON', (...r: string[]) => r.join('\n')],
    ['a JSON array', (...r: string[]) => `[${r.join(',')}]`],
  ])('%s: a mapped key missing from the first row is a usage error naming it', async (_, table) => {
    const ledger = createLedger({ profile })
    ledger.write({ ...commercial('holly@contoso.com'), status: 'opt-out', time: '2025-03-01T00:00:00Z' })
    // The old opt-in is dated 2024 under "Modified"; mistyped, the row would be as new as --as-of.
    const error = await failure(importTable(ledger, table(row('Modified')), { columns: { time: 'Modifed' }, asOf: AS_OF }))
    expect(isConsentError(error) && error.code).toBe('invalid-option')
    expect(error?.message).toContain('column "Modifed"')
    expect(canContact(ledger, commercial('holly@contoso.com')).allowed).toBe(false)
    // Required columns too.
    const required = await failure(importTable(ledger, table(JSON.stringify({ Mail: 'a@b.example', 'Consent option': 'Commercial', 'Consent value': true })), { asOf: AS_OF }))
    expect(required?.message).toContain('column "Email"')
  })

  it('a later row without a mapped key is rejected naming the column; a null cell is present (empty)', async () => {
    const table = [row('Modified'), row('Changed'), row('Modified', { Modified: null })].join('\n')
    expect(await rows(table, { columns: { time: 'Modified' }, asOf: AS_OF })).toEqual([
      [1, 'holly@contoso.com', undefined],
      [2, undefined, 'line 2: has no column "Modified" (every mapped key must be in each row)'],
      [3, 'holly@contoso.com', undefined],
    ])
  })
})

describe('ambiguous columns are refused', () => {
  it.each(['Consent value', 'consent value ', ' CONSENT VALUE'])('a CSV header naming a column twice ("%s") is a usage error naming it', async (twice) => {
    const error = await failure(importTable(createLedger({ profile }), `Email,Consent option,Consent value,Date,${twice}\nholly@contoso.com,Commercial,False,2025-03-01T09:00:00Z,True\n`))
    expect(isConsentError(error) && error.code).toBe('invalid-option')
    expect(error?.message).toContain('"consent value" more than once')
  })

  it('a JSON row with a key twice in another case or spacing is rejected naming it; the other rows import', async () => {
    const table = [
      '{"Email":"gina@contoso.com","Consent option":"Commercial","Consent value":false,"consent value ":true,"Date":"2025-03-01T09:00:00Z"}',
      '{"Email":"ivan@contoso.com","Consent option":"Commercial","Consent value":false,"Date":"2025-03-01T09:00:00Z"}',
    ]
    expect(await rows(table.join('\n'))).toEqual([
      [1, undefined, 'line 1: has the keys "consent value" more than once (in any case or spacing)'],
      [2, 'ivan@contoso.com', undefined],
    ])
    expect((await rows(`[${table.join(',')}]`))[0]?.[2]).toContain('"consent value" more than once')
  })
})

describe('CSV cells and rows are never lost', () => {
  const header = 'Email,Consent option,Consent value,Date,Reason description'

  it('a row with more cells than the header is rejected with its line; fewer trailing cells are read', async () => {
    const table = `${header}\nivan@contoso.com,Commercial,False,2025-03-01T09:00:00Z,Customer said: stop, never email me again\nann@contoso.com,Commercial,False,2025-03-01T09:00:00Z\n`
    expect(await rows(table, { columns: { reasonDescription: 'Reason description' } })).toEqual([
      [2, undefined, 'line 2: has 6 cells but the header has 5 columns'],
      [3, 'ann@contoso.com', undefined],
    ])
  })

  it.each([
    ['LF', '\n'],
    ['CRLF', '\r\n'],
    ['CR', '\r'],
  ])('an unclosed quote rejects its own line only and the rest is read with their lines (%s)', async (_, eol) => {
    const body = Array.from({ length: 50 }, (_, i) => `u${i}@contoso.com,Commercial,False,2025-03-01T09:00:00Z,`)
    for (const at of [0, 17, 49]) {
      const lines = [...body]
      lines[at] = `kim@contoso.com,Commercial,False,2025-03-01T09:00:00Z,"5' 11 tall`
      const read = await rows([header, ...lines].join(eol) + eol)
      expect(read).toHaveLength(50)
      expect(read.filter((r) => r[2] !== undefined)).toEqual([[at + 2, undefined, expect.stringMatching(new RegExp(`^line ${at + 2}: malformed CSV`))]])
      expect(read.map((r) => r[0])).toEqual(body.map((_, i) => i + 2))
    }
  })

  it('an unclosed quote before a later quoted cell still leaves every other row read', async () => {
    const table = `${header}\nkim@contoso.com,Commercial,False,2025-03-01T09:00:00Z,"open\nu1@contoso.com,Commercial,False,2025-03-01T09:00:00Z,\nu2@contoso.com,Commercial,False,2025-03-01T09:00:00Z,"said ""no"", twice"\nu3@contoso.com,Commercial,False,2025-03-01T09:00:00Z,\n`
    const read = await rows(table)
    expect(read.map((r) => [r[0], r[1] ?? 'rejected'])).toEqual([
      [2, 'rejected'],
      [3, 'u1@contoso.com'],
      [4, 'u2@contoso.com'],
      [5, 'u3@contoso.com'],
    ])
  })

  it('a legal multi-line quoted cell is still one row', async () => {
    const table = `${header}\nann@contoso.com,Commercial,False,2025-03-01T09:00:00Z,"two\nlines"\nbob@contoso.com,Commercial,False,2025-03-01T09:00:00Z,\n`
    expect(await rows(table, { columns: { reasonDescription: 'Reason description' } })).toEqual([
      [2, 'ann@contoso.com', undefined],
      [4, 'bob@contoso.com', undefined],
    ])
  })
})

describe('input that is not UTF-8', () => {
  const latin1 = (text: string) => Uint8Array.from(text, (c) => c.charCodeAt(0))

  it('a CSV row holding a byte that is not UTF-8 is rejected with its line, never merged through U+FFFD', async () => {
    const bytes = latin1(
      'Email,Consent option,Consent value,Date,Channel\njos\xe9,Commercial,False,2025-03-01T09:00:00Z,custom\njos\xe8,Commercial,True,2025-03-01T09:00:00Z,custom\nann@contoso.com,Commercial,False,2025-03-01T09:00:00Z,email\n',
    )
    // Every chunk size, so a sequence cut by a chunk boundary is read whole.
    for (const size of [1, 2, 3, 7, bytes.length]) {
      const chunks = Array.from({ length: Math.ceil(bytes.length / size) }, (_, i) => bytes.subarray(i * size, (i + 1) * size))
      expect(await rows(chunks, { columns: { channel: 'Channel' } })).toEqual([
        [2, undefined, 'line 2: is not UTF-8 (byte 0xE9): save the file as UTF-8'],
        [3, undefined, 'line 3: is not UTF-8 (byte 0xE8): save the file as UTF-8'],
        [4, 'ann@contoso.com', undefined],
      ])
    }
  })

  it('valid UTF-8 (2, 3 and 4 byte sequences, a U+FFFD written in the file) reads as it is, whatever the chunks', async () => {
    const text = 'Email,Consent option,Consent value,Date,Channel\njosé ☃ 𝄞 \uFFFD,Commercial,False,2025-03-01T09:00:00Z,custom\n'
    const bytes = new TextEncoder().encode(text)
    for (const size of [1, 2, 3, 5]) {
      const chunks = Array.from({ length: Math.ceil(bytes.length / size) }, (_, i) => bytes.subarray(i * size, (i + 1) * size))
      expect(await rows(chunks, { columns: { channel: 'Channel' } })).toEqual([[2, 'josé ☃ 𝄞 \uFFFD', undefined]])
    }
  })

  it('invalid sequences of every kind are caught (overlong, surrogate, above U+10FFFF, cut short, stray continuation)', async () => {
    for (const bad of [[0xc0, 0xaf], [0xe0, 0x80, 0xaf], [0xed, 0xa0, 0x80], [0xf4, 0x90, 0x80, 0x80], [0xe2, 0x98], [0x80], [0xff]]) {
      const bytes = [...new TextEncoder().encode('Email,Consent option,Consent value,Date,Channel\nx'), ...bad, ...new TextEncoder().encode(',Commercial,False,2025-03-01T09:00:00Z,custom\n')]
      const [row] = await rows([Uint8Array.from(bytes)], { columns: { channel: 'Channel' } })
      expect(row?.[2]).toMatch(/^line 2: is not UTF-8/)
    }
  })

  it('NDJSON: a row with bytes that are not UTF-8 is rejected with its line; a header that is not UTF-8 is a usage error', async () => {
    const ndjson = latin1(
      '{"Email":"jos\xe9","Channel":"custom","Consent option":"Commercial","Consent value":false,"Date":"2025-03-01T09:00:00Z"}\n{"Email":"ann@contoso.com","Consent option":"Commercial","Consent value":false,"Date":"2025-03-01T09:00:00Z"}\n',
    )
    expect(await rows([ndjson])).toEqual([
      [1, undefined, 'line 1: cell "Email" is not UTF-8 (byte 0xE9): save the file as UTF-8'],
      [2, 'ann@contoso.com', undefined],
    ])
    const error = await failure(importTable(createLedger({ profile }), [latin1('Email,Consent option,Consent value,Dat\xe9\n')]))
    expect(isConsentError(error) && error.code).toBe('invalid-option')
  })
})
