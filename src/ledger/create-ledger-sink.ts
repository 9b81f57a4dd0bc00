import { ConsentError } from 'consentry'
import type { ConsentManager, ConsentState } from 'consentry'
import type { Channel, ConsentRecordInput } from './types.js'
import { ownCopy } from './own-copy.js'

/**
 * A consentry category's place in the ledger: a purpose id, or a purpose and topic.
 * @example
 * const subjects: Record<string, LedgerSubject> = { marketing: 'commercial', news: { purpose: 'commercial', topic: 'newsletter' } }
 * createLedgerSink(consent, { url: '/consent-ledger', subjects })
 */
export type LedgerSubject = string | { purpose: string; topic?: string | undefined }

/**
 * Options for {@link createLedgerSink}.
 * @example
 * const options: LedgerSinkOptions = {
 *   subjects: { marketing: 'commercial' },
 *   // Deliver through your own API client; `false` keeps the batch for a retry.
 *   send: async (records) => (await fetch('/api/consent', { method: 'POST', body: JSON.stringify({ records }) })).ok,
 *   channel: 'email',
 *   retryMs: 10_000,
 * }
 * createLedgerSink(consent, options)
 */
export interface LedgerSinkOptions {
  /** The visitor's contact point when already known; otherwise call `identify()` later. */
  contactPoint?: string | undefined
  /** @default 'email' */
  channel?: Channel | undefined
  /** Category id → ledger purpose/topic. Categories not listed are not sent. */
  subjects: Readonly<Record<string, LedgerSubject>>
  /** Endpoint that receives `{"records":[...]}` through `navigator.sendBeacon` (as text/plain). */
  url?: string | undefined
  /**
   * Delivers a batch instead of `url`. Resolving means accepted, except to `false` or to an
   * object with a boolean `ok` that is not `true` (a fetch `Response` the server refused): those,
   * a throw or a rejection keep the batch for a retry.
   */
  send?: ((records: ConsentRecordInput[]) => unknown) | undefined
  /**
   * Origin stamped on the records. The default names this browser (`browser:` + a random id kept
   * in localStorage), so the ledger can tell two devices apart when it looks for conflicts while
   * one device changing its mind is never a conflict.
   * @default 'browser:<device id>'
   */
  origin?: string | undefined
  /** localStorage key of the outbox. @default 'consentry-ledger-outbox' */
  storageKey?: string | undefined
  /** First retry delay, 0 to 2147483647 ms (else reported, and 5000 is used); doubles up to five minutes. @default 5000 */
  retryMs?: number | undefined
  /** Oldest records are dropped (and reported) beyond this many. @default 500 */
  maxPending?: number | undefined
}

/**
 * The object returned by {@link createLedgerSink}.
 * @example
 * const sink: LedgerSink = createLedgerSink(consent, { url: '/consent-ledger', subjects: { marketing: 'commercial' } })
 * sink.identify('holly@contoso.com') // after sign-in: the current decision is queued for her
 * addEventListener('pagehide', () => void sink.flush())
 */
export interface LedgerSink {
  /** Sets the visitor's contact point; a decision already made is sent for it. */
  identify(contactPoint: string): void
  /** Tries to deliver what is pending now. Resolves true when nothing is left. */
  flush(): Promise<boolean>
  /** Records waiting for delivery (this page's and earlier pages'). */
  pending(): number
  stop(): void
}

interface Held {
  uid: string
  record: ConsentRecordInput
}

const SOURCES: Partial<Record<ConsentState['source'], string>> = { user: 'preference-center', cmp: 'cmp', gpc: 'gpc', storage: 'stored-decision' }

type Fail = (message: string, cause?: unknown) => void

/**
 * The outbox in localStorage (read and written around every change so two tabs never overwrite
 * each other's records), the last-queued marker and the device id; memory only once storage fails.
 */
type Outbox = ReturnType<typeof createOutbox>

