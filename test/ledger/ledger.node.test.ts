import { readFileSync } from 'node:fs'
import { describe, expect, it } from 'vitest'
import { isConsentError } from 'consentry'
import { canContact, createLedger, createSyncAdapter, defaultProfile, normalizeContactPoint, statusFromFlags, statusFromValue } from '../../src/ledger/index.js'
import type { ComplianceProfile, ConsentRecord, ConsentRecordInput } from '../../src/ledger/index.js'

const profile = JSON.parse(readFileSync(new URL('../fixtures/ledger/profile.json', import.meta.url), 'utf8')) as ComplianceProfile
const T0 = Date.UTC(2025, 0, 1)
const HOUR = 3_600_000

const restrictiveProfile: ComplianceProfile = {
  id: 'eu',
  name: 'EU',
  purposes: [
    { id: 'marketing', name: 'Marketing', type: 'commercial', enforcement: 'restrictive', topics: [{ id: 'offers', name: 'Offers' }] },
    { id: 'service', name: 'Service', type: 'transactional', enforcement: 'non-restrictive' },
  ],
}

describe('defaults and normalisation', () => {
  it('mirrors the seed default profile: Commercial non-restrictive, Transactional disabled', () => {
    const ledger = createLedger()
    // A checked copy of it (validateProfile returns its own copy of the caller's data).
    expect(ledger.profile).toEqual(defaultProfile)
    expect(defaultProfile.purposes.map((p) => [p.name, p.type, p.enforcement])).toEqual([
      ['Commercial', 'commercial', 'non-restrictive'],
      ['Transactional', 'transactional', 'disabled'],
    ])
    const unknown = { contactPoint: 'new@contoso.com', channel: 'email' as const }
    expect(canContact(ledger, { ...unknown, purpose: 'commercial' })).toMatchObject({ allowed: true, reason: 'non-restrictive-default' })
    expect(canContact(ledger, { ...unknown, purpose: 'Transactional' })).toMatchObject({ allowed: true, reason: 'disabled' })
  })

  it('normalises email case and whitespace and phones to E.164 before comparing', () => {
    expect(normalizeContactPoint('  Holly@Contoso.COM ', 'email')).toBe('holly@contoso.com')
    expect(normalizeContactPoint('+1 (555) 010-2000', 'sms')).toBe('+15550102000')
    expect(normalizeContactPoint('  device-42 ', 'custom')).toBe('device-42')
    const ledger = createLedger()
    ledger.write({ contactPoint: ' HOLLY@contoso.com', purpose: 'commercial', status: 'opt-out', time: T0 })
    expect(canContact(ledger, { contactPoint: 'holly@CONTOSO.com ', channel: 'email', purpose: 'commercial' })).toMatchObject({
      allowed: false,
      reason: 'record',
    })
    ledger.write({ contactPoint: '+1 555 010 2000', channel: 'sms', purpose: 'commercial', status: 'opt-in', time: T0 })
    expect(canContact(ledger, { contactPoint: '+1-555-010-2000', channel: 'sms', purpose: 'commercial' }).allowed).toBe(true)
  })

  it('rejects records it cannot hold with a ConsentError', () => {
    const ledger = createLedger()
    const bad: ConsentRecordInput[] = [
      { contactPoint: 'a@b.example', purpose: 'nope', status: 'opt-in' },
      { contactPoint: '   ', purpose: 'commercial', status: 'opt-in' },
      { contactPoint: 'a@b.example', purpose: 'commercial', status: 'maybe' as 'opt-in' },
      { contactPoint: 'a@b.example', purpose: 'commercial', status: 'opt-in', channel: 'fax' as 'sms' },
      { contactPoint: 'a@b.example', purpose: 'commercial', status: 'opt-in', time: 'yesterday' },
    ]
    for (const input of bad) {
      let caught: unknown
      try {
        ledger.write(input)
      } catch (error) {
        caught = error
      }
      expect(isConsentError(caught) && caught.code).toBe('invalid-record')
    }
    expect(ledger.size).toBe(0)
  })
})

