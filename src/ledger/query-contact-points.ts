import { canContact } from './can-contact.js'
import type { Ledger } from './create-ledger.js'
import { ledgerError } from './ledger-error.js'
import { ownCopy } from './own-copy.js'
import { resolveSubject } from './resolve-subject.js'
import { channelOf } from './validate-record.js'
import type { Channel } from './types.js'

/**
 * What {@link queryContactPoints} selects.
 * @example
 * // Everyone who must NOT get the newsletter by email, for a suppression list.
 * const suppress: ContactPointQuery = { option: 'Newsletter', value: false, channel: 'email' }
 * const suppressed = queryContactPoints(ledger, suppress)
 */
export interface ContactPointQuery {
  /** Purpose or topic, by id or name (the seed's "Consent option"). */
  option: string
  /** `true`: contact points that may be contacted; `false`: those that may not. @default true */
  value?: boolean | undefined
  /** @default 'email' */
  channel?: Channel | undefined
}

/**
 * Every known contact point (one that has any record on the channel) whose {@link canContact}
 * answer for `option` equals `value`: the segment rule `Consent option = Newsletter & Consent value
 * = True`, but honouring enforcement defaults and topic-under-purpose. Contact points the ledger
 * has never seen are not listed, even where a non-restrictive default would allow them. Only own
 * properties of `query` are read.
 *
 * @throws ConsentError `invalid-option` for a `value` other than `true`/`false` or an unknown
 * channel (a mistyped query would otherwise list nobody, or the opposite list).
 * @example
 * queryContactPoints(ledger, { option: 'Newsletter', value: true }) // ['frank@contoso.com']
 */
export function queryContactPoints(ledger: Ledger, given: ContactPointQuery): string[] {
  const query = ownCopy(given)
  const channel = query.channel === undefined ? 'email' : channelOf(query.channel)
  if (!channel) throw ledgerError('invalid-option', `queryContactPoints: channel ${JSON.stringify(query.channel)} is not email, sms or custom`)
  const want = query.value ?? true
  if (want !== true && want !== false) throw ledgerError('invalid-option', `queryContactPoints: value must be true or false, got ${JSON.stringify(want)}`)
  const subject = typeof query.option === 'string' ? resolveSubject(ledger.profile, query.option) : undefined
  if (!subject) return []
  const seen = new Set<string>()
  const out: string[] = []
  for (const { record } of ledger.entries()) {
    if (record.channel !== channel || seen.has(record.contactPoint)) continue
    seen.add(record.contactPoint)
    const answer = canContact(ledger, {
      contactPoint: record.contactPoint,
      channel,
      purpose: subject.purpose.id,
      topic: subject.topic?.id,
    })
    if (answer.allowed === want) out.push(record.contactPoint)
  }
  return out
}
