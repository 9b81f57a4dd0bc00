import { findEntry } from './create-ledger.js'
import type { Ledger } from './create-ledger.js'
import { ownCopy } from './own-copy.js'
import { resolveSubject } from './resolve-subject.js'
import { channelOf } from './validate-record.js'
import type { Channel, ComplianceProfile, ConsentRecord, EnforcementModel, LedgerEntry } from './types.js'

/**
 * Why {@link canContact} answered as it did.
 * Support staff need the why, not only the yes or no, to answer a complaint.
 * @example
 * const reason: ContactReason = canContact(ledger, { contactPoint: 'a@b.example', channel: 'sms', purpose: 'commercial' }).reason
 * if (reason === 'channel-needs-opt-in') console.log('SMS marketing needs an explicit opt-in first')
 */
export type ContactReason =
  /** A record decided (see `record`). */
  | 'record'
  /** The enforcement model is `disabled`: always allowed. */
  | 'disabled'
  /** `non-restrictive` and no opt-out record. */
  | 'non-restrictive-default'
  /** `restrictive` and no opt-in record. */
  | 'restrictive-default'
  /** A commercial purpose on SMS or a custom channel and no opt-in record. */
  | 'channel-needs-opt-in'
  /** The topic's purpose is not allowed, so the topic is not either. */
  | 'purpose-denied'
  /** The profile has no such purpose/topic: fail closed. */
  | 'unknown-subject'
  /** The question or the stored data could not be read: fail closed (see `explanation`). */
  | 'error'

/**
 * The answer of {@link canContact}.
 * @example
 * const decision: ContactDecision = canContact(ledger, { contactPoint: 'a@b.example', channel: 'email', purpose: 'newsletter' })
 * if (!decision.allowed) console.log(decision.explanation, decision.purposeDecision?.reason)
 */
export interface ContactDecision {
  allowed: boolean
  reason: ContactReason
  /** The record that decided, when one did. */
  record?: ConsentRecord | undefined
  /** The enforcement model that applied. */
  enforcement?: EnforcementModel | undefined
  /** For a topic: the purpose's own decision. */
  purposeDecision?: ContactDecision | undefined
  /** True when the deciding record settled a conflict; `records` holds both sides. */
  conflict?: boolean | undefined
  records?: readonly [ConsentRecord, ConsentRecord] | undefined
  /** One line for logs and support tickets. */
  explanation: string
}

/**
 * What {@link canContact} asks about.
 * @example
 * const question: ContactQuestion = { contactPoint: 'frank@contoso.com', channel: 'email', purpose: 'Commercial', topic: 'Newsletter' }
 * canContact(ledger, question).allowed
 */
export interface ContactQuestion {
  contactPoint: string
  channel: Channel
  /** Purpose id or name. A topic id or name also works and implies its purpose. */
  purpose: string
  /** Topic id or name under `purpose`. */
  topic?: string | undefined
}

/**
 * What {@link canContact} reads: a profile and a lookup by subject. A {@link Ledger} is one; the
 * database store builds one per contact point.
 * @example
 * const reader: LedgerReader = ledger
 * canContact(reader, { contactPoint: 'a@b.example', channel: 'email', purpose: 'commercial' })
 */
export type LedgerReader = Pick<Ledger, 'profile' | 'get'>

/** @internal A reader over entries already read and checked (one contact point's, from a store). */
export const readerOf = (profile: ComplianceProfile, entries: readonly LedgerEntry[]): LedgerReader => ({
  profile,
  get: (query) => findEntry(profile, {}, (c, p) => entries.filter((e) => e.record.channel === c && e.record.contactPoint === p), query),
})

const dateOf = (time: number) => {
  const date = new Date(time)
  return Number.isNaN(date.getTime()) ? `time ${time}` : date.toISOString()
}