function createOutbox(key: string, fail: Fail) {
  let memory: Held[] = []
  let broken = false
  let lastMarker: string | undefined
  let device: string | undefined
  return {
    load(): Held[] {
      if (broken) return memory
      try {
        const text = localStorage.getItem(key)
        const value: unknown = text ? JSON.parse(text) : []
        return Array.isArray(value) ? (value.filter((h) => h && typeof h.uid === 'string' && h.record) as Held[]) : []
      } catch (error) {
        broken = true
        fail('the outbox in localStorage cannot be read; records are kept for this page only', error)
        return memory
      }
    },
    save(held: Held[]): void {
      memory = held
      if (broken) return
      try {
        localStorage.setItem(key, JSON.stringify(held))
      } catch (error) {
        broken = true
        fail('the outbox cannot be written to localStorage; records are kept for this page only', error)
      }
    },
    // The last decision queued, so a decision restored on the next page is not sent again.
    marker(): string | undefined {
      try {
        return broken ? lastMarker : (localStorage.getItem(`${key}:last`) ?? undefined)
      } catch {
        return lastMarker
      }
    },
    mark(value: string): void {
      lastMarker = value
      try {
        if (!broken) localStorage.setItem(`${key}:last`, value)
      } catch {
        // save() reports storage failures; the in-memory marker still works for this page.
      }
    },
    device(): string {
      if (device) return device
      const fresh = () => `browser:${Date.now().toString(36)}${Math.random().toString(36).slice(2, 10)}`
      try {
        device = localStorage.getItem(`${key}:device`) ?? undefined
        if (!device) {
          device = fresh()
          localStorage.setItem(`${key}:device`, device)
        }
      } catch {
        device = fresh()
      }
      return device
    },
  }
}

/**
 * Whether what `send` resolved to accepts the batch. `send: (r) => fetch(url, …)` resolves to a
 * Response even when the server answered 500: counting that as accepted would drop the records.
 */
function accepted(result: unknown, fail: Fail): boolean {
  const ok = typeof result === 'object' && result !== null ? (result as { ok?: unknown }).ok : undefined
  if (typeof ok === 'boolean' && !ok) {
    fail(`the server refused the consent records (status ${String((result as { status?: unknown }).status)}); they stay queued`)
    return false
  }
  return result !== false
}

/** Delivers a batch through `send` or a beacon; false (kept for a retry) on any failure. */
async function deliver(options: LedgerSinkOptions, records: ConsentRecordInput[], fail: Fail): Promise<boolean> {
  try {
    if (options.send) return accepted(await options.send(records), fail)
    const beacon = typeof navigator !== 'undefined' ? navigator.sendBeacon?.bind(navigator) : undefined
    if (!beacon) return false
    return beacon(options.url!, JSON.stringify({ records }))
  } catch (error) {
    fail('delivering consent records failed; they stay queued', error)
    return false
  }
}

/** One record per mapped category of a decision. */
function recordsOf(state: ConsentState, options: LedgerSinkOptions, contactPoint: string, origin: () => string): Held[] {
  const source = SOURCES[state.source] ?? state.source
  const records: Held[] = []
  for (const [category, subject] of Object.entries(options.subjects)) {
    // Own properties only: a subjects key such as "constructor" must not read the prototype's
    // member as a grant. Only `true` is an opt-in.
    const granted = Object.hasOwn(state.categoryPreferences, category) ? state.categoryPreferences[category] : undefined
    if (granted === undefined) continue
    const record: ConsentRecordInput = {
      contactPoint,
      channel: options.channel ?? 'email',
      purpose: typeof subject === 'string' ? subject : subject.purpose,
      status: granted === true ? 'opt-in' : 'opt-out',
      source,
      reason: state.source,
      reasonDescription: `consentry receipt ${state.id} (policy ${state.policyVersion})`,
      time: state.updatedAt,
      origin: options.origin ?? origin(),
    }
    if (typeof subject === 'object' && subject.topic !== undefined) record.topic = subject.topic
    records.push({ uid: `${state.id}:${category}:${contactPoint}`, record })
  }
  return records
}

/**
 * Sends consent decisions to a consent ledger once the visitor's contact point is known: every
 * preference-center save or CMP change becomes one ledger record per mapped category. Records are
 * held in localStorage until the sink accepts them and retried with backoff, so a reload or an
 * offline moment loses nothing.
 *
 * @throws ConsentError `invalid-option` (in every build) without `url` or `send`, or without `subjects`.
 * @example
 * const sink = createLedgerSink(consent, { url: '/consent-ledger', subjects: { marketing: 'commercial', news: { purpose: 'commercial', topic: 'newsletter' } } })
 * form.addEventListener('submit', () => sink.identify(form.email.value))
 */
