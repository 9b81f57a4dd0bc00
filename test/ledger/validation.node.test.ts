// One validator for every write path: ledger.write, importTable (CSV, NDJSON, JSON), the sync
// adapter, and the database store (through importIntoStore on PGlite). Inputs are generated per
// class, not picked one by one.
import { PGlite } from '@electric-sql/pglite'
import { describe, expect, it } from 'vitest'
import { isConsentError } from 'consentry'
import {
  canContact,
  createLedger,
  createSqlStore,
  createSyncAdapter,
  defaultProfile,
  fromPglite,
  importIntoStore,
  importTable,
  isLedgerError,
  normalizeContactPoint,
  parseTime,
  validateProfile,
} from '../../src/ledger/index.js'
import type { ComplianceProfile, ConsentRecordInput, Ledger } from '../../src/ledger/index.js'

const T0 = Date.UTC(2025, 0, 1)
const NOW = T0 + 30 * 86_400_000
const now = () => NOW
const iso = (t: number) => new Date(t).toISOString()

const FORMULAS = ['=', '+', '-', '@'].flatMap((c) => [`${c}HYPERLINK("http://x")@x.io`, `${c}1+2`, `${c}cmd|' /C calc'!A0`])
const BAD_EMAILS = ['not-an-email', 'a@b', 'a b@c.io', '"x"@y.io', 'a@@b.io', 'a@b..io', '', '   ', 'x\n@y.io', `${'a'.repeat(65)}@b.io`, ...FORMULAS]

const writeErr = (ledger: Ledger, input: ConsentRecordInput) => {
  try {
    ledger.write(input)
    return undefined
  } catch (error) {
    return error
  }
}

describe('every write path rejects what the validator rejects', () => {
  it('ledger.write and the sync adapter refuse bad emails and formulas, naming the field', () => {
    const ledger = createLedger({ now })
    const crm = createSyncAdapter(ledger, { origin: 'crm', send: () => {} })
    for (const contactPoint of BAD_EMAILS) {
      const input = { contactPoint, purpose: 'commercial', status: 'opt-in' as const, time: T0 }
      const error = writeErr(ledger, input)
      expect(isConsentError(error) && error.code, contactPoint).toBe('invalid-record')
      expect((error as Error).message).toContain('contactPoint')
      expect(() => crm.receive(input)).toThrow(/contactPoint/)
    }
    for (const field of ['source', 'reason', 'reasonDescription', 'origin', 'id', 'requestedBy', 'legalBasis', 'policyVersion', 'messageId'] as const) {
      for (const formula of FORMULAS) {
        const error = writeErr(ledger, { contactPoint: 'a@b.example', purpose: 'commercial', status: 'opt-in', time: T0, [field]: formula })
        expect((error as Error)?.message, `${field}=${formula}`).toContain(field)
      }
    }
    expect(ledger.size).toBe(0)
  })

  it('imports (CSV, NDJSON, JSON) and the database store reject the same rows with their line', async () => {
    const good = 'ok@example.com'
    const csv = `Email,Consent option,Consent value,Date\n${[good, ...BAD_EMAILS.filter((e) => !/[\n",]/.test(e) && e.trim() !== '')].map((e) => `${e},commercial,yes,${iso(T0)}`).join('\n')}\n`
    const bad = csv.trim().split('\n').length - 2
    const ndjson = [good, ...BAD_EMAILS].map((e) => JSON.stringify({ Email: e, 'Consent option': 'commercial', 'Consent value': true, Date: iso(T0) })).join('\n')
    for (const source of [csv, ndjson, `[${ndjson.split('\n').join(',')}]`]) {
      const ledger = createLedger({ now })
      const report = await importTable(ledger, source, { now })
      expect(report.imported).toBe(1)
      expect(report.rejected).toBe(source === csv ? bad : BAD_EMAILS.length)
      expect(report.errors.every((e) => e.line > 1 && (e.column === 'Email' || e.column === ''))).toBe(true)
    }
    const db = await PGlite.create()
    const store = await createSqlStore(fromPglite(db), { create: true, profile: defaultProfile })
    const report = await importIntoStore(store, csv, { now })
    expect(report).toMatchObject({ imported: 1, rejected: bad })
    expect(await store.count()).toBe(1)
    await store.close()
  }, 60_000)

  it('channels are case-insensitive everywhere', async () => {
    const ledger = createLedger({ now })
    ledger.write({ contactPoint: '+44 20 7946 0000', channel: 'SMS' as 'sms', purpose: 'commercial', status: 'opt-in', time: T0 })
    expect(canContact(ledger, { contactPoint: '+442079460000', channel: 'Sms' as 'sms', purpose: 'commercial' }).allowed).toBe(true)
    const report = await importTable(ledger, `Email,Consent option,Consent value,Channel,Date\n+44 20 7946 0001,commercial,yes,SMS,${iso(T0)}\n`, { columns: { channel: 'Channel' }, now })
    expect(report).toMatchObject({ imported: 1, rejected: 0 })
  })
})

