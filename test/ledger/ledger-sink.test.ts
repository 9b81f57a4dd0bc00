import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import { createConsent, isConsentError } from 'consentry'
import type { ConsentError, ConsentManager, ConsentOptions } from 'consentry'
import { canContact, createLedger, createLedgerSink } from '../../src/ledger/index.js'
import type { ConsentRecordInput, LedgerSink } from '../../src/ledger/index.js'
import { installSendBeacon } from '../fakes/send-beacon.js'

const categories: ConsentOptions['categories'] = [
  { id: 'necessary', name: 'Necessary', enforcement: 'always' },
  { id: 'marketing', name: 'Marketing', enforcement: 'opt-in' },
  { id: 'newsletter', name: 'Newsletter', enforcement: 'opt-in', parent: 'marketing' },
  { id: 'analytics', name: 'Analytics', enforcement: 'opt-in' },
]
const subjects = { marketing: 'commercial', newsletter: { purpose: 'commercial', topic: 'newsletter' }, necessary: 'transactional' }
const profile = {
  id: 'site',
  name: 'Site',
  purposes: [
    { id: 'commercial', name: 'Commercial', type: 'commercial' as const, enforcement: 'restrictive' as const, topics: [{ id: 'newsletter', name: 'Newsletter' }] },
    { id: 'transactional', name: 'Transactional', type: 'transactional' as const, enforcement: 'disabled' as const },
  ],
}

const managers: ConsentManager[] = []
const sinks: LedgerSink[] = []
const errors: ConsentError[] = []
const manager = (cookie: ConsentOptions['cookie'] = false) => {
  const consent = createConsent({ categories, cookie, onError: (e) => errors.push(e) })
  managers.push(consent)
  return consent
}
const sink = (...args: Parameters<typeof createLedgerSink>) => {
  const s = createLedgerSink(...args)
  sinks.push(s)
  return s
}
const flushMicrotasks = () => new Promise((resolve) => setTimeout(resolve, 0))

beforeEach(() => {
  localStorage.clear()
  errors.length = 0
})
afterEach(() => {
  for (const s of sinks.splice(0)) s.stop()
  for (const m of managers.splice(0)) m.destroy()
  document.cookie = 'ledger-sink-test=; max-age=0; path=/'
  vi.useRealTimers()
  vi.unstubAllEnvs()
})