describe('canContact: enforcement models, topics and channels', () => {
  const who = { contactPoint: 'frank@contoso.com', channel: 'email' as const }

  it('restrictive needs an explicit opt-in and says so', () => {
    const ledger = createLedger({ profile: restrictiveProfile })
    expect(canContact(ledger, { ...who, purpose: 'marketing' })).toMatchObject({ allowed: false, reason: 'restrictive-default', enforcement: 'restrictive' })
    const { entry } = ledger.write({ ...who, purpose: 'marketing', status: 'opt-in', time: T0, id: 'r1' })
    const answer = canContact(ledger, { ...who, purpose: 'Marketing' })
    expect(answer).toMatchObject({ allowed: true, reason: 'record', record: entry.record })
    expect(answer.explanation).toContain('opt-in record r1')
  })

  it('non-restrictive allows until an opt-out record exists', () => {
    const ledger = createLedger({ profile: restrictiveProfile })
    expect(canContact(ledger, { ...who, purpose: 'service' })).toMatchObject({ allowed: true, reason: 'non-restrictive-default' })
    ledger.write({ ...who, purpose: 'service', status: 'opt-out', time: T0 })
    expect(canContact(ledger, { ...who, purpose: 'service' })).toMatchObject({ allowed: false, reason: 'record' })
  })

  it('disabled always allows, even over an opt-out record', () => {
    const ledger = createLedger()
    ledger.write({ ...who, purpose: 'transactional', status: 'opt-out', time: T0 })
    expect(canContact(ledger, { ...who, purpose: 'transactional' })).toMatchObject({ allowed: true, reason: 'disabled' })
  })

  it('a topic is allowed only while its purpose is allowed', () => {
    const ledger = createLedger({ profile })
    ledger.write({ ...who, purpose: 'commercial', topic: 'newsletter', status: 'opt-in', time: T0 })
    expect(canContact(ledger, { ...who, purpose: 'commercial', topic: 'newsletter' })).toMatchObject({ allowed: true, reason: 'record' })
    // Opting out of the purpose overrides the topic opt-in.
    ledger.write({ ...who, purpose: 'commercial', status: 'opt-out', time: T0 + 1 })
    const answer = canContact(ledger, { ...who, purpose: 'commercial', topic: 'newsletter' })
    expect(answer).toMatchObject({ allowed: false, reason: 'purpose-denied', purposeDecision: { reason: 'record', allowed: false } })
    // A topic name alone implies its purpose.
    expect(canContact(ledger, { ...who, purpose: 'Newsletter' }).reason).toBe('purpose-denied')
  })

  it('topics follow their own enforcement, else their purpose', () => {
    const ledger = createLedger({ profile })
    // newsletter is restrictive; events inherits non-restrictive from Commercial.
    expect(canContact(ledger, { ...who, purpose: 'commercial', topic: 'newsletter' })).toMatchObject({ allowed: false, reason: 'restrictive-default' })
    expect(canContact(ledger, { ...who, purpose: 'commercial', topic: 'events' })).toMatchObject({ allowed: true, reason: 'non-restrictive-default' })
    ledger.write({ ...who, purpose: 'commercial', topic: 'events', status: 'opt-out', time: T0 })
    expect(canContact(ledger, { ...who, purpose: 'commercial', topic: 'events' })).toMatchObject({ allowed: false, reason: 'record' })
    // Under a restrictive purpose without its opt-in, the topic is denied whatever it says.
    const eu = createLedger({ profile: restrictiveProfile })
    eu.write({ ...who, purpose: 'marketing', topic: 'offers', status: 'opt-in', time: T0 })
    expect(canContact(eu, { ...who, purpose: 'marketing', topic: 'offers' })).toMatchObject({ allowed: false, reason: 'purpose-denied' })
  })

  it('a hand-built reader whose profile names no known enforcement model or purpose type is denied, never allowed by default', () => {
    // LedgerReader is public and its profile is not validated: only 'non-restrictive' allows without
    // a record, and only a 'transactional' purpose is free of the SMS/custom opt-in rule.
    const reader = (purpose: Record<string, unknown>) => ({ profile: { id: 'x', name: 'X', purposes: [{ id: 'p', name: 'P', ...purpose }] } as unknown as ComplianceProfile, get: () => undefined })
    for (const enforcement of ['restricted', 'Non-restrictive', '', undefined, null, 1]) {
      for (const type of ['commercial', 'transactional']) {
        expect(canContact(reader({ type, enforcement }), { ...who, purpose: 'p' })).toMatchObject({ allowed: false })
      }
    }
    for (const type of ['comercial', undefined, 'Transactional']) {
      expect(canContact(reader({ type, enforcement: 'non-restrictive' }), { ...who, channel: 'sms', purpose: 'p' })).toMatchObject({ allowed: false, reason: 'channel-needs-opt-in' })
    }
    // The known values still decide as before.
    expect(canContact(reader({ type: 'transactional', enforcement: 'non-restrictive' }), { ...who, channel: 'sms', purpose: 'p' }).allowed).toBe(true)
    expect(canContact(reader({ type: 'commercial', enforcement: 'non-restrictive' }), { ...who, purpose: 'p' }).allowed).toBe(true)
  })

  it('SMS and custom channels need an explicit opt-in for commercial purposes even when email is non-restrictive', () => {
    const ledger = createLedger()
    for (const channel of ['sms', 'custom'] as const) {
      const q = { contactPoint: '+44 20 7946 0000', channel, purpose: 'commercial' }
      expect(canContact(ledger, q)).toMatchObject({ allowed: false, reason: 'channel-needs-opt-in' })
      expect(canContact(ledger, { ...q, purpose: 'transactional' }).allowed).toBe(true)
      ledger.write({ ...q, status: 'opt-in', time: T0 })
      expect(canContact(ledger, q)).toMatchObject({ allowed: true, reason: 'record' })
    }
    // The SMS opt-in says nothing about email, and vice versa.
    expect(canContact(ledger, { contactPoint: '442079460000', channel: 'email', purpose: 'commercial' }).reason).toBe('non-restrictive-default')
  })

  it('fails closed for purposes and topics the profile lacks', () => {
    const ledger = createLedger({ profile })
    expect(canContact(ledger, { ...who, purpose: 'loyalty' })).toMatchObject({ allowed: false, reason: 'unknown-subject' })
    expect(canContact(ledger, { ...who, purpose: 'transactional', topic: 'newsletter' })).toMatchObject({ allowed: false, reason: 'unknown-subject' })
  })
})

