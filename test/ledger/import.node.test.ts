import { createReadStream, readFileSync } from 'node:fs'
import { describe, expect, it } from 'vitest'
import { isConsentError } from 'consentry'
import { canContact, createLedger, importTable, queryContactPoints, tableRecords } from '../../src/ledger/index.js'
import type { ComplianceProfile } from '../../src/ledger/index.js'

const fixture = (name: string) => new URL(`../fixtures/ledger/${name}`, import.meta.url)
const profile = JSON.parse(readFileSync(fixture('profile.json'), 'utf8')) as ComplianceProfile
const T0 = Date.UTC(2025, 0, 1)

describe('the seed 000 consent table', () => {
  it('imports every row and answers the segment rule Consent option = Newsletter & Consent value = True', async () => {
    const ledger = createLedger({ profile })
    const report = await importTable(ledger, createReadStream(fixture('seed-000.csv')), { asOf: T0 })
    expect(report).toMatchObject({ read: 4, imported: 4, updated: 0, rejected: 0, conflicts: 0, errors: [] })
    expect(queryContactPoints(ledger, { option: 'Newsletter', value: true })).toEqual(['frank@contoso.com'])
    expect(queryContactPoints(ledger, { option: 'Newsletter', value: false })).toEqual(['holly@contoso.com'])
    expect(queryContactPoints(ledger, { option: 'Product updates' })).toEqual(['holly@contoso.com'])
    expect(ledger.getById('3')?.record).toMatchObject({ contactPoint: 'frank@contoso.com', topic: 'newsletter', status: 'opt-in', source: 'import' })
  })

  it('honours topic-under-purpose and enforcement defaults in the query', async () => {
    const ledger = createLedger({ profile })
    await importTable(ledger, readFileSync(fixture('seed-000.csv'), 'utf8'), { asOf: T0 })
    // Frank opts out of Commercial altogether: his Newsletter opt-in no longer counts.
    ledger.write({ contactPoint: 'frank@contoso.com', purpose: 'commercial', status: 'opt-out', time: T0 + 1, origin: 'import' })
    expect(queryContactPoints(ledger, { option: 'Newsletter' })).toEqual([])
    // Events inherits non-restrictive: every known contact point not opted out may get it.
    expect(queryContactPoints(ledger, { option: 'Events' })).toEqual(['holly@contoso.com'])
    // Transactional is disabled: everyone known.
    expect(queryContactPoints(ledger, { option: 'Transactional' })).toEqual(['holly@contoso.com', 'frank@contoso.com'])
    expect(queryContactPoints(ledger, { option: 'Unknown' })).toEqual([])
  })

  it('re-importing the same table changes nothing; an edited table updates by primary key', async () => {
    const ledger = createLedger({ profile })
    const table = readFileSync(fixture('seed-000.csv'), 'utf8')
    await importTable(ledger, table, { asOf: T0 })
    expect(await importTable(ledger, table, { asOf: T0 })).toMatchObject({ read: 4, imported: 0, updated: 0, unchanged: 4 })
    const edited = table.replace('1,holly@contoso.com,Newsletter,False', '1,holly@contoso.com,Newsletter,True')
    expect(await importTable(ledger, edited, { asOf: T0 + 1000 })).toMatchObject({ updated: 4, imported: 0 })
    expect(canContact(ledger, { contactPoint: 'holly@contoso.com', channel: 'email', purpose: 'commercial', topic: 'newsletter' }).allowed).toBe(true)
  })
})

