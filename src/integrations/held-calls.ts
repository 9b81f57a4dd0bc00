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

/**
 * A queue of calls kept in sessionStorage under `key`, so a navigation or reload within the tab
 * loses none; with no key, in memory for this page only (same bounds, callbacks kept). Stored
 * calls lose their callbacks, which cannot survive a reload. When sessionStorage is missing or full, calls are held in memory for
 * this page and the failure is reported once.
 */
export function heldCalls(key: string | undefined, consent: ConsentManager, options: BufferOptions = {}): HeldCalls {
  const { maxEvents = 100, maxBytes = 65_536, maxAgeMs = 1_800_000 } = options
  let memory: HeldCall[] = []
  let storage: Storage | undefined
  let dropped = 0
  try {
    if (key) storage = window.sessionStorage
  } catch {
    // Blocked storage (sandboxed frame, privacy mode): memory only.
  }
  const fail = (code: 'calls-dropped', message: string, cause?: unknown) =>
    consent.report(new ConsentError(code, `consentry: ${message}`, cause))
  const read = (): HeldCall[] => {
    if (!storage) return memory
    try {
      const parsed: unknown = JSON.parse(storage.getItem(key!) ?? '[]')
      // Anything but our own shape (tampered or from another version) is dropped, not replayed.
      return Array.isArray(parsed) ? parsed.filter((c: HeldCall) => c && typeof c.method === 'string' && Array.isArray(c.args) && typeof c.at === 'number') : []
    } catch (error) {
      fail('calls-dropped', 'unreadable held calls in sessionStorage, dropped', error)
      return []
    }
  }
  const write = (calls: HeldCall[]) => {
    memory = calls
    if (!storage) return
    try {
      calls.length ? storage.setItem(key!, JSON.stringify(calls)) : storage.removeItem(key!)
    } catch (error) {
      storage = undefined
      fail('calls-dropped', 'sessionStorage refused the held calls; kept in memory for this page', error)
    }
  }
  const fresh = (calls: HeldCall[]) => {
    const oldest = Date.now() - maxAgeMs
    return calls.filter((c) => c.at >= oldest)
  }
  return {
    hold(method, args) {
      const list = [...args]
      // Callbacks cannot be stored; held in memory, a call keeps them.
      if (storage) while (typeof list[list.length - 1] === 'function') list.pop()
      let calls: HeldCall[]
      let size: number
      try {
        calls = [...fresh(read()), { method, args: storage ? (JSON.parse(JSON.stringify(list)) as unknown[]) : list, at: Date.now() }]
        size = JSON.stringify(calls).length
      } catch (error) {
        return fail('calls-dropped', `a ${method}() call is not serialisable, dropped`, error)
      }
      let lost = 0
      while (calls.length > maxEvents || (calls.length > 0 && size > maxBytes)) {
        size -= JSON.stringify(calls.shift()).length + 1
        lost++
      }
      if (lost) {
        dropped += lost
        fail('calls-dropped', `pre-consent buffer full: dropped ${lost} oldest call(s), ${dropped} on this page`)
      }
      write(calls)
    },
    take() {
      const calls = fresh(read())
      write([])
      return calls
    },
    get dropped() {
      return dropped
    },
  }
}