function decide(ledger: LedgerReader, q: ContactQuestion, subjectId: string, enforcement: EnforcementModel, commercial: boolean, topic: string | undefined): ContactDecision {
  const what = topic === undefined ? `purpose "${subjectId}"` : `topic "${topic}"`
  // Seed 003: SMS and custom channels of a commercial purpose always need an explicit opt-in,
  // whatever the purpose's (or topic's) own enforcement model says, `disabled` included.
  const channelRule = commercial && q.channel !== 'email'
  if (enforcement === 'disabled' && !channelRule) return { allowed: true, reason: 'disabled', enforcement, explanation: `${what} is disabled: always allowed` }
  const entry = ledger.get({ contactPoint: q.contactPoint, channel: q.channel, purpose: subjectId, topic })
  if (entry) {
    const { record } = entry
    const decision: ContactDecision = {
      allowed: record.status === 'opt-in',
      reason: 'record',
      record,
      enforcement,
      explanation: `${record.status} record ${record.id} for ${what} (source ${record.source}, ${dateOf(record.time)})`,
    }
    if (entry.conflict) {
      decision.conflict = true
      decision.records = entry.conflict.records
      decision.explanation += `; conflicting records settled by rule "${entry.conflict.rule}"`
    }
    return decision
  }
  if (enforcement === 'restrictive' && !channelRule) {
    return { allowed: false, reason: 'restrictive-default', enforcement, explanation: `${what} is restrictive and has no opt-in record` }
  }
  if (channelRule) {
    return {
      allowed: false,
      reason: 'channel-needs-opt-in',
      enforcement,
      explanation: `${what} is commercial: ${q.channel} needs an explicit opt-in record`,
    }
  }
  // Only the permissive model allows without a record: a misspelled or missing one (a hand-built
  // reader's profile is not validated) is denied and says why.
  if (enforcement !== 'non-restrictive') {
    return { allowed: false, reason: 'error', enforcement, explanation: `${what} has no enforcement model canContact knows (${JSON.stringify(enforcement)}): not allowed` }
  }
  return { allowed: true, reason: 'non-restrictive-default', enforcement, explanation: `${what} is non-restrictive and has no opt-out record` }
}

/**
 * Whether a contact point may be contacted on a channel for a purpose (and topic), and why: the
 * record or the enforcement default that decided. A topic is allowed only while its purpose is.
 * Unknown purposes and topics are denied. Never throws: a question or record it cannot read is
 * answered `allowed: false` with reason `error`.
 *
 * @example
 * const answer = canContact(ledger, { contactPoint: 'frank@contoso.com', channel: 'email', purpose: 'commercial', topic: 'newsletter' })
 * if (!answer.allowed) console.log(answer.explanation)
 */
export function canContact(ledger: LedgerReader, question: ContactQuestion): ContactDecision {
  try {
    return answer(ledger, question)
  } catch (error) {
    return { allowed: false, reason: 'error', explanation: `cannot decide, so not allowed: ${error instanceof Error ? error.message : String(error)}` }
  }
}

function answer(ledger: LedgerReader, given: ContactQuestion): ContactDecision {
  // Own fields only: an inherited channel or purpose (a polluted prototype) is a missing one.
  let question = ownCopy(given) as ContactQuestion
  const channel = channelOf(question.channel)
  if (!channel) return { allowed: false, reason: 'error', explanation: `unknown channel "${String(question.channel)}": not allowed` }
  if (typeof question.contactPoint !== 'string' || typeof question.purpose !== 'string') {
    return { allowed: false, reason: 'error', explanation: 'contactPoint and purpose must be strings: not allowed' }
  }
  question = { ...question, channel }
  const subject = resolveSubject(ledger.profile, question.purpose, question.topic)
  if (!subject) {
    return {
      allowed: false,
      reason: 'unknown-subject',
      explanation: `profile "${ledger.profile.id}" has no purpose/topic "${question.purpose}${question.topic === undefined ? '' : `/${question.topic}`}"`,
    }
  }
  const { purpose, topic } = subject
  // Only a transactional purpose is free of the channel rule: an unknown type keeps it.
  const commercial = purpose.type !== 'transactional'
  const purposeDecision = decide(ledger, question, purpose.id, purpose.enforcement, commercial, undefined)
  if (!topic) return purposeDecision
  if (!purposeDecision.allowed) {
    return {
      allowed: false,
      reason: 'purpose-denied',
      purposeDecision,
      explanation: `topic "${topic.id}" denied because its purpose is: ${purposeDecision.explanation}`,
    }
  }
  return { ...decide(ledger, question, purpose.id, subject.enforcement, commercial, topic.id), purposeDecision }
}