describe('phones are one contact point in E.164', () => {
  it('an opt-out in one format blocks every other format of the number', () => {
    const formats = ['+44 20 7946 0000', '020 7946 0000', '0044 20 7946 0000', '+44 (0)20 7946 0000', '+442079460000']
    for (const written of formats) {
      const ledger = createLedger({ now, defaultRegion: 'GB' })
      ledger.write({ contactPoint: written, channel: 'sms', purpose: 'commercial', status: 'opt-in', time: T0 })
      ledger.write({ contactPoint: written, channel: 'sms', purpose: 'commercial', status: 'opt-out', time: T0 + 1 })
      for (const asked of formats) expect(canContact(ledger, { contactPoint: asked, channel: 'sms', purpose: 'commercial' }).allowed, `${written} / ${asked}`).toBe(false)
      expect([...ledger.entries()].map((e) => e.record.contactPoint)).toEqual(['+442079460000'])
    }
  })

  it('the international prefix 00 is "+" without a region, for every country code; 00 and no number stays refused', () => {
    for (const [written, e164] of [
      ['0044 20 7946 0000', '+442079460000'],
      ['00 44 20 7946 0000', '+442079460000'],
      ['0049 30 901820', '+4930901820'],
      ['001 201 555 0123', '+12015550123'],
      ['0033 1 23 45 67 89', '+33123456789'],
    ]) {
      expect(normalizeContactPoint(written!, 'sms'), written).toBe(e164)
      expect(normalizeContactPoint(written!, 'sms'), written).toBe(normalizeContactPoint(e164!, 'sms'))
    }
    for (const written of ['00', '0000 20 7946 0000', '00 0 123']) expect(normalizeContactPoint(written, 'sms'), written).toBeUndefined()
    // With a region, that region's own international prefix: 00 in GB.
    expect(normalizeContactPoint('0044 20 7946 0000', 'sms', { defaultRegion: 'GB' })).toBe('+442079460000')
  })

  it('a national number needs a default region; letters and formulas are refused', () => {
    const ledger = createLedger({ now })
    for (const contactPoint of ['020 7946 0000', 'call me', '=1+2', '-44 20 7946 0000', '12']) {
      expect(writeErr(ledger, { contactPoint, channel: 'sms', purpose: 'commercial', status: 'opt-in', time: T0 }), contactPoint).toBeDefined()
    }
  })
})

describe('the compliance profile is checked against a schema', () => {
  const base = (): ComplianceProfile => JSON.parse(JSON.stringify(defaultProfile)) as ComplianceProfile
  const cases: Array<[string, (p: Record<string, any>) => void]> = [
    ['purposes[0].enforcement', (p) => (p.purposes[0].enforcement = 'Restrictive')],
    ['purposes[0].enforcement', (p) => (p.purposes[0].enforcement = 'restrictve')],
    ['purposes[0].enforcement', (p) => delete p.purposes[0].enforcement],
    ['purposes[0].type', (p) => (p.purposes[0].type = 'marketing')],
    ['purposes[0]', (p) => (p.purposes[0].enforcment = 'restrictive')],
    ['purposes[1].id', (p) => (p.purposes[1].id = 'commercial')],
    ['purposes[1].id', (p) => (p.purposes[0].topics = [{ id: 'news', name: 'Transactional' }])],
    ['purposes', (p) => (p.purposes = [])],
    ['purposes[0].topics[0].enforcement', (p) => (p.purposes[0].topics = [{ id: 'news', name: 'News', enforcement: 'off' }])],
  ]
  it.each(cases)('names %s', (field, edit) => {
    const profile = base() as unknown as Record<string, any>
    edit(profile)
    let caught: unknown
    try {
      createLedger({ profile: profile as ComplianceProfile })
    } catch (error) {
      caught = error
    }
    expect(isLedgerError(caught) && caught.code).toBe('invalid-profile')
    expect((caught as Error).message).toContain(`profile field ${field}`)
  })
  it('accepts the default and the fixture profiles', () => {
    expect(validateProfile(base())).toBeTruthy()
  })
})

