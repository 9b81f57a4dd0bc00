import type { ConsentError } from 'consentry'
import { ledgerError } from './ledger-error.js'
import { ownCopy } from './own-copy.js'
import { hasControl, isFormula, normalizeContactPoint } from './normalize-contact-point.js'
import type { ContactPointOptions } from './normalize-contact-point.js'
import { parseTime } from './parse-time.js'
import type { TimeOptions } from './parse-time.js'
import { resolveSubject } from './resolve-subject.js'
import type { Channel, ComplianceProfile, ConsentRecord, ConsentRecordInput } from './types.js'

/**
 * Options of {@link createRecordValidator}: how contact points and times are read.
 * @example
 * const options: RecordValidatorOptions = { defaultRegion: 'GB', origin: 'crm', time: { timezone: 'Europe/London' } }
 * const validate = createRecordValidator(defaultProfile, options)
 */
export interface RecordValidatorOptions extends ContactPointOptions {
  /** Origin of inputs that name none. @default 'ledger' */
  origin?: string | undefined
  /** How text times are read. @default ISO 8601 with a zone only */
  time?: TimeOptions | undefined
  /** Clock for inputs without a time and for the future limit. @default Date.now */
  now?: (() => number) | undefined
  /** How far ahead of the clock a time may be. @default 86_400_000 (24 h) */
  maxFutureMs?: number | undefined
}

/** @internal The channels a record may name. */
export const CHANNELS: readonly Channel[] = ['email', 'sms', 'custom']

/** @internal Reads a channel case-insensitively; undefined for anything else. */
export const channelOf = (value: unknown): Channel | undefined => {
  if (typeof value !== 'string') return undefined
  const channel = value.trim().toLowerCase()
  return (CHANNELS as readonly string[]).includes(channel) ? (channel as Channel) : undefined
}

/**
 * The record field an `invalid-record` error is about (`''` for the record as a whole).
 * @example
 * const field: RecordField = 'contactPoint'
 */
export type RecordField = keyof ConsentRecordInput | ''

const TEXT_FIELDS = ['id', 'source', 'reason', 'reasonDescription', 'origin', 'requestedBy', 'legalBasis', 'policyVersion', 'messageId'] as const
const LIMITS: Record<(typeof TEXT_FIELDS)[number], number> = {
  id: 200,
  source: 100,
  reason: 100,
  reasonDescription: 500,
  origin: 200,
  requestedBy: 200,
  legalBasis: 100,
  policyVersion: 100,
  messageId: 200,
}

/** @internal The field an `invalid-record` error names. */
export const fieldOf = (error: ConsentError): RecordField => (error as ConsentError & { field?: RecordField }).field ?? ''

const invalid = (field: RecordField, message: string) => Object.assign(ledgerError('invalid-record', `${field || 'record'} ${message}`), { field })

/**
 * A record's own fields, every one of them set (undefined where the record lacks it), so no read
 * reaches a prototype: an inherited `status: 'opt-in'` (a polluted Object.prototype) is a missing
 * status. One literal of fixed shape: this runs once per imported row. A record whose getters or
 * Proxy traps throw reads as empty, and is rejected for its first missing field.
 */
function ownRecord(given: object): Partial<ConsentRecordInput> {
  try {
    const get = (key: keyof ConsentRecordInput) => (Object.hasOwn(given, key) ? (given as ConsentRecordInput)[key] : undefined) as never
    return {
      id: get('id'),
      contactPoint: get('contactPoint'),
      channel: get('channel'),
      purpose: get('purpose'),
      topic: get('topic'),
      status: get('status'),
      source: get('source'),
      reason: get('reason'),
      reasonDescription: get('reasonDescription'),
      time: get('time'),
      origin: get('origin'),
      requestedBy: get('requestedBy'),
      legalBasis: get('legalBasis'),
      policyVersion: get('policyVersion'),
      messageId: get('messageId'),
    }
  } catch {
    return ownRecord({})
  }
}

/** The record's optional text fields, checked: strings free of formulas and control characters, within limits. */
function textFields(input: Partial<ConsentRecordInput>): Partial<Record<(typeof TEXT_FIELDS)[number], string>> {
  // No prototype: a text field the record lacks must not be found on Object.prototype.
  const text: Partial<Record<(typeof TEXT_FIELDS)[number], string>> = Object.create(null)
  for (const field of TEXT_FIELDS) {
    const value = input[field]
    if (value === undefined || value === null || value === '') continue
    if (typeof value !== 'string') throw invalid(field, 'must be a string')
    // Free text may hold line breaks; identifiers may not.
    if (isFormula(value) || (field === 'reasonDescription' ? hasControl(value.replace(/\r?\n/g, ' ')) : hasControl(value)))
      throw invalid(field, `${JSON.stringify(value)} starts with a formula character or holds control characters`)
    if (value.length > LIMITS[field]) throw invalid(field, `is longer than ${LIMITS[field]} characters`)
    text[field] = value
  }
  return text
}

