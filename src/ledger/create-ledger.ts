import { ConsentError } from 'consentry'
import { defaultProfile } from './default-profile.js'
import { normalizeContactPoint } from './normalize-contact-point.js'
import { resolveSubject } from './resolve-subject.js'
import type {
  Channel,
  ComplianceProfile,
  ConsentRecord,
  ConsentRecordInput,
  HistoryEntry,
  LedgerEntry,
  WriteOutcome,
} from './types.js'

/**
 * Picks the record that decides when two origins disagree inside the conflict window.
 * `most-restrictive` (default): the opt-out wins. `latest`: the later time wins (ties: opt-out).
 * @example
 * // Trust the CRM over any other system when the two disagree.
 * const crmWins: ConflictRule = (a, b) => (a.origin === 'crm' ? a : b.origin === 'crm' ? b : a.status === 'opt-out' ? a : b)
 * createLedger({ conflictRule: crmWins })
 */
export type ConflictRule = 'most-restrictive' | 'latest' | ((a: ConsentRecord, b: ConsentRecord) => ConsentRecord)

/**
 * Options for {@link createLedger}.
 * @example
 * const options: LedgerOptions = {
 *   profile: defaultProfile,
 *   origin: 'consent-service',
 *   conflictWindowMs: 60 * 60 * 1000, // one hour
 *   conflictRule: 'latest',
 *   history: (entry) => console.log(JSON.stringify(entry)), // to a log, not memory
 * }
 * const ledger = createLedger(options)
 */
export interface LedgerOptions {
  /** @default defaultProfile (Commercial non-restrictive, Transactional disabled) */
  profile?: ComplianceProfile | undefined
  /** Origin stamped on writes that do not name one. @default 'ledger' */
  origin?: string | undefined
  /**
   * Two different decisions on one subject from two origins within this many milliseconds are a
   * conflict. 0 turns detection off. @default 86_400_000 (one day)
   */
  conflictWindowMs?: number | undefined
  /** @default 'most-restrictive' */
  conflictRule?: ConflictRule | undefined
  /**
   * Where the append-only history goes: kept in memory (`history()`), passed to a function (a
   * file or table appender; memory then stays flat however many writes arrive), or dropped.
   * @default 'memory'
   */
  history?: 'memory' | ((entry: HistoryEntry) => void) | false | undefined
  /** Entries to start from (a stored snapshot). */
  entries?: Iterable<LedgerEntry> | undefined
  /** History length of that snapshot, so sequence numbers continue. @default 0 */
  historyLength?: number | undefined
  /** Clock for writes without a time and for history stamps. @default Date.now */
  now?: (() => number) | undefined
}

/**
 * What {@link Ledger.write} did.
 * @example
 * const result: WriteResult = ledger.write({ contactPoint: 'a@b.example', purpose: 'commercial', status: 'opt-in' })
 * if (result.outcome === 'stale') console.log('a newer record already decides:', result.entry.record.status)
 */
export interface WriteResult {
  outcome: WriteOutcome
  /** The entry that decides for the subject after the write. */
  entry: LedgerEntry
}

/**
 * Identifies one subject of one contact point.
 * @example
 * const query: SubjectQuery = { contactPoint: 'frank@contoso.com', purpose: 'commercial', topic: 'newsletter' }
 * ledger.get(query)?.record.status // 'opt-in' | 'opt-out', or undefined when nothing was recorded
 */
export interface SubjectQuery {
  contactPoint: string
  channel?: Channel | undefined
  /** Purpose id or name, or a topic id or name. */
  purpose: string
  topic?: string | undefined
}

/**
 * The object returned by {@link createLedger}.
 * @example
 * const ledger: Ledger = createLedger()
 * ledger.write({ contactPoint: 'a@b.example', purpose: 'commercial', status: 'opt-out', source: 'unsubscribe-link' })
 * console.log(ledger.size, ledger.historyLength, [...ledger.entries()].length)
 */
