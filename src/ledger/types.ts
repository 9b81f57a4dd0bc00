/**
 * Where a message goes: an email address, a phone number (SMS) or a custom channel address.
 * @example
 * // The same address can hold different answers per channel: a Commercial email opt-out says
 * // nothing about SMS.
 * const channel: Channel = 'sms'
 * canContact(ledger, { contactPoint: '+1 555 010 2000', channel, purpose: 'commercial' })
 */
export type Channel = 'email' | 'sms' | 'custom'

/**
 * What a consent record says about its subject.
 * @example
 * const status: ConsentRecordStatus = statusFromValue(row['Consent value']) ?? 'opt-out' // unreadable: fail closed
 * ledger.write({ contactPoint: 'holly@contoso.com', purpose: 'commercial', status })
 */
export type ConsentRecordStatus = 'opt-in' | 'opt-out'

/**
 * How a purpose (or topic) behaves without a record:
 * - `restrictive`: contact needs an explicit opt-in record.
 * - `non-restrictive`: contact is allowed unless an opt-out record exists.
 * - `disabled`: contact is always allowed; records are kept for audit only.
 * @example
 * const topic = { id: 'offers', name: 'Partner offers', enforcement: 'restrictive' satisfies EnforcementModel }
 */
export type EnforcementModel = 'restrictive' | 'non-restrictive' | 'disabled'

/**
 * `commercial` purposes need an explicit opt-in on SMS and custom channels whatever their email
 * enforcement says; `transactional` purposes follow their enforcement model on every channel.
 * @example
 * const receipts: Purpose = { id: 'receipts', name: 'Receipts', type: 'transactional' satisfies PurposeType, enforcement: 'disabled' }
 */
export type PurposeType = 'commercial' | 'transactional'

/**
 * A topic: a finer subject under one purpose (for example a newsletter under Commercial).
 * @example
 * const newsletter: Topic = { id: 'newsletter', name: 'Newsletter', enforcement: 'restrictive' } // opt-in even under a non-restrictive purpose
 */
export interface Topic {
  /** Unique across the profile's purposes and topics. */
  id: string
  name: string
  /** Defaults to the enforcement model of its purpose. */
  enforcement?: EnforcementModel | undefined
}

/**
 * A purpose of contact, with its enforcement model and its topics.
 * @example
 * const commercial: Purpose = {
 *   id: 'commercial',
 *   name: 'Commercial',
 *   type: 'commercial',
 *   enforcement: 'non-restrictive',
 *   topics: [{ id: 'newsletter', name: 'Newsletter', enforcement: 'restrictive' }],
 * }
 */
export interface Purpose {
  /** Unique across the profile's purposes and topics. */
  id: string
  name: string
  type: PurposeType
  enforcement: EnforcementModel
  topics?: readonly Topic[] | undefined
}

/**
 * A compliance profile: the purposes (and their topics) a ledger answers for.
 * Regulations differ in what needs an opt-in, so the profile, not the code, carries that.
 * @example
 * const gdpr: ComplianceProfile = {
 *   id: 'gdpr',
 *   name: 'EU (GDPR)',
 *   purposes: [
 *     { id: 'commercial', name: 'Commercial', type: 'commercial', enforcement: 'restrictive' },
 *     { id: 'transactional', name: 'Transactional', type: 'transactional', enforcement: 'disabled' },
 *   ],
 * }
 * const ledger = createLedger({ profile: gdpr })
 */
export interface ComplianceProfile {
  id: string
  name: string
  purposes: readonly Purpose[]
}

/**
 * One contact-point consent record.
 * @example
 * const record: ConsentRecord | undefined = ledger.get({ contactPoint: 'holly@contoso.com', purpose: 'commercial' })?.record
 * if (record) console.log(record.status, record.source, new Date(record.time).toISOString(), record.origin)
 */