describe('writes: upserts, latest wins, history', () => {
  const base = { contactPoint: 'holly@contoso.com', purpose: 'commercial', origin: 'crm' } as const

  it('upserts by (contact point, channel, subject) when no key is given and is idempotent', () => {
    const ledger = createLedger()
    const first = ledger.write({ ...base, status: 'opt-in', time: T0 })
    expect(first.outcome).toBe('created')
    expect(first.entry.record.id).toBe('email:holly@contoso.com:commercial')
    expect(ledger.write({ ...base, contactPoint: 'Holly@Contoso.com', status: 'opt-in', time: T0 }).outcome).toBe('unchanged')
    expect(ledger.write({ ...base, status: 'opt-out', time: T0 + HOUR }).outcome).toBe('updated')
    expect(ledger.size).toBe(1)
    expect(ledger.history().map((h) => h.outcome)).toEqual(['created', 'updated'])
  })

  it('keeps a primary key on its subject; a key reused for another subject never moves or deletes a record', () => {
    const ledger = createLedger({ profile })
    ledger.write({ ...base, id: '7', purpose: 'newsletter', status: 'opt-in', time: T0 })
    ledger.write({ ...base, purpose: 'newsletter', status: 'opt-out', time: T0 + 1 })
    expect(ledger.getById('7')?.record.status).toBe('opt-out')
    // Row 7 now names Events (or another person): both records stay, the reuse is reported.
    const reused = ledger.write({ ...base, id: '7', purpose: 'events', status: 'opt-in', time: T0 + 2 })
    expect(reused).toMatchObject({ outcome: 'created', idReused: true })
    expect(ledger.size).toBe(2)
    expect(ledger.get({ ...base, purpose: 'newsletter' })?.record.status).toBe('opt-out')
    expect(ledger.history().at(-1)).toMatchObject({ outcome: 'created', note: 'id-reused' })
  })

  it('the latest time wins; an older write is kept in history as stale', () => {
    const ledger = createLedger()
    ledger.write({ ...base, status: 'opt-out', time: T0 + 2 * 86_400_000 })
    const late = ledger.write({ ...base, status: 'opt-in', time: new Date(T0) })
    expect(late.outcome).toBe('stale')
    expect(late.entry.record.status).toBe('opt-out')
    const history = ledger.history()
    expect(history.map((h) => [h.seq, h.outcome])).toEqual([
      [1, 'created'],
      [2, 'stale'],
    ])
    expect(history[1]).toMatchObject({ record: { status: 'opt-in' }, current: { status: 'opt-out' } })
  })

  it('keeps every change in an append-only history, or hands it to a function', () => {
    const seen: number[] = []
    const ledger = createLedger({ history: (entry) => seen.push(entry.seq), historyLength: 10 })
    ledger.write({ ...base, status: 'opt-in', time: T0 })
    ledger.write({ ...base, status: 'opt-out', time: T0 + HOUR })
    expect(seen).toEqual([11, 12])
    expect(ledger.history()).toEqual([])
    expect(ledger.historyLength).toBe(12)
  })

  it('history entries keep what was true at the time, however the record changes later', () => {
    const ledger = createLedger()
    ledger.write({ ...base, status: 'opt-in', time: T0, reason: 'signup' })
    ledger.write({ ...base, status: 'opt-out', time: T0 + HOUR, reason: 'unsubscribe-link' })
    ledger.write({ ...base, status: 'opt-in', time: T0 + 2 * HOUR, reason: 'preference-center' })
    expect(ledger.history().map((h) => [h.outcome, h.previous?.reason, h.record.reason, h.current.status])).toEqual([
      ['created', undefined, 'signup', 'opt-in'],
      ['updated', 'signup', 'unsubscribe-link', 'opt-out'],
      ['updated', 'unsubscribe-link', 'preference-center', 'opt-in'],
    ])
    expect(ledger.get(base)?.record).toMatchObject({ reason: 'preference-center', time: T0 + 2 * HOUR })
  })

  it('stale and conflict history entries keep their snapshot too', () => {
    const ledger = createLedger({ conflictWindowMs: HOUR })
    const subject = { contactPoint: 'a@b.example', purpose: 'commercial' }
    ledger.write({ ...subject, status: 'opt-in', origin: 'web', time: T0 + 10 })
    ledger.write({ ...subject, status: 'opt-in', origin: 'crm', time: T0 }) // stale
    ledger.write({ ...subject, status: 'opt-out', origin: 'app', time: T0 + 20 }) // conflict
    ledger.write({ ...subject, status: 'opt-in', origin: 'web', time: T0 + 3 * HOUR, reason: 'later' })
    expect(ledger.history().map((h) => [h.outcome, h.current.status, h.current.time, h.current.reason])).toEqual([
      ['created', 'opt-in', T0 + 10, 'no-reason'],
      ['stale', 'opt-in', T0 + 10, 'no-reason'],
      ['conflict', 'opt-out', T0 + 20, 'no-reason'],
      ['updated', 'opt-in', T0 + 3 * HOUR, 'later'],
    ])
  })

  it('accepts ISO strings with a zone and epoch-ms numbers as times; digit strings are not guessed', () => {
    const ledger = createLedger()
    ledger.write({ ...base, status: 'opt-in', time: '2025-01-01T00:00:00Z' })
    expect(ledger.get(base)?.record.time).toBe(T0)
    ledger.write({ ...base, status: 'opt-out', time: T0 + HOUR })
    expect(ledger.get(base)?.record.time).toBe(T0 + HOUR)
    expect(() => ledger.write({ ...base, status: 'opt-in', time: String(T0 + 2 * HOUR) })).toThrow(/time/)
  })
})

