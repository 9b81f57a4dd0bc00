// The project's rule for grants, applied to the ledger: a record, question, flag set, option or
// profile says something only through its own properties. Each case puts the permissive value on
// Object.prototype (a polluted prototype, as a vulnerable dependency can cause) or on an object's
// prototype, leaves the own property out, and checks that nothing widens and the caller hears of it.
import { describe, expect, it } from 'vitest'
import {
  canContact,
  createLedger,
  createRecordValidator,
  createSqlStore,
  createSyncAdapter,
  defaultProfile,
  importTable,
  queryContactPoints,
  statusFromFlags,
  validateProfile,
} from '../../src/ledger/index.js'
import type { SqlClient } from '../../src/ledger/index.js'

const T = '2025-03-01T09:00:00Z'
const proto = Object.prototype as Record<string, unknown>

/** Runs `fn` with `values` on Object.prototype, always removed afterwards. */
async function polluted<T>(values: Record<string, unknown>, fn: () => T | Promise<T>): Promise<T> {
  for (const [key, value] of Object.entries(values)) Object.defineProperty(proto, key, { value, configurable: true, writable: true, enumerable: false })
  try {
    return await fn()
  } finally {
    for (const key of Object.keys(values)) delete proto[key]
  }
}

describe('the ledger reads only own properties', () => {
  it('a record: an inherited status, purpose or channel is a missing one', async () => {
    const validate = createRecordValidator(defaultProfile)
    await polluted({ status: 'opt-in' }, () => {
      expect(() => validate({ contactPoint: 'a@b.example', purpose: 'commercial', time: T } as never)).toThrow(/status must be "opt-in" or "opt-out"/)
    })
    await polluted({ purpose: 'commercial' }, () => {
      expect(() => validate({ contactPoint: 'a@b.example', status: 'opt-in', time: T } as never)).toThrow(/^consentry\/ledger: purpose /)
    })
    await polluted({ channel: 'custom', id: 'polluted' }, () => {
      expect(validate({ contactPoint: 'a@b.example', purpose: 'commercial', status: 'opt-out', time: T })).toMatchObject({ channel: 'email', id: 'email:a@b.example:commercial' })
    })
  })

  it('do-not flags: an inherited "false" is a missing flag, so "do not"', async () => {
    await polluted({ donotemail: false, donotbulkemail: false }, () => {
      expect(statusFromFlags({})).toBe('opt-out')
      expect(statusFromFlags({ donotemail: false })).toBe('opt-out')
    })
  })

  it('a question: an inherited channel is none, and the answer is "not allowed"', async () => {
    const ledger = createLedger()
    await polluted({ channel: 'email' }, () => {
      expect(canContact(ledger, { contactPoint: 'new@b.example', purpose: 'commercial' } as never)).toMatchObject({ allowed: false, reason: 'error' })
    })
  })

  it('a query: an inherited value never turns the allowed list into the opted-out one, and a mistyped value is refused', async () => {
    const ledger = createLedger()
    ledger.write({ contactPoint: 'in@b.example', purpose: 'commercial', status: 'opt-in', time: T })
    ledger.write({ contactPoint: 'out@b.example', purpose: 'commercial', status: 'opt-out', time: T })
    // Asserted outside: the assertion library's own descriptors would inherit `value`.
    expect(await polluted({ value: false, channel: 'sms' }, () => queryContactPoints(ledger, { option: 'commercial' }))).toEqual(['in@b.example'])
    expect(() => queryContactPoints(ledger, { option: 'commercial', value: 'false' as never })).toThrow(/value must be true or false/)
    expect(() => queryContactPoints(ledger, { option: 'commercial', channel: 'fax' as never })).toThrow(/channel "fax" is not email, sms or custom/)
  })

  it('ledger options: an inherited conflict rule is no rule (the most restrictive applies), and an unknown rule is refused', async () => {
    const ledger = await polluted({ conflictRule: 'latest' }, () => createLedger())
    ledger.write({ contactPoint: 'a@b.example', purpose: 'commercial', status: 'opt-out', time: '2025-03-01T09:00:00Z', origin: 'crm' })
    ledger.write({ contactPoint: 'a@b.example', purpose: 'commercial', status: 'opt-in', time: '2025-03-01T10:00:00Z', origin: 'web' })
    expect(canContact(ledger, { contactPoint: 'a@b.example', channel: 'email', purpose: 'commercial' })).toMatchObject({ allowed: false, conflict: true })
    expect(() => createLedger({ conflictRule: 'Latest' as never })).toThrow(/conflictRule must be "most-restrictive", "latest" or a function/)
  })

  it('store options: an unknown or inherited conflict rule is refused or ignored before the database is touched', async () => {
    const queries: string[] = []
    // A database that records what it is asked: the option check must come first.
    const unused: SqlClient = {
      query: async (text: string) => {
        queries.push(text)
        throw new Error('not reached')
      },
      transaction: async () => {
        throw new Error('not reached')
      },
      close: async () => {},
    }
    await expect(createSqlStore(unused, { conflictRule: 'Latest' as never })).rejects.toMatchObject({ code: 'invalid-option' })
    await expect(createSqlStore(unused, { conflictWindowMs: Number.NaN })).rejects.toMatchObject({ code: 'invalid-option' })
    expect(queries).toEqual([])
    // An inherited rule, even a malformed one, is no option: the store goes on to the database.
    const inherited = await polluted({ conflictRule: 'Latest' }, () => createSqlStore(unused, {}).catch((error: Error) => error.message))
    expect(inherited).toBe('not reached')
    expect(queries).toHaveLength(1)
  })

  it('a profile: an inherited enforcement is a missing one, and the profile kept is a copy the caller cannot change', () => {
    const purpose = Object.assign(Object.create({ enforcement: 'non-restrictive' }) as object, { id: 'commercial', name: 'Commercial', type: 'commercial' })
    expect(() => validateProfile({ id: 'p', name: 'P', purposes: [purpose] })).toThrow(/purposes\[0\]\.enforcement/)
    const given = { id: 'p', name: 'P', purposes: [{ id: 'commercial', name: 'Commercial', type: 'commercial', enforcement: 'restrictive' }] }
    const ledger = createLedger({ profile: given as never })
    given.purposes[0]!.enforcement = 'non-restrictive'
    expect(canContact(ledger, { contactPoint: 'new@b.example', channel: 'email', purpose: 'commercial' })).toMatchObject({ allowed: false, reason: 'restrictive-default' })
  })

  it('a snapshot is checked as a write is: an opt-out kept in another case is still found', () => {
    const ledger = createLedger({
      entries: [
        {
          record: {
            id: '1',
            contactPoint: ' Holly@Contoso.com',
            channel: 'email',
            purpose: 'commercial',
            status: 'opt-out',
            source: 'import',
            reason: 'no-reason',
            reasonDescription: '',
            time: Date.parse(T),
            origin: 'crm',
            requestedBy: '',
            legalBasis: '',
            policyVersion: '',
            messageId: '',
          },
        },
      ],
    })
    expect(canContact(ledger, { contactPoint: 'holly@contoso.com', channel: 'email', purpose: 'commercial' })).toMatchObject({ allowed: false, reason: 'record' })
    expect(() => createLedger({ entries: [{ record: { contactPoint: 'holly@contoso.com', purpose: 'commercial', status: 'Opt-Out' } as never }] })).toThrow(/status must be/)
  })

  it('import options: an inherited asOf never dates undated rows', async () => {
    const ledger = createLedger()
    const report = await polluted({ asOf: T }, () => importTable(ledger, 'Email,Consent option,Consent value\nann@b.example,commercial,yes\n'))
    expect(report).toMatchObject({ read: 1, imported: 0, rejected: 1 })
    expect(report.errors[0]?.message).toContain('has no date')
  })

  it('sync adapter options: an inherited origin or send is none', () => {
    const ledger = createLedger()
    expect(() => createSyncAdapter(ledger, Object.create({ origin: 'crm', send: () => {} }) as never)).toThrow(/needs `origin`/)
  })
})
