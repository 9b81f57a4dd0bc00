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
  let memory: HeldCall[] = []
  let storage: Storage | undefined
  let dropped = 0
  const fail = (count: number | 'all', message: string, cause?: unknown) => {
    if (count !== 'all') dropped += count
    consent.report(new ConsentError('calls-dropped', `consentry: ${count} held call(s) ${message}`, cause))
  }
  // Calls held in memory are lost when the visitor leaves the page before consent.
  const MEMORY = 'kept in memory: sessionStorage failed'
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
  try {
    if (key) storage = window.sessionStorage
  } catch (error) {
    // Blocked storage (sandboxed frame, privacy mode): memory only.
    fail(0, MEMORY, error)
  }
  const read = (): HeldCall[] => {
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
  }
  const fresh = (calls: HeldCall[]) => {
    const oldest = Date.now() - maxAgeMs
    const kept = calls.filter((c) => c.at >= oldest)
    if (kept.length < calls.length) fail(calls.length - kept.length, 'too old (maxAgeMs), dropped')
    return kept
  }
  return {
    hold(method, args) {
      const list = [...args]
      // Callbacks cannot be stored; held in memory, a call keeps them.
      if (storage) while (typeof list[list.length - 1] === 'function') list.pop()
      let call: HeldCall
      try {
        call = { method, args: storage ? (JSON.parse(JSON.stringify(list)) as unknown[]) : list, at: Date.now() }
      } catch (error) {
        return fail(1, `(${method}) not serialisable, dropped`, error)
      }
      const from = storage
      const before = fresh(read())
      // How many of them are in storage (none when reading it just failed).
      const stored = from && storage ? before.length : 0
      let calls = [...before, call]
      let size = JSON.stringify(calls).length
      let lost = 0
      while (calls.length > maxEvents || (calls.length > 0 && size > maxBytes)) {
        size -= JSON.stringify(calls.shift()).length + 1
        lost++
      }
      if (lost) fail(lost, `dropped: buffer full, ${dropped + lost} on this page`)
      try {
        storage?.setItem(key!, JSON.stringify(calls))
      } catch (error) {
        calls = leave(error, calls, Math.max(0, stored - lost))
      }
      memory = calls
    },
    take() {
      const calls = fresh(read())
      memory = []
      try {
        storage?.removeItem(key!)
      } catch (error) {
        return leave(error, calls, calls.length)
      }
      return calls
    },
    get dropped() {
      return dropped
    },
  }
}
