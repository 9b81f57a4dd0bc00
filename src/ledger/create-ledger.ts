import { defaultProfile } from './default-profile.js'
import { ledgerError } from './ledger-error.js'
import { normalizeContactPoint } from './normalize-contact-point.js'
import { ownCopy } from './own-copy.js'
import type { ContactPointOptions } from './normalize-contact-point.js'
import type { TimeOptions } from './parse-time.js'
import { resolveSubject } from './resolve-subject.js'
import { channelOf, createRecordValidator } from './validate-record.js'
import { validateProfile } from './validate-profile.js'
import type { Channel, ComplianceProfile, ConsentRecord, ConsentRecordInput, HistoryEntry, LedgerEntry, WriteOutcome } from './types.js'

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
export interface LedgerOptions extends ContactPointOptions {
  /**
   * Checked against the profile schema on creation.
   * @default defaultProfile (Commercial non-restrictive, Transactional disabled)
   */
  profile?: ComplianceProfile | undefined
  /** How text times of writes are read. @default ISO 8601 with a zone only */
  time?: TimeOptions | undefined
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
  /** Entries to start from (a stored snapshot); each record is checked as a write is (`invalid-record`). */
  entries?: Iterable<LedgerEntry> | undefined
  /** History length before `entries`, so sequence numbers continue. @default 0 */
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
  /** True when the write's id already belonged to another subject (left untouched). */
  idReused?: boolean | undefined
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
   * Idempotent upsert by subject (contact point, channel, purpose/topic). The later time wins; an
   * earlier one is kept in history as `stale`; different decisions from two origins inside the
   * window become a `conflict` settled by the rule. An `id` already held by another subject never
   * touches that subject's record: the write applies to its own subject and is reported
   * (`idReused`, history note `id-reused`).
   * @throws ConsentError `invalid-record` (see {@link createRecordValidator}) naming the field.
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

/** @internal Two records that say the same thing (ids aside). */
export const sameRecord = (a: ConsentRecord, b: ConsentRecord): boolean =>
  a.status === b.status &&
  a.time === b.time &&
  a.origin === b.origin &&
  a.source === b.source &&
  a.reason === b.reason &&
  a.reasonDescription === b.reasonDescription &&
  a.requestedBy === b.requestedBy &&
  a.legalBasis === b.legalBasis &&
  a.policyVersion === b.policyVersion &&
  a.messageId === b.messageId

const FIELDS = ['id', 'status', 'source', 'reason', 'reasonDescription', 'origin', 'time', 'requestedBy', 'legalBasis', 'policyVersion', 'messageId'] as const

/** @internal The subject key of a record: its topic, or its purpose. */
export const subjectKeyOf = (r: ConsentRecord): string => r.topic ?? r.purpose

/**
 * @internal Finds the entry a query asks about among `entriesOf(channel, contactPoint)`: the one
 * lookup of `ledger.get` and of the database store's readers.
 */
export function findEntry(
  profile: ComplianceProfile,
  options: ContactPointOptions,
  entriesOf: (channel: Channel, contactPoint: string) => readonly LedgerEntry[] | undefined,
  query: SubjectQuery,
): LedgerEntry | undefined {
  const channel = query.channel === undefined ? 'email' : channelOf(query.channel)
  const subject = resolveSubject(profile, query.purpose, query.topic)
  if (!subject || !channel) return undefined
  const contactPoint = normalizeContactPoint(String(query.contactPoint), channel, options)
  if (contactPoint === undefined) return undefined
  const key = subject.topic?.id ?? subject.purpose.id
  for (const entry of entriesOf(channel, contactPoint) ?? []) if (subjectKeyOf(entry.record) === key) return entry
  return undefined
}

function pickWinner(rule: ConflictRule, a: ConsentRecord, b: ConsentRecord): ConsentRecord {
  if (typeof rule === 'function') return rule(a, b)
  if (rule === 'latest' && a.time !== b.time) return a.time > b.time ? a : b
  return a.status === 'opt-out' ? a : b
}

/** Subjects by contact point (per channel) and by id: the ledger's two lookups. */
function createSubjectIndex() {
  // Per channel: contact point → its entries (one per purpose/topic: a handful), so a write costs
  // one lookup in one large map keyed by a flat string; entries are updated in place.
  const byContact: Record<Channel, Map<string, LedgerEntry[]>> = { email: new Map(), sms: new Map(), custom: new Map() }
  // Id → the first subject holding it; ids are reported when reused, never used to move records.
  const byId = new Map<string, LedgerEntry>()
  let count = 0
  return {
    byContact,
    byId,
    get size() {
      return count
    },
    find(channel: Channel, contactPoint: string, subject: string): LedgerEntry | undefined {
      const list = byContact[channel].get(contactPoint)
      if (list) for (const entry of list) if (subjectKeyOf(entry.record) === subject) return entry
      return undefined
    },
    insert(entry: LedgerEntry): void {
      const map = byContact[entry.record.channel]
      const list = map.get(entry.record.contactPoint)
      if (list) list.push(entry)
      else map.set(entry.record.contactPoint, [entry])
      if (!byId.has(entry.record.id)) byId.set(entry.record.id, entry)
      count++
    },
    *entries(): IterableIterator<LedgerEntry> {
      for (const map of [byContact.email, byContact.sms, byContact.custom]) for (const list of map.values()) yield* list
    },
  }
}

/** The append-only history: numbering, where entries go, and the listeners told of changes. */
function createHistoryLog(mode: NonNullable<LedgerOptions['history']>, now: () => number, start: number) {
  const kept: HistoryEntry[] = []
  const listeners = new Set<(change: HistoryEntry) => void>()
  let seq = start
  return {
    kept,
    get length() {
      return seq
    },
    append(outcome: WriteOutcome, written: ConsentRecord, previous: ConsentRecord | undefined, current: ConsentRecord, idReused = false): HistoryEntry {
      const entry: HistoryEntry = { seq: ++seq, at: now(), outcome, record: written, current }
      if (previous) entry.previous = previous
      if (idReused) entry.note = 'id-reused'
      if (mode === 'memory') kept.push(entry)
      else if (mode) mode(entry)
      return entry
    },
    notify(change: HistoryEntry): void {
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
    },
    subscribe(listener: (change: HistoryEntry) => void): () => void {
      listeners.add(listener)
      return () => {
        listeners.delete(listener)
      }
    },
  }
}

type SubjectIndex = ReturnType<typeof createSubjectIndex>
type HistoryLog = ReturnType<typeof createHistoryLog>
interface WriteContext {
  index: SubjectIndex
  log: HistoryLog
  windowMs: number
  rule: ConflictRule
  ruleName: string
}

/** A write that repeats what the subject's entry already says (ids aside) carries no news. */
function isUnchanged(prev: LedgerEntry, rec: ConsentRecord, input: ConsentRecordInput): boolean {
  const cur = prev.record
  // A write without its own time that repeats the current decision carries no news: keep the
  // original time instead of refreshing it.
  const undated = input.time === undefined && sameRecord(cur, { ...rec, time: cur.time })
  return undated || (sameRecord(cur, rec) && cur.id === rec.id) || prev.conflict?.records.some((r) => sameRecord(r, rec)) === true
}

/** Two origins disagree inside the window: the rule picks, both sides are kept on the entry. */
function applyConflict(ctx: WriteContext, prev: LedgerEntry, rec: ConsentRecord, idReused: boolean): WriteResult {
  const cur = prev.record
  const [older, newer] = cur.time <= rec.time ? [cur, rec] : [rec, cur]
  const winner = { ...pickWinner(ctx.rule, older, newer) }
  prev.record = winner
  prev.conflict = { records: [older, newer], rule: ctx.ruleName }
  // Copies: `winner` is updated in place by later writes, history must not change with it.
  ctx.log.notify(ctx.log.append('conflict', rec, cur, { ...winner }, idReused))
  return { outcome: 'conflict', entry: prev, idReused }
}

/** A later record replaces the subject's record. */
function applyUpdate(ctx: WriteContext, prev: LedgerEntry, rec: ConsentRecord, idReused: boolean): WriteResult {
  const cur = prev.record
  // Updating the long-lived record in place (instead of swapping in `rec`) leaves only young
  // garbage behind, so heap and RSS track the number of subjects, not the number of writes.
  const previous = { ...cur }
  if (!ctx.index.byId.has(rec.id)) ctx.index.byId.set(rec.id, prev)
  // Field by field: an equal string keeps the old instance, so nothing young is promoted.
  for (const key of FIELDS) if (cur[key] !== rec[key]) (cur as unknown as Record<string, unknown>)[key] = rec[key]
  delete prev.conflict
  ctx.log.notify(ctx.log.append('updated', rec, previous, rec, idReused))
  return { outcome: 'updated', entry: prev, idReused }
}

/** Settles one validated write against its subject's entry (created, unchanged, conflict, stale or updated). */
function applyWrite(ctx: WriteContext, input: ConsentRecordInput, rec: ConsentRecord): WriteResult {
  const prev = ctx.index.find(rec.channel, rec.contactPoint, subjectKeyOf(rec))
  const holder = ctx.index.byId.get(rec.id)
  const idReused = holder !== undefined && holder !== prev
  if (!prev) {
    // The ledger keeps its own copy: it is updated in place later, while `rec` stays as written
    // for the history and the listeners.
    const entry: LedgerEntry = { record: { ...rec } }
    ctx.index.insert(entry)
    ctx.log.notify(ctx.log.append('created', rec, undefined, rec, idReused))
    return { outcome: 'created', entry, idReused }
  }
  const cur = prev.record
  // Without its own id a write updates the subject's record under that record's id.
  if (input.id === undefined || input.id === '') rec.id = cur.id
  if (isUnchanged(prev, rec, input)) return { outcome: 'unchanged', entry: prev, idReused }
  if (ctx.windowMs > 0 && cur.status !== rec.status && cur.origin !== rec.origin && Math.abs(cur.time - rec.time) <= ctx.windowMs) {
    return applyConflict(ctx, prev, rec, idReused)
  }
  // Ties go to the opt-out, so an equal-time opt-in never undoes one.
  if (rec.time < cur.time || (rec.time === cur.time && cur.status === 'opt-out' && rec.status === 'opt-in')) {
    const held = { ...cur }
    ctx.log.append('stale', rec, held, held, idReused)
    return { outcome: 'stale', entry: prev, idReused }
  }
  return applyUpdate(ctx, prev, rec, idReused)
}

/**
 * Creates an in-memory consent ledger: contact-point consent records with purposes, topics and
 * enforcement models, upserts with an audit history and conflict detection. Memory grows with the
 * number of subjects, not with writes (unless history is kept in memory). Runs in Node and
 * browsers; persistence goes through a {@link LedgerStore}.
 *
 * @throws ConsentError `invalid-option` for a negative conflict window or an unknown conflict rule,
 * `invalid-profile` (naming the field) for a profile that does not match the schema,
 * `invalid-record` for a snapshot entry that fails the record check.
 * @example
 * const ledger = createLedger()
 * ledger.write({ contactPoint: 'holly@contoso.com', purpose: 'commercial', status: 'opt-out' })
 * canContact(ledger, { contactPoint: 'Holly@contoso.com', channel: 'email', purpose: 'commercial' }).allowed // false
 */
export function createLedger(given: LedgerOptions = {}): Ledger {
  // Own options only: an inherited `conflictRule: 'latest'` (a polluted prototype) is no option.
  const options = ownCopy(given)
  const profile = validateProfile(options.profile ?? defaultProfile)
  const origin = options.origin ?? 'ledger'
  const windowMs = options.conflictWindowMs ?? 86_400_000
  const rule = options.conflictRule ?? 'most-restrictive'
  const now = options.now ?? Date.now
  if (!(windowMs >= 0)) throw ledgerError('invalid-option', 'conflictWindowMs must be 0 or more')
  if (rule !== 'most-restrictive' && rule !== 'latest' && typeof rule !== 'function')
    throw ledgerError('invalid-option', `conflictRule must be "most-restrictive", "latest" or a function, got ${JSON.stringify(rule)}`)
  const validate = createRecordValidator(profile, { origin, now, defaultRegion: options.defaultRegion, time: options.time })
  const index = createSubjectIndex()
  const log = createHistoryLog(options.history ?? 'memory', now, options.historyLength ?? 0)
  const ctx: WriteContext = { index, log, windowMs, rule, ruleName: typeof rule === 'function' ? rule.name || 'custom' : rule }
  // A snapshot is a write path too: each record goes through the one check (a stored clock may be
  // ahead), so an opt-out kept as "Holly@Contoso.com" is found by the lookups, not lost.
  const restore = createRecordValidator(profile, { origin, now, defaultRegion: options.defaultRegion, maxFutureMs: Number.POSITIVE_INFINITY })
  for (const entry of options.entries ?? []) {
    const { record, conflict } = ownCopy(entry)
    index.insert(conflict ? { record: restore(record as ConsentRecord), conflict } : { record: restore(record as ConsentRecord) })
  }

  return {
    profile,
    origin,
    get size() {
      return index.size
    },
    get historyLength() {
      return log.length
    },
    write: (input) => applyWrite(ctx, input, validate(input)),
    get: (query) => findEntry(profile, options, (channel, contactPoint) => index.byContact[channel].get(contactPoint), query),
    getById: (id) => index.byId.get(id),
    entries: () => index.entries(),
    history: () => log.kept,
    subscribe: (listener) => log.subscribe(listener),
  }
}