/**
 * The one check every write path goes through (`ledger.write`, imports, sync adapters, the sink's
 * receiver, the CLI and the database store): returns the record in stored form or throws.
 * - contact point valid for its channel (email shape, E.164 phone, no formula, no control chars);
 * - channel `email`/`sms`/`custom` in any case; status exactly `opt-in`/`opt-out`;
 * - purpose/topic in the profile; text fields free of formulas (`= + - @`) and within limits;
 * - time: epoch ms, a Date or strict ISO 8601 with a zone, and no more than 24 h in the future;
 * - only own properties are read: an inherited field counts as missing.
 *
 * @throws ConsentError `invalid-record` whose message starts with the field at fault.
 * @example
 * const validate = createRecordValidator(defaultProfile, { defaultRegion: 'GB' })
 * validate({ contactPoint: '020 7946 0000', channel: 'sms', purpose: 'commercial', status: 'opt-out', time: '2025-06-01T10:00:00Z' })
 * // { contactPoint: '+442079460000', channel: 'sms', ... }
 */
export function createRecordValidator(profile: ComplianceProfile, given: RecordValidatorOptions = {}): (input: ConsentRecordInput) => ConsentRecord {
  const options = ownCopy(given)
  const now = options.now ?? Date.now
  const maxFuture = options.maxFutureMs ?? 86_400_000
  const origin = options.origin ?? 'ledger'
  const timeOf = (value: unknown): number => {
    if (value === undefined) return now()
    let time = NaN
    if (typeof value === 'number') time = Number.isInteger(value) && Math.abs(value) <= 8.64e15 ? value : NaN
    else if (value instanceof Date) time = value.getTime()
    else if (typeof value === 'string') time = parseTime(value, options.time)
    if (!Number.isFinite(time)) {
      throw invalid(
        'time',
        `"${String(value)}" is not ${options.time?.format && options.time.format !== 'iso' ? `a ${options.time.format} time${options.time.timezone ? '' : ' (needs a timezone)'}` : 'an ISO 8601 time with a zone (2025-06-01T10:00:00Z)'}`,
      )
    }
    if (time > now() + maxFuture) throw invalid('time', `${new Date(time).toISOString()} is more than ${maxFuture / 3_600_000} h in the future`)
    return time
  }
  return (given) => {
    if (given === null || typeof given !== 'object') throw invalid('', 'must be an object')
    const input = ownRecord(given)
    const channel = input.channel === undefined ? 'email' : channelOf(input.channel)
    if (!channel) throw invalid('channel', `"${String(input.channel)}" is not email, sms or custom`)
    const contactPoint = normalizeContactPoint(input.contactPoint as string, channel, options)
    if (contactPoint === undefined)
      throw invalid(
        'contactPoint',
        `${JSON.stringify(input.contactPoint ?? null)} is not a valid ${channel === 'sms' ? 'phone number (E.164, or national with a default region)' : `${channel} address`}`,
      )
    if (input.status !== 'opt-in' && input.status !== 'opt-out') throw invalid('status', `must be "opt-in" or "opt-out", got ${JSON.stringify(input.status ?? null)}`)
    const subject = typeof input.purpose === 'string' && (input.topic === undefined || typeof input.topic === 'string') ? resolveSubject(profile, input.purpose, input.topic) : undefined
    if (!subject) throw invalid('purpose', `"${String(input.purpose)}${input.topic === undefined ? '' : `/${String(input.topic)}`}" is not a purpose/topic of profile "${profile.id}"`)
    const text = textFields(input)
    const time = timeOf(input.time)
    const key = subject.topic?.id ?? subject.purpose.id
    // One property order for every record keeps lookups monomorphic.
    return {
      id: text.id ?? `${channel}:${contactPoint}:${key}`,
      contactPoint,
      channel,
      purpose: subject.purpose.id,
      topic: subject.topic?.id,
      status: input.status,
      source: text.source ?? 'api',
      reason: text.reason ?? 'no-reason',
      reasonDescription: text.reasonDescription ?? '',
      time,
      origin: text.origin ?? origin,
      requestedBy: text.requestedBy ?? '',
      legalBasis: text.legalBasis ?? '',
      policyVersion: text.policyVersion ?? '',
      messageId: text.messageId ?? '',
    }
  }
}