export interface ConsentRecord {
  /** Primary key. Generated from the subject when a write gives none. */
  id: string
  /** Normalised contact point (lower-case email, E.164 phone, trimmed custom address). */
  contactPoint: string
  channel: Channel
  /** Purpose id; for a topic record, the topic's purpose. */
  purpose: string
  /** Topic id when the record is about a topic. */
  topic?: string | undefined
  status: ConsentRecordStatus
  /** Where the consent was collected (`import`, `preference-center`, `cmp`, `crm`, ...). */
  source: string
  /** Short machine reason (`no-reason`, `unsubscribe-link`, ...). */
  reason: string
  /** Free text; sync flows put their own marker here in the systems the seeds describe. */
  reasonDescription: string
  /** Epoch milliseconds when the consent was given or withdrawn. */
  time: number
  /** The system or device that wrote this record; sync adapters use it to drop their own echoes. */
  origin: string
  /** Proof of consent: who asked for the change (the contact, an agent, a system). `''` when unknown. */
  requestedBy: string
  /** Proof of consent: the legal basis (`consent`, `legitimate-interest`, `contract`, ...). `''` when unknown. */
  legalBasis: string
  /** Proof of consent: the version of the policy or wording the contact saw. `''` when unknown. */
  policyVersion: string
  /** Proof of consent: the message that triggered the change (an unsubscribe link's email id). `''` when unknown. */
  messageId: string
}

/**
 * What a write needs; everything else has a default.
 * @example
 * const input: ConsentRecordInput = {
 *   contactPoint: 'Holly@Contoso.com', // normalised on write
 *   purpose: 'Newsletter', // a topic name implies its purpose
 *   status: 'opt-in',
 *   source: 'preference-center',
 *   time: '2025-06-01T10:00:00Z', // ISO 8601 with a zone, epoch ms or a Date
 *   requestedBy: 'contact',
 *   legalBasis: 'consent',
 *   policyVersion: 'privacy-2025-05',
 * }
 * ledger.write(input)
 */
export interface ConsentRecordInput {
  id?: string | undefined
  contactPoint: string
  channel?: Channel | undefined
  purpose: string
  topic?: string | undefined
  status: ConsentRecordStatus
  source?: string | undefined
  reason?: string | undefined
  reasonDescription?: string | undefined
  /**
   * Epoch milliseconds, a Date, or an ISO 8601 string with a zone; at most 24 h ahead of the
   * ledger clock. @default the ledger clock
   */
  time?: number | Date | string | undefined
  /** @default the ledger's own origin */
  origin?: string | undefined
  requestedBy?: string | undefined
  legalBasis?: string | undefined
  policyVersion?: string | undefined
  messageId?: string | undefined
}

/**
 * A stored record plus the conflict it is part of, if any. Entries are live: later writes update
 * them in place, so copy what you need to keep (history entries are never changed).
 * @example
 * for (const entry of ledger.entries()) {
 *   if (entry.conflict) console.log(entry.record.contactPoint, 'settled by', entry.conflict.rule, entry.conflict.records)
 * }
 */
export interface LedgerEntry {
  /** The record that decides (after the conflict rule). */
  record: ConsentRecord
  /** Set when two origins gave different decisions inside the conflict window. */
  conflict?: { records: readonly [ConsentRecord, ConsentRecord]; rule: string } | undefined
}

/**
 * What a write did.
 * @example
 * const outcome: WriteOutcome = ledger.write({ contactPoint: 'a@b.example', purpose: 'commercial', status: 'opt-out' }).outcome
 * if (outcome === 'conflict') console.warn('two systems disagree about a@b.example')
 */
export type WriteOutcome = 'created' | 'updated' | 'unchanged' | 'stale' | 'conflict'

/**
 * One line of the append-only audit history.
 * @example
 * ledger.subscribe((change: HistoryEntry) => {
 *   console.log(change.seq, change.outcome, change.previous?.status, '→', change.current.status)
 * })
 */
export interface HistoryEntry {
  /** 1-based position in this ledger's history. */
  seq: number
  /** Epoch milliseconds when the ledger applied (or refused) the write. */
  at: number
  outcome: WriteOutcome
  /** The record as written. */
  record: ConsentRecord
  /** The record that decided before the write, if any. */
  previous?: ConsentRecord | undefined
  /** The record that decides after the write. */
  current: ConsentRecord
  /**
   * `id-reused`: the record's id already belongs to another subject (another contact point or
   * purpose). That record was left alone; this one was applied to its own subject.
   */
  note?: 'id-reused' | undefined
}
