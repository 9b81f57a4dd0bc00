// Small building blocks for CMP adapters (ours and a site's own), kept in the core so that every
// adapter file stays small: each adapter would otherwise carry its own copy.
import type { AdapterContext, AdapterReading } from '../adapter.js'
import { ConsentError, type ConsentErrorCode } from './consent-error.js'

/**
 * consentry category id → the CMP id, or ids (all must be granted), it stands for. Several ids
 * let one consentry category require several CMP purposes at once.
 * @example
 * const groups: IdMap<string> = { analytics: 'C0002', ads: ['C0004', 'C0005'] }
 */
export type IdMap<T> = Readonly<Record<string, T | readonly T[]>>

/**
 * What {@link adapterGuard} returns.
 * @example
 * const guard: AdapterGuard = adapterGuard('my-cmp', context, emit)
 * if (!window.myCmp) guard.fail('adapter-failed', 'not on the page') // reported once per code
 */
export interface AdapterGuard {
  /** Reports the first failure of each `code` through `onError`; later ones are dropped. */
  fail(code: ConsentErrorCode, message: string, cause?: unknown): undefined
  /** Runs CMP code; a throw becomes one `adapter-failed` report and `undefined`. */
  safe<R>(run: () => R): R | undefined
  /** Emits a reading unless it equals the last one sent. */
  send(reading: Record<string, boolean>): void
}

/**
 * Per-watch plumbing for an adapter: contains CMP throws, reports each kind of failure once, and
 * drops repeated readings (CMPs re-announce the same state on every page load and banner close).
 * @example
 * defineAdapter({
 *   name: 'my-cmp',
 *   watch(emit, context) {
 *     const { safe, send } = adapterGuard('my-cmp', context, emit)
 *     const read = () => safe(() => send({ analytics: window.myCmp?.analytics === true }))
 *     read()
 *     addEventListener('my-cmp:change', read)
 *     return () => removeEventListener('my-cmp:change', read)
 *   },
 * })
 */
export function adapterGuard(name: string, context: AdapterContext, emit: (reading: AdapterReading) => void): AdapterGuard {
  const seen = new Set<string>()
  // Stryker disable next-line StringLiteral: equivalent, no reading's JSON equals the mutated start value either
  let last = ''
  const fail: AdapterGuard['fail'] = (code, message, cause) => void (seen.has(code) || (seen.add(code), context.report(new ConsentError(code, `consentry: ${name}: ${message}`, cause))))
  return {
    fail,
    safe(run) {
      try {
        return run()
      } catch (error) {
        return fail('adapter-failed', 'the CMP threw', error)
      }
    },
    send(reading) {
      const key = JSON.stringify(reading)
      if (key !== last) emit(reading)
      last = key
    },
  }
}

/**
 * Builds a reading from a mapping: a category is granted only when it maps to at least one CMP
 * id and `granted` answers exactly `true` for every one of them; anything else denies it. An
 * answer that is neither `true`, `false` nor `undefined` (the CMP does not list that id) is
 * malformed: it denies too, and is passed to `odd` (to report it, naming the field).
 * @example
 * const active = new Set(['C0001', 'C0002', 'C0004'])
 * mapReading({ analytics: 'C0002', ads: ['C0004', 'C0005'] }, (id) => active.has(id))
 * // { analytics: true, ads: false }: C0005 is missing
 * const purposes: Record<number, unknown> = { 1: true, 2: 'true' }
 * mapReading({ ads: [1, 2] }, (id) => purposes[id], (id, value) => console.warn(`purpose ${id} is ${value}`))
 * // { ads: false }, and "purpose 2 is true" is warned about
 */
export function mapReading<T>(map: IdMap<T>, granted: (id: T) => unknown, odd?: (id: T, value: unknown) => void): Record<string, boolean> {
  const reading: Record<string, boolean> = {}
  // Own keys only: a polluted Object.prototype must not add a mapping.
  for (const category of Object.keys(map)) {
    const ids = ([] as T[]).concat(map[category] as T)
    // Every id is asked (no early stop), so each malformed answer reaches `odd`.
    const answers = ids.map((id) => isTrue(granted(id), (value) => odd?.(id, value)))
    reading[category] = answers.length > 0 && !answers.includes(false)
  }
  return reading
}

/** Whether `value` is exactly `true`; a value that is not a boolean (nor undefined) also goes to `odd`. */
function isTrue(value: unknown, odd: (value: unknown) => void): boolean {
  if (value !== undefined && typeof value !== 'boolean') odd(value)
  return value === true
}

/**
 * Calls `found` now and then every `every` ms until it returns true, at most `times` more times:
 * for CMPs that announce nothing when they arrive. Returns the function that stops it.
 * @example
 * const stop = poll(() => typeof window.__tcfapi === 'function', 100, 100) // up to 10 s
 */
export function poll(found: () => boolean, every: number, times: number): () => void {
  let timer: ReturnType<typeof setTimeout> | undefined
  let stopped = false
  const tick = () => {
    if (!stopped && !found() && !stopped && times-- > 0) timer = setTimeout(tick, every)
  }
  tick()
  return () => {
    stopped = true
    clearTimeout(timer)
  }
}