describe('times are read strictly', () => {
  it('takes ISO 8601 with a zone only, unless a format and zone are named', () => {
    for (const text of ['2025-03-05 10:00', '2025-03-05', '5.3.2024', '1709337600', '03/05/2024', 'yesterday', '2024-02-31T00:00:00Z', '2025-13-01T00:00:00Z']) {
      expect(parseTime(text), text).toBeNaN()
    }
    expect(parseTime('2025-03-05T10:00:00+01:00')).toBe(Date.UTC(2025, 2, 5, 9))
    expect(parseTime('2025-03-05 10:00Z')).toBe(Date.UTC(2025, 2, 5, 10))
    expect(parseTime('5.3.2024', { format: 'DD.MM.YYYY', timezone: 'Europe/Berlin' })).toBe(Date.UTC(2024, 2, 4, 23))
    expect(parseTime('03/05/2024 10:30', { format: 'MM/DD/YYYY', timezone: 'America/New_York' })).toBe(Date.UTC(2024, 2, 5, 15, 30))
    expect(parseTime('1709337600', { format: 'epoch-s' })).toBe(1709337600000)
    expect(parseTime('2025-06-01T10:00', { timezone: 'Europe/Paris' })).toBe(Date.UTC(2025, 5, 1, 8))
  })

  it('takes an ISO offset only from -12:00 to +14:00 with minutes 00-59, in every spelling (every hh and mm)', () => {
    const base = Date.UTC(2025, 5, 1, 10)
    for (const sign of ['+', '-']) {
      for (let h = 0; h < 100; h++) {
        for (let m = 0; m < 100; m++) {
          const ahead = (sign === '-' ? -1 : 1) * (h * 60 + m)
          const valid = m <= 59 && ahead >= -720 && ahead <= 840
          const hh = String(h).padStart(2, '0')
          const mm = String(m).padStart(2, '0')
          for (const offset of [`${sign}${hh}:${mm}`, `${sign}${hh}${mm}`]) {
            const time = parseTime(`2025-06-01T10:00:00${offset}`)
            if (valid) expect(time, offset).toBe(base - ahead * 60_000)
            else expect(time, offset).toBeNaN()
          }
        }
      }
    }
    expect(parseTime('2025-06-01T10:00:00+14')).toBe(base - 14 * 3_600_000)
    expect(parseTime('2025-06-01T10:00:00+15')).toBeNaN()
    expect(writeErr(createLedger(), { contactPoint: 'a@b.example', purpose: 'commercial', status: 'opt-out', time: '2025-06-01T10:00:00+99:00' })).toBeDefined()
  }, 60_000)

  it("refuses times more than 24 h ahead, so a row dated 2205 cannot make today's unsubscribe stale", async () => {
    const ledger = createLedger({ now })
    expect(writeErr(ledger, { contactPoint: 'a@b.example', purpose: 'commercial', status: 'opt-in', time: '2205-01-01T00:00:00Z' })).toBeDefined()
    expect(writeErr(ledger, { contactPoint: 'a@b.example', purpose: 'commercial', status: 'opt-in', time: NOW + 86_400_001 })).toBeDefined()
    ledger.write({ contactPoint: 'a@b.example', purpose: 'commercial', status: 'opt-in', time: NOW + 3_600_000 })
    const report = await importTable(ledger, `Email,Consent option,Consent value,Date\nb@b.example,commercial,yes,2205-01-01T00:00:00Z\n`, { now })
    expect(report).toMatchObject({ rejected: 1, imported: 0 })
    expect(report.errors[0]).toMatchObject({ line: 2, column: 'Date' })
    expect(ledger.write({ contactPoint: 'a@b.example', purpose: 'commercial', status: 'opt-out' }).outcome).toBe('stale')
  })
})