describe('bad rows', () => {
  it('rejects a bad row with its line and column and imports the rest', async () => {
    const ledger = createLedger({ profile })
    const table = [
      'Consent ID,Email,Consent option,Consent value,Date',
      '1,holly@contoso.com,Newsletter,False,2025-01-01T00:00:00Z',
      '2,not-an-email,Newsletter,True,2025-01-01T00:00:00Z',
      '3,frank@contoso.com,Newsletter,maybe,2025-01-01T00:00:00Z',
      '4,frank@contoso.com,Loyalty,True,2025-01-01T00:00:00Z',
      '5,frank@contoso.com,Product updates,True,someday',
      '',
      '6,ann@contoso.com,Product updates,True,2025-01-02T10:00:00Z',
      '7,ann@contoso.com',
    ].join('\n')
    const report = await importTable(ledger, table)
    expect(report).toMatchObject({ read: 7, imported: 2, rejected: 5 })
    expect(report.errors.map((e) => [e.line, e.column])).toEqual([
      [3, 'Email'],
      [4, 'Consent value'],
      [5, 'Consent option'],
      [6, 'Date'],
      [9, 'Consent option'],
    ])
    expect(report.errors[1]?.message).toBe('line 4, column "Consent value": "maybe" is not a consent value (true/false, yes/no, 1/0, opt-in/opt-out)')
    expect(report.errors[4]?.message).toContain('is missing')
    expect(ledger.size).toBe(2)
  })

  it('refuses a table whose header lacks a required column', async () => {
    const ledger = createLedger({ profile })
    const error = await importTable(ledger, 'ID,Mail,Option,Value\n1,a@b.example,Newsletter,True\n').catch((e: unknown) => e)
    expect(isConsentError(error) && error.code).toBe('invalid-option')
    expect((error as Error).message).toContain('column "Email"')
  })

  it('caps the listed errors but counts them all', async () => {
    const ledger = createLedger({ profile })
    const rows = Array.from({ length: 50 }, (_, i) => `${i},bad,Newsletter,True`)
    const report = await importTable(ledger, `Consent ID,Email,Consent option,Consent value\n${rows.join('\n')}`, { maxErrors: 10, asOf: T0 })
    expect(report.rejected).toBe(50)
    expect(report.errors).toHaveLength(10)
  })
})