export function createLedgerSink(consent: ConsentManager, given: LedgerSinkOptions): LedgerSink {
  // Own options only: an inherited `channel` (a polluted prototype) must not move the records.
  const options = ownCopy(given) as LedgerSinkOptions
  checkSinkOptions(options)
  const maxPending = options.maxPending ?? 500
  let contactPoint = options.contactPoint?.trim() || undefined
  const fail: Fail = (message, cause) => consent.report(new ConsentError('sink-failed', `consentry/ledger: ${message}`, cause))
  const outbox = createOutbox(options.storageKey ?? 'consentry-ledger-outbox', fail)
  const sender = createSender(options.retryMs === undefined || isDelay(options.retryMs) ? options : badRetry(consent, options), outbox, fail)

  const emit = (state: ConsentState) => {
    if (!contactPoint || state.status !== 'decided') return
    const mark = `${contactPoint}|${state.id}`
    if (outbox.marker() === mark) return
    const records = recordsOf(state, options, contactPoint, outbox.device)
    if (records.length === 0) return
    enqueue(outbox, records, maxPending, fail)
    outbox.mark(mark)
    void sender.flush()
  }

  // A decision restored from the cookie goes out too unless it is the one last queued (the marker),
  // so a choice made on a page without the sink still reaches the ledger once.
  const unsubscribe = consent.subscribe(emit)
  const online = () => sender.retryNow()
  if (typeof addEventListener === 'function') addEventListener('online', online)
  // Records left by an earlier page go out as soon as the sink exists.
  if (outbox.load().length) void sender.flush()
  if (contactPoint) emit(consent.get())

  return {
    identify(value) {
      const next = typeof value === 'string' ? value.trim() : ''
      if (!next) {
        fail('identify() needs a non-empty contact point')
        return
      }
      if (next === contactPoint) return
      contactPoint = next
      emit(consent.get())
    },
    flush: sender.flush,
    pending: () => outbox.load().length,
    stop() {
      sender.stop()
      unsubscribe()
      if (typeof removeEventListener === 'function') removeEventListener('online', online)
    },
  }
}

// Above 2^31-1 ms setTimeout fires at once, and NaN or a negative delay retries without pause.
const isDelay = (ms: unknown) => typeof ms === 'number' && ms >= 0 && ms <= 2147483647

/** Reports an unusable `retryMs` and goes on with the default. */
function badRetry(consent: ConsentManager, options: LedgerSinkOptions): LedgerSinkOptions {
  consent.report(new ConsentError('invalid-option', `consentry/ledger: retryMs must be a number of milliseconds from 0 to 2147483647; received ${String(options.retryMs)}, 5000 is used`))
  return { ...options, retryMs: 5000 }
}

/** In every build: without them a production sink would beacon records to "undefined" or throw on the first decision. */
function checkSinkOptions(options: LedgerSinkOptions): void {
  if (!options || (!options.url && typeof options.send !== 'function')) {
    throw new ConsentError('invalid-option', 'consentry/ledger: createLedgerSink needs `url` or `send`')
  }
  if (!options.subjects || typeof options.subjects !== 'object') {
    throw new ConsentError('invalid-option', 'consentry/ledger: createLedgerSink needs `subjects` (category id → purpose/topic)')
  }
}

/** Adds a decision's records to the outbox, replacing earlier copies of them; beyond `maxPending` the oldest go, reported. */
function enqueue(outbox: Outbox, records: Held[], maxPending: number, fail: Fail): void {
  const fresh = new Set(records.map((r) => r.uid))
  let held = outbox
    .load()
    .filter((h) => !fresh.has(h.uid))
    .concat(records)
  if (held.length > maxPending) {
    fail(`the outbox holds more than ${maxPending} records; the oldest ${held.length - maxPending} were dropped`)
    held = held.slice(held.length - maxPending)
  }
  outbox.save(held)
}

/**
 * Delivers what the outbox holds, one send at a time; a refused or failed send is retried after
 * `retryMs`, doubling up to five minutes. Records leave the outbox only once the sink accepts them.
 */
function createSender(options: LedgerSinkOptions, outbox: Outbox, fail: Fail) {
  const firstDelay = options.retryMs ?? 5000
  let timer: ReturnType<typeof setTimeout> | undefined
  let delay = firstDelay
  let sending: Promise<boolean> | undefined
  let stopped = false

  const schedule = () => {
    if (stopped || timer !== undefined) return
    timer = setTimeout(() => {
      timer = undefined
      void flush()
    }, delay)
    delay = Math.min(delay * 2, 300_000)
  }

  const flush = (): Promise<boolean> => {
    if (sending) return sending.then(() => flush())
    const held = outbox.load()
    if (held.length === 0 || stopped) return Promise.resolve(held.length === 0)
    sending = deliver(
      options,
      held.map((h) => h.record),
      fail,
    ).then((accepted) => {
      sending = undefined
      if (accepted) {
        const sent = new Set(held.map((h) => h.uid))
        outbox.save(outbox.load().filter((h) => !sent.has(h.uid)))
        delay = firstDelay
      } else schedule()
      return outbox.load().length === 0
    })
    return sending
  }

  return {
    flush,
    /** The connection is back: send now, with the backoff reset. */
    retryNow() {
      delay = firstDelay
      void flush()
    },
    stop() {
      stopped = true
      if (timer !== undefined) clearTimeout(timer)
      timer = undefined
    },
  }
}