describe('canContact never throws and fails closed', () => {
  it('answers not allowed for garbage questions and unreadable records', () => {
    const ledger = createLedger({ now })
    const questions: unknown[] = [
      undefined,
      null,
      {},
      { contactPoint: 5, channel: 'email', purpose: 'commercial' },
      { contactPoint: 'a@b.example', channel: 'fax', purpose: 'commercial' },
      { contactPoint: 'a@b.example', channel: 'email', purpose: {} },
      { contactPoint: 'a@b.example', channel: 'email', purpose: 'commercial', topic: 7 },
    ]
    for (const q of questions) {
      const answer = canContact(ledger, q as never)
      expect(answer.allowed, JSON.stringify(q)).toBe(false)
    }
    const broken = { profile: defaultProfile, get: () => ({ record: { status: 'opt-in', time: 9e15, id: 'x', source: 's' } }) } as never
    expect(() => canContact(broken, { contactPoint: 'a@b.example', channel: 'email', purpose: 'commercial' })).not.toThrow()
    const throwing = {
      profile: defaultProfile,
      get: () => {
        throw new RangeError('Invalid time value')
      },
    } as never
    expect(canContact(throwing, { contactPoint: 'a@b.example', channel: 'email', purpose: 'commercial' })).toMatchObject({ allowed: false, reason: 'error' })
  })
})

describe('seed 003: SMS and custom channels of a commercial purpose need an explicit opt-in', () => {
  it.each(['restrictive', 'non-restrictive', 'disabled'] as const)('even when the purpose is %s', (enforcement) => {
    const profile: ComplianceProfile = {
      id: 'p',
      name: 'P',
      purposes: [{ id: 'promo', name: 'Promo', type: 'commercial', enforcement, topics: [{ id: 'deals', name: 'Deals', enforcement: 'disabled' }] }],
    }
    const ledger = createLedger({ profile, now })
    for (const channel of ['sms', 'custom'] as const) {
      const contactPoint = channel === 'sms' ? '+12015550123' : 'device-1'
      expect(canContact(ledger, { contactPoint, channel, purpose: 'promo' })).toMatchObject({ allowed: false, reason: 'channel-needs-opt-in' })
      ledger.write({ contactPoint, channel, purpose: 'promo', status: 'opt-out', time: T0 })
      expect(canContact(ledger, { contactPoint, channel, purpose: 'promo' }).allowed).toBe(false)
      expect(canContact(ledger, { contactPoint, channel, purpose: 'promo', topic: 'deals' }).allowed).toBe(false)
      ledger.write({ contactPoint, channel, purpose: 'promo', status: 'opt-in', time: T0 + 1 })
      expect(canContact(ledger, { contactPoint, channel, purpose: 'promo' }).allowed).toBe(true)
      expect(canContact(ledger, { contactPoint, channel, purpose: 'promo', topic: 'deals' }).allowed).toBe(false)
    }
  })
})