describe('formats, mapping, streaming', () => {
  it('maps other column names and a per-row channel', async () => {
    const ledger = createLedger({ profile })
    const table = 'key;address;topic;opted in;channel\nA1;+1 555 010 2000;Newsletter;yes;sms\nA2;+1 555 010 2000;commercial;yes;sms\n'
    const report = await importTable(ledger, table, {
      asOf: T0,
      delimiter: ';',
      columns: { id: 'key', contactPoint: 'address', option: 'topic', value: 'opted in', channel: 'channel' },
    })
    expect(report).toMatchObject({ imported: 2, rejected: 0 })
    expect(canContact(ledger, { contactPoint: '+15550102000', channel: 'sms', purpose: 'commercial', topic: 'newsletter' }).allowed).toBe(true)
  })

  it('reads epoch time cells only with a named format, surrounding spaces included', async () => {
    const ledger = createLedger({ profile })
    const table = 'Consent ID,Email,Consent option,Consent value,Date\nT1,a@example.com,Newsletter,true, 1717200000000 \n'
    expect(await importTable(ledger, table, {})).toMatchObject({ imported: 0, rejected: 1 })
    expect(await importTable(ledger, table, { time: { format: 'epoch-ms' } })).toMatchObject({ imported: 1, rejected: 0 })
    expect([...ledger.entries()][0]?.record.time).toBe(1717200000000)
  })

  it('validates contact points for the default channel of the import', async () => {
    const ledger = createLedger({ profile })
    const table = 'Phone,Consent option,Consent value\n+44 20 7946 0000,Commercial,yes\nabc,Commercial,yes\n'
    const report = await importTable(ledger, table, { channel: 'sms', columns: { contactPoint: 'Phone' }, asOf: T0 })
    expect(report).toMatchObject({ imported: 1, rejected: 1 })
    expect(report.errors[0]).toMatchObject({ line: 3, column: 'Phone' })
    expect(canContact(ledger, { contactPoint: '+442079460000', channel: 'sms', purpose: 'commercial' }).allowed).toBe(true)
  })

  it('reads quoted CSV cells with commas, quotes and line breaks, CRLF and a BOM', async () => {
    const ledger = createLedger({ profile })
    const table =
      '\uFEFFConsent ID,Email,Consent option,Consent value,Reason description\r\n' +
      '1,holly@contoso.com,"Newsletter",True,"said ""yes"", at the fair"\r\n' +
      '2,frank@contoso.com,Newsletter,True,"two\nlines"\r\n' +
      '3,bad,Newsletter,True,x\r\n'
    const report = await importTable(ledger, table, { columns: { reasonDescription: 'Reason description' }, asOf: T0 })
    expect(report).toMatchObject({ imported: 2, rejected: 1 })
    expect(report.errors[0]?.line).toBe(5)
    expect(ledger.getById('1')?.record.reasonDescription).toBe('said "yes", at the fair')
    expect(ledger.getById('2')?.record.reasonDescription).toBe('two\nlines')
  })

  it('gives the same result whatever the chunk boundaries', async () => {
    const table = readFileSync(fixture('seed-000.csv'), 'utf8') + '5,"a@b.example",Newsletter,"Tr\nue"\n6,c@d.example,Newsletter,yes\n'
    const read = async (source: string | string[]) => {
      const rows: unknown[] = []
      for await (const row of tableRecords(profile, source, { asOf: T0 })) rows.push([row.line, row.record?.contactPoint, row.error?.message])
      return rows
    }
    const whole = await read(table)
    expect(await read([...table])).toEqual(whole)
    expect(whole).toHaveLength(6)
    expect(whole[4]).toEqual([6, undefined, expect.stringContaining('line 6, column "Consent value"')])
    expect(whole[5]).toEqual([8, 'c@d.example', undefined])
  })

  it('imports a JSON array and NDJSON, with lines for bad rows', async () => {
    const ledger = createLedger({ profile })
    const array = JSON.stringify([
      { 'Consent ID': 1, Email: 'holly@contoso.com', 'Consent option': 'Newsletter', 'Consent value': false, Date: new Date(T0).toISOString() },
      { 'Consent ID': 2, Email: 'holly@contoso.com', 'Consent option': 'Newsletter', 'Consent value': 'nope' },
      'not a row',
    ])
    expect(await importTable(ledger, array, { asOf: T0 })).toMatchObject({ read: 3, imported: 1, rejected: 2 })
    const ndjson = [
      JSON.stringify({ 'Consent ID': 3, Email: 'frank@contoso.com', 'Consent option': 'Newsletter', 'Consent value': true }),
      '{broken',
      JSON.stringify({ 'Consent ID': 4, email: 'frank@contoso.com', 'consent option': 'Product updates', 'consent value': 'False' }),
    ].join('\n')
    const report = await importTable(ledger, [Buffer.from(ndjson.slice(0, 40)), Buffer.from(ndjson.slice(40))], { asOf: T0 })
    expect(report).toMatchObject({ read: 3, imported: 2, rejected: 1 })
    expect(report.errors).toEqual([{ line: 2, column: '', message: 'line 2: is not valid JSON' }])
    expect(ledger.getById('1')?.record.time).toBe(T0)
  })

  it('counts updates, stale rows and conflicts and reports progress', async () => {
    const ledger = createLedger({ profile, conflictWindowMs: 86_400_000 })
    ledger.write({ contactPoint: 'holly@contoso.com', purpose: 'newsletter', status: 'opt-in', origin: 'web', time: T0 })
    const progress: number[] = []
    const chunks = [
      'Email,Consent option,Consent value,Date\n',
      'holly@contoso.com,Newsletter,False,2025-01-01T01:00:00Z\n', // conflicts with the web opt-in
      'frank@contoso.com,Newsletter,True,2025-01-05T00:00:00Z\n',
      'frank@contoso.com,Newsletter,False,2025-01-03T00:00:00Z\n', // older: stale
      'frank@contoso.com,Newsletter,False,2025-01-06T00:00:00Z\n',
    ]
    const report = await importTable(ledger, chunks, { progressEvery: 2, onProgress: (r) => progress.push(r.read), origin: 'crm-export' })
    expect(report).toMatchObject({ read: 4, imported: 1, updated: 2, stale: 1, conflicts: 1, rejected: 0 })
    expect(progress).toEqual([2, 4])
    expect(canContact(ledger, { contactPoint: 'holly@contoso.com', channel: 'email', purpose: 'newsletter' })).toMatchObject({ allowed: false, conflict: true })
  })
})
