import { ConsentError, type ConsentManager } from 'consentry'

/**
 * Bounds of the pre-consent buffer (an integration's `buffer` option). Oldest calls are dropped
 * first when a bound is hit, and the drop is reported as `calls-dropped`.
 *
 * @example
 * const buffer: BufferOptions = { maxEvents: 50, maxBytes: 32_768, maxAgeMs: 10 * 60_000 }
 */
export interface BufferOptions {
  /** Most calls held at once. @default 100 */
  maxEvents?: number | undefined
  /** Most bytes (JSON length) held at once. @default 65536 */
  maxBytes?: number | undefined
  /** Calls older than this are dropped, never replayed. @default 1_800_000 (30 minutes) */
  maxAgeMs?: number | undefined
}

/** One analytics call held while consent is pending. */
export interface HeldCall {
  method: string
  args: unknown[]
  /** Epoch milliseconds of the original call. */
  at: number
}

/** @internal The persistent, bounded queue every integration holds pre-consent calls in. */
export interface HeldCalls {
  hold(method: string, args: readonly unknown[]): void
  /** Removes and returns every held call still within `maxAgeMs`, oldest first. */
  take(): HeldCall[]
  /** How many calls were dropped because a bound was hit, since this page loaded. */
  readonly dropped: number
}

const isCall = (c: unknown): c is HeldCall => {
  const call = c as HeldCall | null
  return typeof call === 'object' && call !== null && typeof call.method === 'string' && Array.isArray(call.args) && Number.isFinite(call.at)
}

type Fail = (count: number | 'all', message: string, cause?: unknown) => void

// Calls held in memory are lost when the visitor leaves the page before consent.
const MEMORY = 'kept in memory: sessionStorage failed'

/**
 * A queue of calls kept in sessionStorage under `key`, so a navigation or reload within the tab
 * loses none; with no key, in memory for this page only (same bounds, callbacks kept). Stored
 * calls lose their callbacks, which cannot survive a reload. `take()` hands each call out at most
 * once, on this page or a later one; every call it will not hand out is reported as
 * `calls-dropped`. When sessionStorage throws, the queue moves to memory for this page and takes
 * its stored copy out; calls it cannot take out stay stored for a later page, never in both.
 */
export function heldCalls(key: string | undefined, consent: ConsentManager, options: BufferOptions = {}): HeldCalls {
  const { maxEvents = 100, maxBytes = 65_536, maxAgeMs = 1_800_000 } = options
  let dropped = 0
  const fail: Fail = (count, message, cause) => {
    if (count !== 'all') dropped += count
    consent.report(new ConsentError('calls-dropped', `consentry: ${count} held call(s) ${message}`, cause))
  }
  const store = callStore(key, fail)
  const fresh = (calls: HeldCall[]) => {
    const oldest = Date.now() - maxAgeMs
    const kept = calls.filter((c) => c.at >= oldest)
    if (kept.length < calls.length) fail(calls.length - kept.length, 'too old (maxAgeMs), dropped')
    return kept
  }
  return {
    hold(method, args) {
      const from = store.stored()
      const call = toCall(method, args, from, fail)
      if (!call) return
      const before = fresh(store.read())
      // How many of them are in storage (none when reading it just failed).
      const stored = from && store.stored() ? before.length : 0
      const { calls, lost } = bounded([...before, call], maxEvents, maxBytes)
      if (lost) fail(lost, `dropped: buffer full, ${dropped + lost} on this page`)
      store.write(calls, Math.max(0, stored - lost))
    },
    take: () => store.clear(fresh(store.read())),
    get dropped() {
      return dropped
    },
  }
}

/** A call as the queue holds it; undefined (reported) when its arguments cannot be stored. */
function toCall(method: string, args: readonly unknown[], stored: boolean, fail: Fail): HeldCall | undefined {
  // Callbacks cannot be stored (JSON would turn them into null), wherever they are among the
  // arguments (Segment's page context follows them); held in memory, a call keeps them.
  const list = stored ? args.filter((arg) => typeof arg !== 'function') : [...args]
  try {
    return { method, args: stored ? (JSON.parse(JSON.stringify(list)) as unknown[]) : list, at: Date.now() }
  } catch (error) {
    fail(1, `(${method}) not serialisable, dropped`, error)
    return undefined
  }
}

/** The newest calls within both bounds, and how many of the oldest had to go. */
function bounded(calls: HeldCall[], maxEvents: number, maxBytes: number): { calls: HeldCall[]; lost: number } {
  let size = JSON.stringify(calls).length
  let lost = 0
  while (calls.length > maxEvents || (calls.length > 0 && size > maxBytes)) {
    size -= JSON.stringify(calls.shift()).length + 1
    lost++
  }
  return { calls, lost }
}

/**
 * Where held calls live: sessionStorage under `key`, or memory (no key, or storage failed). Once
 * storage throws, this page uses memory and the stored copy is taken out where it can be.
 */
function callStore(key: string | undefined, fail: Fail) {
  let memory: HeldCall[] = []
  let storage: Storage | undefined
  try {
    if (key) storage = window.sessionStorage
  } catch (error) {
    // Blocked storage (sandboxed frame, privacy mode): memory only.
    fail(0, MEMORY, error)
  }
  // Storage threw while `stored` (read from it) was there: memory from now on, and the stored copy
  // goes, so no call is both in memory and stored. Returns the calls memory may keep.
  const leave = (error: unknown, calls: HeldCall[], stored: number): HeldCall[] => {
    storage = undefined
    try {
      window.sessionStorage.removeItem(key!)
    } catch {
      // They stay stored: a later page replays them, so this one must not.
      fail(stored, 'left in sessionStorage for a later page', error)
      calls = calls.slice(stored)
    }
    fail(calls.length, MEMORY, error)
    return calls
  }
  return {
    /** Whether calls are kept in sessionStorage now. */
    stored: () => storage !== undefined,
    read(): HeldCall[] {
      if (!storage) return memory
      let parsed: unknown
      try {
        parsed = JSON.parse(storage.getItem(key!) ?? '[]')
      } catch (error) {
        // Unparsable: dropped (the next write replaces it). getItem threw: left for a later page.
        if (error instanceof SyntaxError) fail('all', 'unreadable in sessionStorage, dropped', error)
        else (storage = undefined), fail(0, MEMORY, error)
        return []
      }
      const list: unknown[] = Array.isArray(parsed) ? parsed : [parsed]
      // Anything but our own shape (tampered, or from another version) is skipped on its own.
      const calls = list.filter(isCall)
      if (calls.length < list.length) fail(list.length - calls.length, 'malformed, skipped')
      return calls
    },
    /** Keeps `calls`; `stored` of them were read from storage (for when writing it fails). */
    write(calls: HeldCall[], stored: number): void {
      try {
        storage?.setItem(key!, JSON.stringify(calls))
      } catch (error) {
        calls = leave(error, calls, stored)
      }
      memory = calls
    },
    /** Empties the queue; returns what this page may replay of `calls`. */
    clear(calls: HeldCall[]): HeldCall[] {
      memory = []
      try {
        storage?.removeItem(key!)
      } catch (error) {
        return leave(error, calls, calls.length)
      }
      return calls
    },
  }
}