describe('conflicts', () => {
  const subject = { contactPoint: 'peter@example.com', purpose: 'commercial' }

  it('flags different decisions from two origins inside the window and keeps the most restrictive', () => {
    const ledger = createLedger({ conflictWindowMs: HOUR })
    ledger.write({ ...subject, status: 'opt-out', origin: 'laptop', time: T0 })
    const result = ledger.write({ ...subject, status: 'opt-in', origin: 'phone', time: T0 + 60_000 })
    expect(result.outcome).toBe('conflict')
    const answer = canContact(ledger, { ...subject, channel: 'email' })
    expect(answer.allowed).toBe(false)
    expect(answer.conflict).toBe(true)
    expect(answer.records?.map((r) => [r.origin, r.status])).toEqual([
      ['laptop', 'opt-out'],
      ['phone', 'opt-in'],
    ])
    expect(answer.explanation).toContain('most-restrictive')
    // A repeat of either side changes nothing.
    expect(ledger.write({ ...subject, status: 'opt-in', origin: 'phone', time: T0 + 60_000 }).outcome).toBe('unchanged')
  })

  it('is order-independent: a late-arriving older opt-out still wins', () => {
    const ledger = createLedger({ conflictWindowMs: HOUR })
    ledger.write({ ...subject, status: 'opt-in', origin: 'phone', time: T0 + 60_000 })
    expect(ledger.write({ ...subject, status: 'opt-out', origin: 'laptop', time: T0 }).outcome).toBe('conflict')
    expect(canContact(ledger, { ...subject, channel: 'email' })).toMatchObject({ allowed: false, conflict: true })
  })

  it('does not flag outside the window, within one origin, or with the same decision', () => {
    const ledger = createLedger({ conflictWindowMs: HOUR })
    ledger.write({ ...subject, status: 'opt-out', origin: 'laptop', time: T0 })
    expect(ledger.write({ ...subject, status: 'opt-in', origin: 'phone', time: T0 + 2 * HOUR }).outcome).toBe('updated')
    expect(ledger.write({ ...subject, status: 'opt-out', origin: 'phone', time: T0 + 2 * HOUR + 1 }).outcome).toBe('updated')
    expect(ledger.write({ ...subject, status: 'opt-out', origin: 'laptop', time: T0 + 2 * HOUR + 2 }).outcome).toBe('updated')
    expect(canContact(ledger, { ...subject, channel: 'email' }).conflict).toBeUndefined()
  })

  it('a later record outside the window settles the conflict', () => {
    const ledger = createLedger({ conflictWindowMs: HOUR })
    ledger.write({ ...subject, status: 'opt-out', origin: 'laptop', time: T0 })
    ledger.write({ ...subject, status: 'opt-in', origin: 'phone', time: T0 + 1 })
    ledger.write({ ...subject, status: 'opt-in', origin: 'phone', time: T0 + 3 * HOUR })
    expect(canContact(ledger, { ...subject, channel: 'email' })).toMatchObject({ allowed: true, reason: 'record' })
    expect(ledger.get(subject)?.conflict).toBeUndefined()
  })

  it('supports the latest rule and a custom rule', () => {
    const latest = createLedger({ conflictWindowMs: HOUR, conflictRule: 'latest' })
    latest.write({ ...subject, status: 'opt-out', origin: 'laptop', time: T0 })
    latest.write({ ...subject, status: 'opt-in', origin: 'phone', time: T0 + 1 })
    expect(canContact(latest, { ...subject, channel: 'email' })).toMatchObject({ allowed: true, conflict: true })

    const preferCrm = (a: ConsentRecord, b: ConsentRecord) => (a.origin === 'crm' ? a : b)
    const custom = createLedger({ conflictWindowMs: HOUR, conflictRule: preferCrm })
    custom.write({ ...subject, status: 'opt-in', origin: 'crm', time: T0 })
    custom.write({ ...subject, status: 'opt-out', origin: 'web', time: T0 + 1 })
    expect(custom.get(subject)).toMatchObject({ record: { origin: 'crm', status: 'opt-in' }, conflict: { rule: 'preferCrm' } })
  })

  it('a window of 0 turns detection off (latest wins)', () => {
    const ledger = createLedger({ conflictWindowMs: 0 })
    ledger.write({ ...subject, status: 'opt-out', origin: 'laptop', time: T0 })
    expect(ledger.write({ ...subject, status: 'opt-in', origin: 'phone', time: T0 + 1 }).outcome).toBe('updated')
    expect(() => createLedger({ conflictWindowMs: -1 })).toThrow(/conflictWindowMs/)
  })
})