export interface Ledger {
  readonly profile: ComplianceProfile
  readonly origin: string
  /** Number of subjects (contact point × channel × purpose or topic) held. */
  readonly size: number
  /**
   * Idempotent upsert: by `id` when given, else by (contact point, channel, purpose/topic). The
   * later time wins; an earlier one is kept in history as `stale`; different decisions from two
   * origins inside the window become a `conflict` settled by the rule.
   * @throws ConsentError `invalid-record` for an unknown purpose/topic, empty contact point,
   * bad status, channel or time.
   */
  write(input: ConsentRecordInput): WriteResult
  /** The entry for a subject, or undefined when no record exists. */
  get(query: SubjectQuery): LedgerEntry | undefined
  getById(id: string): LedgerEntry | undefined
  /** Every entry, in insertion order. */
  entries(): IterableIterator<LedgerEntry>
  /** The in-memory history (empty unless `history` is `'memory'`). */
  history(): readonly HistoryEntry[]
  /** Number of history entries written so far (including those passed to a history function). */
  readonly historyLength: number
  /** Runs `listener` after every write that changed the deciding record or its conflict flag. */
  subscribe(listener: (change: HistoryEntry) => void): () => void
}

/** @internal The channels a record may name. */
export const CHANNELS: readonly string[] = ['email', 'sms', 'custom']

/** @internal A record's time: epoch ms, a Date, or a string of digits or a date; now when absent. */
export const toTime = (value: ConsentRecordInput['time'], now: () => number): number => {
  if (value === undefined) return now()
  if (typeof value === 'number') return value
  if (value instanceof Date) return value.getTime()
  const text = value.trim()
  return /^\d+$/.test(text) ? Number(text) : Date.parse(text)
}

const invalid = (message: string) => new ConsentError('invalid-record', `consentry/ledger: ${message}`)

const sameRecord = (a: ConsentRecord, b: ConsentRecord) =>
  a.status === b.status &&
  a.time === b.time &&
  a.origin === b.origin &&
  a.source === b.source &&
  a.reason === b.reason &&
  a.reasonDescription === b.reasonDescription

function pickWinner(rule: ConflictRule, a: ConsentRecord, b: ConsentRecord): ConsentRecord {
  if (typeof rule === 'function') return rule(a, b)
  if (rule === 'latest' && a.time !== b.time) return a.time > b.time ? a : b
  return a.status === 'opt-out' ? a : b
}

/**
 * Creates an in-memory consent ledger: contact-point consent records with purposes, topics and
 * enforcement models, upserts with an audit history and conflict detection. Memory grows with the
 * number of subjects, not with writes (unless history is kept in memory). Runs in Node and
 * browsers; persistence goes through a {@link LedgerStore}.
 *
 * @throws ConsentError `invalid-option` for a negative conflict window.
 * @example
 * const ledger = createLedger()
 * ledger.write({ contactPoint: 'holly@contoso.com', purpose: 'commercial', status: 'opt-out' })
 * canContact(ledger, { contactPoint: 'Holly@contoso.com', channel: 'email', purpose: 'commercial' }).allowed // false
 */
