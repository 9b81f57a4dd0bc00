import type { Ledger } from './create-ledger.js'
import type { ConsentRecord, ConsentRecordInput, WriteOutcome } from './types.js'

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
   * the record is this ledger's own write coming back, so two systems never ping-pong.
   */
  receive(record: ConsentRecordInput): WriteOutcome | 'echo'
  /** Counts for monitoring: sent out, received in, echoes dropped. */
  stats(): { sent: number; received: number; echoes: number }
  stop(): void
}

/**
 * Mirrors a ledger to and from one external system without loops. Every record carries its
 * origin; outgoing changes that came from this system are not sent back to it, and incoming
 * records whose origin is this ledger's own (our write, echoed by the other side's change
 * trigger) are dropped. Repeats of a record already held are idempotent anyway, so an echo that
 * lost its origin still ends the loop after one round as long as its time is kept.
 *
 * @example
 * const crm = createSyncAdapter(ledger, { origin: 'crm', send: (r) => crmApi.upsert(r) })
 * crmWebhook.on('change', (row) => crm.receive(row))
 */
export function createSyncAdapter(ledger: Ledger, options: SyncAdapterOptions): SyncAdapter {
  const { origin, send } = options
  const counts = { sent: 0, received: 0, echoes: 0 }
  const fail = (error: unknown, record: ConsentRecord) => {
    if (options.onError) options.onError(error, record)
    else
      queueMicrotask(() => {
        throw error
      })
  }
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
      if (record.origin === ledger.origin) {
        counts.echoes++
        return 'echo'
      }
      counts.received++
      return ledger.write({ ...record, origin: record.origin ?? origin }).outcome
    },
    stats: () => ({ ...counts }),
    stop,
  }
}