describe('createLedgerSink', () => {
  it('reads only own category preferences: a subjects key naming a prototype member sends nothing', async () => {
    const consent = manager()
    const batches: ConsentRecordInput[][] = []
    const tricky = { marketing: 'commercial', constructor: 'commercial', toString: 'commercial', ['__proto__']: 'commercial', hasOwnProperty: 'transactional' }
    sink(consent, { subjects: tricky, contactPoint: 'peter@example.com', send: (records) => void batches.push(records) })
    consent.set({ marketing: false })
    await flushMicrotasks()
    expect(batches.flat().map((r) => [r.purpose, r.status])).toEqual([['commercial', 'opt-out']])
  })

  it('emits nothing until the contact point is known, then one record per mapped category', async () => {
    const consent = manager()
    const batches: ConsentRecordInput[][] = []
    const s = sink(consent, { subjects, send: (records) => void batches.push(records) })
    consent.set({ marketing: true, newsletter: false, analytics: true })
    await flushMicrotasks()
    expect(batches).toEqual([])
    s.identify('  Peter@Example.com ')
    await flushMicrotasks()
    expect(batches).toHaveLength(1)
    const state = consent.get()
    expect(batches[0]).toEqual([
      expect.objectContaining({
        contactPoint: 'Peter@Example.com',
        channel: 'email',
        purpose: 'commercial',
        status: 'opt-in',
        source: 'preference-center',
        origin: expect.stringMatching(/^browser:[0-9a-z]+$/),
        time: state.updatedAt,
      }),
      expect.objectContaining({ purpose: 'commercial', topic: 'newsletter', status: 'opt-out' }),
      expect.objectContaining({ purpose: 'transactional', status: 'opt-in' }),
    ])
    expect(batches[0]![0]!.reasonDescription).toContain(state.id)
    expect(s.pending()).toBe(0)
  })

  it('feeds a ledger: records it emits are accepted and decide canContact', async () => {
    const ledger = createLedger({ profile })
    const consent = manager()
    sink(consent, { subjects, contactPoint: 'ann@example.com', send: (records) => records.forEach((r) => ledger.write(r)) })
    consent.set({ marketing: true, newsletter: true })
    await flushMicrotasks()
    expect(canContact(ledger, { contactPoint: 'ANN@example.com', channel: 'email', purpose: 'commercial', topic: 'newsletter' })).toMatchObject({ allowed: true, reason: 'record' })
    consent.set({ marketing: false })
    await flushMicrotasks()
    expect(canContact(ledger, { contactPoint: 'ann@example.com', channel: 'email', purpose: 'commercial', topic: 'newsletter' })).toMatchObject({ allowed: false, reason: 'purpose-denied' })
  })

  it('names the device in the origin, so two devices disagreeing is a conflict and one device changing its mind is not', async () => {
    const ledger = createLedger({ profile, conflictWindowMs: 3_600_000 })
    const write = (records: ConsentRecordInput[]) => records.forEach((r) => ledger.write(r))
    const subject = { contactPoint: 'ann@example.com', channel: 'email' as const, purpose: 'commercial' }
    // Each choice a second after the last: three changes in one millisecond would tie, and a tie
    // rightly resolves to the opt-out, which is not what this test is about.
    vi.useFakeTimers({ toFake: ['Date'] })
    const later = () => vi.setSystemTime(Date.now() + 1000)
    const laptop = manager()
    const s1 = sink(laptop, { subjects: { marketing: 'commercial' }, contactPoint: 'ann@example.com', send: write })
    laptop.set({ marketing: true })
    await flushMicrotasks()
    later()
    laptop.set({ marketing: false })
    await flushMicrotasks()
    later()
    laptop.set({ marketing: true })
    await flushMicrotasks()
    expect(canContact(ledger, subject)).toMatchObject({ allowed: true, reason: 'record' })
    expect(canContact(ledger, subject).conflict).toBeUndefined()
    const laptopOrigin = ledger.get(subject)!.record.origin
    s1.stop()
    laptop.destroy()
    // Another browser: its own device id.
    localStorage.clear()
    later()
    const phone = manager()
    sink(phone, { subjects: { marketing: 'commercial' }, contactPoint: 'ann@example.com', send: write })
    phone.set({ marketing: false })
    await flushMicrotasks()
    const answer = canContact(ledger, subject)
    expect(answer).toMatchObject({ allowed: false, conflict: true })
    expect(new Set(answer.records!.map((r) => r.origin)).size).toBe(2)
    expect(answer.records!.map((r) => r.origin)).toContain(laptopOrigin)
  })

  it('holds refused batches and retries with backoff until accepted', async () => {
    vi.useFakeTimers()
    const consent = manager()
    let accept = false
    const attempts: number[] = []
    const s = sink(consent, { subjects: { marketing: 'commercial' }, contactPoint: 'a@b.example', retryMs: 1000, send: (records) => (attempts.push(records.length), accept) })
    consent.set({ marketing: true })
    await vi.advanceTimersByTimeAsync(0)
    expect(attempts).toEqual([1])
    expect(s.pending()).toBe(1)
    await vi.advanceTimersByTimeAsync(1000)
    expect(attempts).toEqual([1, 1])
    // The second delay doubles.
    await vi.advanceTimersByTimeAsync(1999)
    expect(attempts).toHaveLength(2)
    consent.set({ marketing: false })
    await vi.advanceTimersByTimeAsync(1)
    accept = true
    await vi.advanceTimersByTimeAsync(4000)
    expect(s.pending()).toBe(0)
    // Both decisions went out, in order, in the accepted batch.
    expect(attempts.at(-1)).toBe(2)
  })

  // setTimeout fires at once above 2^31-1 ms, and NaN or a negative delay would retry a refusing sink without pause.
  it.each([2 ** 31, Number.NaN, -1, '1000'])('retryMs %s: reported, and the default 5000 ms is used', async (retryMs) => {
    vi.useFakeTimers()
    const consent = manager()
    const attempts: number[] = []
    sink(consent, { subjects: { marketing: 'commercial' }, contactPoint: 'a@b.example', retryMs: retryMs as number, send: () => (attempts.push(1), false) })
    expect(errors.map((e) => e.message).join('\n')).toMatch(/retryMs must be a number of milliseconds from 0 to 2147483647/)
    consent.set({ marketing: true })
    await vi.advanceTimersByTimeAsync(4999)
    expect(attempts).toHaveLength(1)
    await vi.advanceTimersByTimeAsync(1)
    expect(attempts).toHaveLength(2)
  })

  it('treats a throwing or rejecting send as not accepted and reports it', async () => {
    const consent = manager()
    const s = sink(consent, { subjects: { marketing: 'commercial' }, contactPoint: 'a@b.example', send: () => Promise.reject(new Error('offline')) })
    consent.set({ marketing: true })
    await flushMicrotasks()
    expect(s.pending()).toBe(1)
    expect(errors.map((e) => e.code)).toContain('sink-failed')
  })

  it('a fetch Response the server refused is not accepted: the batch stays queued and the failure is reported', async () => {
    const consent = manager()
    const answers = [new Response('busy', { status: 503 }), new Response(null, { status: 204 })]
    const s = sink(consent, { subjects: { marketing: 'commercial' }, contactPoint: 'a@b.example', retryMs: 1000, send: () => answers.shift() })
    consent.set({ marketing: true })
    await flushMicrotasks()
    expect(s.pending()).toBe(1)
    expect(errors.map((e) => e.message)).toContainEqual(expect.stringContaining('refused the consent records (status 503)'))
    await s.flush()
    expect(s.pending()).toBe(0)
    expect(answers).toEqual([])
  })

  it('keeps unsent records across a reload and sends them from the next page', async () => {
    const first = manager({ name: 'ledger-sink-test' })
    const s1 = sink(first, { subjects: { marketing: 'commercial' }, contactPoint: 'a@b.example', send: () => false })
    first.set({ marketing: true })
    await flushMicrotasks()
    expect(s1.pending()).toBe(1)
    // "Reload": everything in memory is gone, localStorage and the cookie stay.
    s1.stop()
    first.destroy()
    const delivered: ConsentRecordInput[] = []
    const second = manager({ name: 'ledger-sink-test' })
    await second.ready()
    expect(second.get().source).toBe('storage')
    const s2 = sink(second, { subjects: { marketing: 'commercial' }, contactPoint: 'a@b.example', send: (records) => void delivered.push(...records) })
    await flushMicrotasks()
    // The held record is delivered once; the decision restored from the cookie is not re-sent.
    expect(delivered).toHaveLength(1)
    expect(delivered[0]).toMatchObject({ status: 'opt-in', contactPoint: 'a@b.example' })
    expect(s2.pending()).toBe(0)
  })

  it('sends a stored decision made on a page without the sink once, and not again on later pages', async () => {
    const page1 = manager({ name: 'ledger-sink-test' })
    page1.set({ marketing: true })
    page1.destroy()
    const got: ConsentRecordInput[] = []
    const open = () => {
      const consent = manager({ name: 'ledger-sink-test' })
      const s = sink(consent, { subjects: { marketing: 'commercial' }, contactPoint: 'a@b.example', send: (records) => void got.push(...records) })
      return { consent, s }
    }
    const page2 = open()
    await flushMicrotasks()
    expect(got).toEqual([expect.objectContaining({ status: 'opt-in', source: 'stored-decision' })])
    page2.s.stop()
    page2.consent.destroy()
    open()
    await flushMicrotasks()
    expect(got).toHaveLength(1)
  })

  it('sends a decision made before identify() on a later page once the visitor identifies', async () => {
    const consent = manager()
    consent.set({ marketing: false })
    const got: ConsentRecordInput[] = []
    const s = sink(consent, { subjects: { marketing: 'commercial' }, send: (records) => void got.push(...records) })
    s.identify('x@y.example')
    s.identify('x@y.example')
    await flushMicrotasks()
    expect(got).toHaveLength(1)
    expect(got[0]).toMatchObject({ status: 'opt-out', source: 'preference-center' })
  })

  it('uses navigator.sendBeacon with a text body when given a url', async () => {
    const beacon = installSendBeacon()
    try {
      const consent = manager()
      const s = sink(consent, { subjects: { marketing: 'commercial' }, contactPoint: 'a@b.example', url: 'https://collect.example.test/ledger' })
      beacon.accept = false
      consent.set({ marketing: true })
      await flushMicrotasks()
      expect(s.pending()).toBe(1)
      beacon.accept = true
      expect(await s.flush()).toBe(true)
      expect(beacon.calls).toHaveLength(2)
      expect(beacon.calls[1]!.url).toBe('https://collect.example.test/ledger')
      expect(JSON.parse(beacon.calls[1]!.body)).toEqual({ records: [expect.objectContaining({ purpose: 'commercial', status: 'opt-in' })] })
    } finally {
      beacon.restore()
    }
  })

  it('falls back to memory and reports when localStorage fails', async () => {
    const setItem = vi.spyOn(localStorage, 'setItem').mockImplementation(() => {
      throw new Error('QuotaExceededError')
    })
    try {
      const consent = manager()
      const got: ConsentRecordInput[] = []
      sink(consent, { subjects: { marketing: 'commercial' }, contactPoint: 'a@b.example', send: (records) => void got.push(...records) })
      consent.set({ marketing: true })
      await flushMicrotasks()
      expect(got).toHaveLength(1)
      expect(errors.map((e) => [e.code, /localStorage/.test(e.message)])).toEqual([['sink-failed', true]])
    } finally {
      setItem.mockRestore()
    }
  })

  it('drops the oldest records beyond maxPending and says so', async () => {
    const consent = manager()
    const s = sink(consent, { subjects: { marketing: 'commercial' }, contactPoint: 'a@b.example', send: () => false, maxPending: 2 })
    for (const granted of [true, false, true]) consent.set({ marketing: granted })
    await flushMicrotasks()
    expect(s.pending()).toBe(2)
    expect(errors.some((e) => e.code === 'sink-failed' && /dropped/.test(e.message))).toBe(true)
  })

  it.each(['development', 'production'])('rejects missing url/send and subjects (NODE_ENV=%s)', (env) => {
    vi.stubEnv('NODE_ENV', env)
    const consent = manager()
    const caught = (f: () => unknown) => {
      try {
        f()
      } catch (error) {
        return isConsentError(error) ? error.code : error
      }
      return undefined
    }
    expect(caught(() => createLedgerSink(consent, { subjects }))).toBe('invalid-option')
    expect(caught(() => createLedgerSink(consent, { url: '/x' } as never))).toBe('invalid-option')
  })
})