export function createLedger(options: LedgerOptions = {}): Ledger {
  const profile = options.profile ?? defaultProfile
  const origin = options.origin ?? 'ledger'
  const windowMs = options.conflictWindowMs ?? 86_400_000
  const rule = options.conflictRule ?? 'most-restrictive'
  const ruleName = typeof rule === 'function' ? rule.name || 'custom' : rule
  const now = options.now ?? Date.now
  const historyMode = options.history ?? 'memory'
  if (!(windowMs >= 0)) throw new ConsentError('invalid-option', 'consentry/ledger: conflictWindowMs must be 0 or more')

  // Per channel: contact point → its entries (one per purpose/topic: a handful), so a write costs
  // one lookup in one large map keyed by a flat string; entries are updated in place.
  const byContact: Record<Channel, Map<string, LedgerEntry[]>> = { email: new Map(), sms: new Map(), custom: new Map() }
  // Primary key → entry; read only when a write's key is not the one its subject already holds.
  const byId = new Map<string, LedgerEntry>()
  const kept: HistoryEntry[] = []
  const listeners = new Set<(change: HistoryEntry) => void>()
  let seq = options.historyLength ?? 0
  let count = 0

  const subjectOf = (r: ConsentRecord) => r.topic ?? r.purpose
  const find = (list: LedgerEntry[] | undefined, subject: string) => {
    if (list) for (const entry of list) if (subjectOf(entry.record) === subject) return entry
    return undefined
  }
  const insert = (entry: LedgerEntry) => {
    const map = byContact[entry.record.channel]
    const list = map.get(entry.record.contactPoint)
    if (list) list.push(entry)
    else map.set(entry.record.contactPoint, [entry])
    byId.set(entry.record.id, entry)
    count++
  }
  const remove = (entry: LedgerEntry) => {
    const map = byContact[entry.record.channel]
    const list = map.get(entry.record.contactPoint)
    const at = list ? list.indexOf(entry) : -1
    if (at < 0) return
    list!.splice(at, 1)
    if (list!.length === 0) map.delete(entry.record.contactPoint)
    byId.delete(entry.record.id)
    count--
  }

  for (const entry of options.entries ?? []) insert({ ...entry })

  const record = (
    outcome: WriteOutcome,
    written: ConsentRecord,
    previous: ConsentRecord | undefined,
    current: ConsentRecord,
  ): HistoryEntry => {
    const entry: HistoryEntry = { seq: ++seq, at: now(), outcome, record: written, current }
    if (previous) entry.previous = previous
    if (historyMode === 'memory') kept.push(entry)
    else if (historyMode) historyMode(entry)
    return entry
  }

  const normalise = (input: ConsentRecordInput): ConsentRecord => {
    if (input === null || typeof input !== 'object') throw invalid('a record must be an object')
    const channel = input.channel ?? 'email'
    if (!CHANNELS.includes(channel)) throw invalid(`unknown channel "${String(channel)}"`)
    if (typeof input.contactPoint !== 'string') throw invalid('contactPoint must be a string')
    const contactPoint = normalizeContactPoint(input.contactPoint, channel)
    if (!contactPoint) throw invalid('contactPoint is empty')
    if (input.status !== 'opt-in' && input.status !== 'opt-out') throw invalid(`status must be "opt-in" or "opt-out", got "${String(input.status)}"`)
    const subject = typeof input.purpose === 'string' ? resolveSubject(profile, input.purpose, input.topic) : undefined
    if (!subject) throw invalid(`unknown purpose/topic "${String(input.purpose)}${input.topic === undefined ? '' : `/${input.topic}`}" in profile "${profile.id}"`)
    const time = toTime(input.time, now)
    if (!Number.isFinite(time)) throw invalid(`time "${String(input.time)}" is not a date`)
    // One property order for every record (topic always present) keeps lookups monomorphic.
    const out: ConsentRecord = {
      id: '',
      contactPoint,
      channel,
      purpose: subject.purpose.id,
      topic: subject.topic?.id,
      status: input.status,
      source: input.source ?? 'api',
      reason: input.reason ?? 'no-reason',
      reasonDescription: input.reasonDescription ?? '',
      time,
      origin: input.origin ?? origin,
    }
    out.id = input.id === undefined || input.id === '' ? `${channel}:${contactPoint}:${subjectOf(out)}` : String(input.id)
    return out
  }

  const notify = (change: HistoryEntry) => {
    if (listeners.size === 0) return
    // A listener is a sync adapter or an app hook; one that throws must not undo the write.
    for (const listener of [...listeners]) {
      try {
        listener(change)
      } catch (error) {
        queueMicrotask(() => {
          throw error
        })
      }
    }
  }

  const write = (input: ConsentRecordInput): WriteResult => {
    const rec = normalise(input)
    const explicitId = input.id !== undefined && input.id !== ''
    const prev = find(byContact[rec.channel].get(rec.contactPoint), subjectOf(rec))
    if (explicitId && prev?.record.id !== rec.id) {
      // A primary key that moves to another subject takes its record with it.
      const moved = byId.get(rec.id)
      if (moved && moved !== prev) remove(moved)
    }
    if (!prev) {
      // The ledger keeps its own copy: it is updated in place later, while `rec` stays as written
      // for the history and the listeners.
      const entry: LedgerEntry = { record: { ...rec } }
      insert(entry)
      notify(record('created', rec, undefined, rec))
      return { outcome: 'created', entry }
    }
    const cur = prev.record
    // Without its own key a write updates the subject's record under that record's key.
    if (!explicitId) rec.id = cur.id
    // A write without its own time that repeats the current decision carries no news (an undated
    // table imported twice): keep the original time instead of refreshing it.
    const undated = input.time === undefined && sameRecord(cur, { ...rec, time: cur.time })
    if (undated || sameRecord(cur, rec) || prev.conflict?.records.some((r) => sameRecord(r, rec))) {
      return { outcome: 'unchanged', entry: prev }
    }
    if (windowMs > 0 && cur.status !== rec.status && cur.origin !== rec.origin && Math.abs(cur.time - rec.time) <= windowMs) {
      const [older, newer] = cur.time <= rec.time ? [cur, rec] : [rec, cur]
      const winner = { ...pickWinner(rule, older, newer), id: rec.id }
      if (winner.id !== cur.id) {
        byId.delete(cur.id)
        byId.set(winner.id, prev)
      }
      prev.record = winner
      prev.conflict = { records: [older, newer], rule: ruleName }
      // Copies: `winner` is updated in place by later writes, history must not change with it.
      notify(record('conflict', rec, cur, { ...winner }))
      return { outcome: 'conflict', entry: prev }
    }
    if (rec.time < cur.time) {
      const held = { ...cur }
      record('stale', rec, held, held)
      return { outcome: 'stale', entry: prev }
    }
    // Updating the long-lived record in place (instead of swapping in `rec`) leaves only young
    // garbage behind, so heap and RSS track the number of subjects, not the number of writes.
    const previous = { ...cur }
    if (rec.id !== cur.id) {
      byId.delete(cur.id)
      byId.set(rec.id, prev)
    }
    // Field by field: an equal string keeps the old instance, so nothing young is promoted.
    if (cur.id !== rec.id) cur.id = rec.id
    if (cur.status !== rec.status) cur.status = rec.status
    if (cur.source !== rec.source) cur.source = rec.source
    if (cur.reason !== rec.reason) cur.reason = rec.reason
    if (cur.reasonDescription !== rec.reasonDescription) cur.reasonDescription = rec.reasonDescription
    if (cur.origin !== rec.origin) cur.origin = rec.origin
    cur.time = rec.time
    delete prev.conflict
    notify(record('updated', rec, previous, rec))
    return { outcome: 'updated', entry: prev }
  }

  const get = (query: SubjectQuery): LedgerEntry | undefined => {
    const channel = query.channel ?? 'email'
    const subject = resolveSubject(profile, query.purpose, query.topic)
    if (!subject || !CHANNELS.includes(channel)) return undefined
    const contactPoint = normalizeContactPoint(String(query.contactPoint), channel)
    return find(byContact[channel].get(contactPoint), subject.topic?.id ?? subject.purpose.id)
  }

  return {
    profile,
    origin,
    get size() {
      return count
    },
    get historyLength() {
      return seq
    },
    write,
    get,
    getById: (id) => byId.get(id),
    *entries() {
      for (const map of [byContact.email, byContact.sms, byContact.custom]) for (const list of map.values()) yield* list
    },
    history: () => kept,
    subscribe(listener) {
      listeners.add(listener)
      return () => {
        listeners.delete(listener)
      }
    },
  }
}