describe('loop-free sync', () => {
  it('two ledgers mirrored both ways converge without ping-pong', () => {
    const a = createLedger({ origin: 'a' })
    const b = createLedger({ origin: 'b' })
    let messages = 0
    // a's adapter for system b, and b's adapter for system a, wired to each other.
    const aToB: { receive: (r: ConsentRecord) => unknown } = { receive: () => undefined }
    const bToA: { receive: (r: ConsentRecord) => unknown } = { receive: () => undefined }
    const onA = createSyncAdapter(a, { origin: 'b', send: (r) => void (messages++, bToA.receive(r)) })
    const onB = createSyncAdapter(b, { origin: 'a', send: (r) => void (messages++, aToB.receive(r)) })
    aToB.receive = (r) => onA.receive(r)
    bToA.receive = (r) => onB.receive(r)

    a.write({ contactPoint: 'x@y.example', purpose: 'commercial', status: 'opt-out', time: T0 })
    expect(b.get({ contactPoint: 'x@y.example', purpose: 'commercial' })?.record).toMatchObject({ status: 'opt-out', origin: 'a' })
    b.write({ contactPoint: 'x@y.example', purpose: 'commercial', status: 'opt-in', time: T0 + 2 * 86_400_000 })
    expect(a.get({ contactPoint: 'x@y.example', purpose: 'commercial' })?.record).toMatchObject({ status: 'opt-in', origin: 'b' })
    expect(messages).toBe(2)
    expect(onA.stats()).toEqual({ sent: 1, received: 1, echoes: 0 })
  })

  it('drops echoes of its own writes from a system that sends every change back', () => {
    const ledger = createLedger({ origin: 'consent-center' })
    const external: ConsentRecord[] = []
    let adapter: ReturnType<typeof createSyncAdapter> | undefined
    // A naive external system: stores what it gets and its change trigger fires back at once,
    // with its own modified time but the origin marker kept (the seed's reason-description trick).
    adapter = createSyncAdapter(ledger, {
      origin: 'crm',
      send: (record) => {
        external.push(record)
        expect(adapter!.receive({ ...record, time: record.time + 1000 })).toBe('echo')
      },
    })
    for (let i = 0; i < 3; i++) ledger.write({ contactPoint: 'x@y.example', purpose: 'commercial', status: i % 2 ? 'opt-in' : 'opt-out', time: T0 + i * 86_400_000 * 2 })
    expect(external).toHaveLength(3)
    expect(adapter.stats()).toEqual({ sent: 3, received: 0, echoes: 3 })
    expect(ledger.history()).toHaveLength(3)
  })

  it('does not mirror a change back to the system it came from', () => {
    const ledger = createLedger()
    const sent: ConsentRecord[] = []
    const crm = createSyncAdapter(ledger, { origin: 'crm', send: (r) => void sent.push(r) })
    expect(crm.receive({ contactPoint: 'x@y.example', purpose: 'commercial', status: 'opt-out', time: T0 })).toBe('created')
    expect(ledger.get({ contactPoint: 'x@y.example', purpose: 'commercial' })?.record.origin).toBe('crm')
    expect(sent).toEqual([])
    ledger.write({ contactPoint: 'x@y.example', purpose: 'commercial', status: 'opt-in', time: T0 + 2 * 86_400_000 })
    expect(sent).toHaveLength(1)
    crm.stop()
    ledger.write({ contactPoint: 'x@y.example', purpose: 'commercial', status: 'opt-out', time: T0 + 4 * 86_400_000 })
    expect(sent).toHaveLength(1)
  })

  it.each([
    ['latest', undefined],
    ['latest', 0],
    ['most-restrictive', undefined],
    ['most-restrictive', 0],
  ] as const)('never drops a real change made over there as an echo of an earlier, superseded send (%s, window %s)', (conflictRule, conflictWindowMs) => {
    const ledger = createLedger({ conflictRule, conflictWindowMs })
    const crm = createSyncAdapter(ledger, { origin: 'crm', send: () => undefined })
    const q = { contactPoint: 'holly@contoso.com', channel: 'email', purpose: 'commercial' } as const
    const at = (minutes: number) => new Date(T0 + minutes * 60_000).toISOString()
    ledger.write({ ...q, status: 'opt-out', time: at(0) }) // sent to the CRM, whose row now carries our marker
    expect(crm.receive({ ...q, status: 'opt-in', origin: ledger.origin, time: at(1) })).not.toBe('echo')
    // Three minutes later she opts out in the CRM; the row still carries our marker. It may be
    // called an echo only when the ledger already holds an opt-out (most-restrictive kept it).
    const held = ledger.get(q)?.record.status
    if (crm.receive({ ...q, status: 'opt-out', origin: ledger.origin, time: at(3) }) === 'echo') expect(held).toBe('opt-out')
    expect(canContact(ledger, q).allowed).toBe(false)
  })

  it('an echo is always the status held now: random sends and receives never drop a change (fuzz)', () => {
    let seed = 7
    const random = () => (seed = (seed * 1103515245 + 12345) % 2 ** 31) / 2 ** 31
    for (let round = 0; round < 200; round++) {
      const ledger = createLedger({ conflictRule: random() < 0.5 ? 'latest' : 'most-restrictive', conflictWindowMs: random() < 0.5 ? 0 : 60_000 })
      const crm = createSyncAdapter(ledger, { origin: 'crm', send: () => undefined })
      const q = { contactPoint: 'x@y.example', purpose: 'commercial' }
      let minute = 0
      for (let step = 0; step < 8; step++) {
        minute += 1 + Math.floor(random() * 3)
        const status = random() < 0.5 ? 'opt-in' : 'opt-out'
        const time = T0 + minute * 60_000
        if (random() < 0.4) ledger.write({ ...q, status, time })
        else {
          const held = ledger.get(q)?.record.status
          const outcome = crm.receive({ ...q, status, time, origin: random() < 0.7 ? ledger.origin : undefined })
          if (outcome === 'echo') expect(status).toBe(held)
          if (status === 'opt-out' && outcome !== 'stale') expect(canContact(ledger, { ...q, channel: 'email' }).allowed).toBe(false)
        }
      }
    }
  })

  it('routes send failures to onError without undoing the write', async () => {
    const ledger = createLedger()
    const errors: unknown[] = []
    createSyncAdapter(ledger, {
      origin: 'crm',
      send: async () => {
        throw new Error('503')
      },
      onError: (error) => errors.push(error),
    })
    ledger.write({ contactPoint: 'x@y.example', purpose: 'commercial', status: 'opt-out', time: T0 })
    await new Promise((resolve) => setTimeout(resolve, 0))
    expect(errors).toHaveLength(1)
    expect(ledger.size).toBe(1)
  })
})