describe('opt-outs are hard to undo', () => {
  it('a genuine opt-out made in the other system on a row with our marker is not dropped as an echo', () => {
    const ledger = createLedger({ origin: 'consent-center', now })
    const sent: ConsentRecordInput[] = []
    const crm = createSyncAdapter(ledger, { origin: 'crm', send: (r) => void sent.push(r) })
    ledger.write({ contactPoint: 'x@y.example', purpose: 'commercial', status: 'opt-in', time: T0 })
    expect(crm.receive({ ...sent[0]!, time: T0 + 500 })).toBe('echo')
    // Days later the contact unsubscribes in the CRM; the row still carries our marker.
    expect(crm.receive({ ...sent[0]!, status: 'opt-out', time: T0 + 3 * 86_400_000 })).toBe('updated')
    expect(canContact(ledger, { contactPoint: 'x@y.example', channel: 'email', purpose: 'commercial' }).allowed).toBe(false)
    expect(ledger.get({ contactPoint: 'x@y.example', purpose: 'commercial' })?.record.origin).toBe('crm')
  })

  it('a reused Consent ID for another person never touches the first record, and is reported', async () => {
    const ledger = createLedger({ now })
    const first = `Consent ID,Email,Consent option,Consent value,Date\n${Array.from({ length: 50 }, (_, i) => `${i + 1},a${i}@x.example,commercial,no,${iso(T0)}`).join('\n')}\n`
    const second = `Consent ID,Email,Consent option,Consent value,Date\n${Array.from({ length: 50 }, (_, i) => `${i + 1},b${i}@x.example,commercial,yes,${iso(T0 + 1000)}`).join('\n')}\n`
    await importTable(ledger, first, { now })
    const report = await importTable(ledger, second, { now })
    expect(report).toMatchObject({ imported: 50, idReused: 50 })
    expect(ledger.size).toBe(100)
    for (let i = 0; i < 50; i++) expect(canContact(ledger, { contactPoint: `a${i}@x.example`, channel: 'email', purpose: 'commercial' }).allowed).toBe(false)
    expect(ledger.history().filter((h) => h.note === 'id-reused')).toHaveLength(50)
  })

  it('undated rows need asOf and never override a newer dated opt-out', async () => {
    const ledger = createLedger({ now })
    ledger.write({ contactPoint: 'a@b.example', purpose: 'commercial', status: 'opt-out', time: T0 + 86_400_000 })
    const table = 'Email,Consent option,Consent value\na@b.example,commercial,yes\n'
    expect(await importTable(ledger, table, { now })).toMatchObject({ rejected: 1, imported: 0, updated: 0 })
    expect(await importTable(ledger, table, { now, asOf: T0 - 2 * 86_400_000 })).toMatchObject({ stale: 1 })
    expect(canContact(ledger, { contactPoint: 'a@b.example', channel: 'email', purpose: 'commercial' }).allowed).toBe(false)
  })

  it('a mapped column missing from the header stops the import before any row', async () => {
    const ledger = createLedger({ now })
    const error = await importTable(ledger, 'Email,Consent option,Consent value\na@b.example,commercial,no\n', { columns: { time: 'Changed at' }, asOf: T0 }).catch((e: unknown) => e)
    expect(isConsentError(error) && error.code).toBe('invalid-option')
    expect(ledger.size).toBe(0)
  })
})

describe('CSV edge cases (csv-parse)', () => {
  const header = 'Email,Consent option,Consent value,Date'
  const row = (i: number) => `p${i}@x.example,commercial,no,${iso(T0)}`
  it.each(['\n', '\r\n', '\r'])('a stray quote rejects only its row, with its line, whatever the line ending (%j)', async (nl) => {
    const rows = [header, row(1), `p2@x.ex"ample,commercial,no,${iso(T0)}`, row(3), `"p4@x.example"x,commercial,no,${iso(T0)}`, row(5), `p6@x.example,"commercial",no,"${iso(T0)}"`]
    const ledger = createLedger({ now })
    const report = await importTable(ledger, rows.join(nl) + nl, { now })
    expect(report).toMatchObject({ read: 6, imported: 4, rejected: 2 })
    expect(report.errors.map((e) => e.line)).toEqual([3, 5])
  })

  it('a BOM is dropped in CSV, NDJSON and JSON; an empty file is an error', async () => {
    const one = { Email: 'a@b.example', 'Consent option': 'commercial', 'Consent value': 'no', Date: iso(T0) }
    for (const source of [`\uFEFF${header}\n${row(1)}\n`, `\uFEFF${JSON.stringify(one)}\n`, `\uFEFF[${JSON.stringify(one)}]`]) {
      expect(await importTable(createLedger({ now }), source, { now }), source).toMatchObject({ imported: 1, rejected: 0 })
    }
    for (const empty of ['', '\uFEFF', '\n\n', '  ']) {
      const error = await importTable(createLedger({ now }), empty, { now }).catch((e: unknown) => e)
      expect(isConsentError(error) && error.code, JSON.stringify(empty)).toBe('invalid-reading')
    }
  })
})
