import type { Ledger } from './create-ledger.js'
import { parseTime } from './parse-time.js'
import type { ConsentRecord, ConsentRecordInput, WriteOutcome } from './types.js'
import { ledgerError } from './ledger-error.js'
import { ownCopy } from './own-copy.js'

/**
 * Options for {@link createSyncAdapter}.
 * @example
 * const options: SyncAdapterOptions = {
 *   origin: 'crm',
 *   send: (record) => crmApi.upsert(record),
 *   onError: (error, record) => console.error(`CRM rejected ${record.id}`, error),
 * }
 * createSyncAdapter(ledger, options)
 */
export interface SyncAdapterOptions {
  /**
   * The external system's origin name. Records it sends in are stamped with it (unless they carry
   * an origin of their own), and changes carrying it are never mirrored back to it.
   */
  origin: string
  /** Mirrors one ledger change out to the external system. Errors go to `onError`. */
  send: (record: ConsentRecord) => void | Promise<void>
  /**
   * An incoming row with our marker and the status of the record held now is an echo when its
   * time is within this many ms of that record's time (the other side may stamp its own modified time).
   * @default 600_000 (10 minutes)
   */
  echoWindowMs?: number | undefined
  /** @default rethrown on a microtask (an unhandled error) */
  onError?: ((error: unknown, record: ConsentRecord) => void) | undefined
}

/**
 * The object returned by {@link createSyncAdapter}.
 * @example
 * const crm: SyncAdapter = createSyncAdapter(ledger, { origin: 'crm', send: (record) => crmApi.upsert(record) })
 * crmWebhook.on('change', (row) => crm.receive(row))
 * setInterval(() => console.log(crm.stats()), 60_000) // echoes > 0 means a loop was stopped
 */
export interface SyncAdapter {
  /**
   * Applies a record coming from the external system. Returns `'echo'` (and writes nothing) when
   * the record is this ledger's own write coming back (our origin marker AND the status and time
   * of the record held now), so two systems never ping-pong. A row that still carries our marker but says
   * something else is a real change made over there and is written.
   * @throws ConsentError `invalid-record` for a record that fails validation.
   */
  receive(record: ConsentRecordInput): WriteOutcome | 'echo'
  /** Counts for monitoring: sent out, received in, echoes dropped. */
  stats(): { sent: number; received: number; echoes: number }
  stop(): void
}

/**
 * Mirrors a ledger to and from one external system without loops. Every record carries its
 * origin; outgoing changes that came from this system are not sent back to it. An incoming record
 * is an echo only by content: it carries this ledger's origin marker and the status of the record
 * this ledger holds now for that subject, at that time (within `echoWindowMs`); a record sent
 * earlier and since superseded never makes an incoming change an echo. Repeats of a record already held are idempotent
 * anyway, so an echo that lost its origin still ends the loop after one round.
 *
 * @throws ConsentError `invalid-option` without an own `origin` string or `send` function.
 * @example
 * const crm = createSyncAdapter(ledger, { origin: 'crm', send: (r) => crmApi.upsert(r) })
 * crmWebhook.on('change', (row) => crm.receive(row))
 */
export function createSyncAdapter(ledger: Ledger, given: SyncAdapterOptions): SyncAdapter {
  const options = ownCopy(given)
  const { origin, send } = options
  // Without them every change would throw at the first send, or mirror back the system's own.
  if (typeof send !== 'function' || typeof origin !== 'string' || origin === '') throw ledgerError('invalid-option', 'createSyncAdapter needs `origin` (a non-empty string) and `send` (a function)')
  const counts = { sent: 0, received: 0, echoes: 0 }
  const fail = (error: unknown, record: ConsentRecord) => {
    if (options.onError) options.onError(error, record)
    else
      queueMicrotask(() => {
        throw error
      })
  }
  const echoWindow = options.echoWindowMs ?? 600_000
  const stop = ledger.subscribe((change) => {
    const record = change.current
    if (record.origin === origin) return
    counts.sent++
    try {
      const pending = send(record)
      if (pending && typeof pending.then === 'function') pending.then(undefined, (error: unknown) => fail(error, record))
    } catch (error) {
      fail(error, record)
    }
  })
  return {
    receive(record) {
      // An echo is judged against the record as it is now, never against something sent earlier
      // and since superseded (that could drop a real opt-out made over there). The current record
      // is what this ledger last sent for the subject, unless it came from that system (then it
      // was not sent, and a repeat of it changes nothing). So an echo says what the ledger
      // already holds: it can never be a change, toward opt-out or any other status.
      if (record?.origin === ledger.origin) {
        const held = ledger.get(record)?.record
        const time = record.time instanceof Date ? record.time.getTime() : typeof record.time === 'string' ? parseTime(record.time) : record.time
        if (held && typeof time === 'number' && held.status === record.status && Math.abs(held.time - time) <= echoWindow) {
          counts.echoes++
          return 'echo'
        }
      }
      counts.received++
      // Our marker on a changed row is stale: the change was made over there.
      const from = record?.origin === undefined || record.origin === ledger.origin ? origin : record.origin
      return ledger.write({ ...record, origin: from }).outcome
    },
    stats: () => ({ ...counts }),
    stop,
  }
}