describe('status mapping helpers', () => {
  it('derives a status from donotemail / donotbulkemail flags (seed 003)', () => {
    expect(statusFromFlags({ donotemail: false, donotbulkemail: false })).toBe('opt-in')
    expect(statusFromFlags({ donotemail: true, donotbulkemail: false })).toBe('opt-out')
    expect(statusFromFlags({ donotemail: false, donotbulkemail: true })).toBe('opt-out')
    expect(statusFromFlags({ donotemail: 'false', donotbulkemail: '0' })).toBe('opt-in')
    // Missing or unreadable flags never turn into an opt-in.
    expect(statusFromFlags({ donotemail: false })).toBe('opt-out')
    expect(statusFromFlags({ donotemail: false, donotbulkemail: null })).toBe('opt-out')
    expect(statusFromFlags({ donotemail: false, donotbulkemail: false, donotsendmm: true }, ['donotemail', 'donotbulkemail', 'donotsendmm'])).toBe('opt-out')
  })

  it('reads consent values from table cells', () => {
    expect(['True', 'yes', '1', 'opt-in', true, 1].map(statusFromValue)).toEqual(Array(6).fill('opt-in'))
    expect(['False', 'NO', '0', 'Opt-Out', false, 0].map(statusFromValue)).toEqual(Array(6).fill('opt-out'))
    expect(['', 'maybe', null, undefined, 2].map(statusFromValue)).toEqual(Array(5).fill(undefined))
  })
})

describe('undated writes', () => {
  it('a repeat without a time keeps the original record and time', () => {
    let now = T0
    const ledger = createLedger({ now: () => now })
    ledger.write({ contactPoint: 'a@b.example', purpose: 'commercial', status: 'opt-out' })
    now += HOUR
    expect(ledger.write({ contactPoint: 'a@b.example', purpose: 'commercial', status: 'opt-out' }).outcome).toBe('unchanged')
    expect(ledger.get({ contactPoint: 'a@b.example', purpose: 'commercial' })?.record.time).toBe(T0)
    expect(ledger.write({ contactPoint: 'a@b.example', purpose: 'commercial', status: 'opt-in' }).entry.record.time).toBe(T0 + HOUR)
  })
})
