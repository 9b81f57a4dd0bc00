// Helpers only the built-in adapters need (rollup inlines this file into each adapter's own dist
// file). The general ones (adapterGuard, mapReading, poll) live in the core entry.
import { adapterGuard, ConsentError, poll, type AdapterContext, type AdapterGuard, type AdapterReading, type IdMap } from 'consentry'

export const isObject = (value: unknown): value is Record<string, unknown> =>
  typeof value === 'object' && value !== null && !Array.isArray(value)

/** `value[key]` when `value` is an object holding it as an own property, else undefined: inherited (polluted) values never count. */
export const own = (value: unknown, key: PropertyKey): unknown => (isObject(value) && Object.hasOwn(value, key) ? value[key as string] : undefined)

/** An id map checked once: its own entries, copied onto a null-prototype object (so a polluted `Object.prototype` maps nothing). */
export type CheckedMap<T> = Record<string, T[]>

/**
 * Reads `options[option]` as an id map, in every build. Not given: `undefined` (the adapter then
 * maps each category to its own id, see {@link mapFor}). Malformed (not an object, a value that is
 * not a `type` or a non-empty list of them, a throwing getter): development builds throw an
 * `invalid-option` ConsentError at once; production builds return that error, which the adapter
 * reports from `watch` and grants nothing (see {@link closed}).
 */
export function readMap<T>(adapter: string, options: unknown, option: string, type: 'string' | 'number'): CheckedMap<T> | undefined | ConsentError {
  try {
    const given = options == null ? undefined : (options as Record<string, unknown>)[option]
    if (given === undefined) return
    const map: CheckedMap<T> = Object.create(null)
    if (!isObject(given)) throw 0
    for (const [category, ids] of Object.entries(given)) {
      const list: unknown[] = [].concat(ids as never)
      if (!list.length || !list.every((id) => typeof id === type && id !== '')) throw 0
      map[category] = list as T[]
    }
    return map
  } catch {
    return badOption(adapter, option, `must map category ids to a ${type} or a non-empty array of them`)
  }
}

/** An `invalid-option` error for `adapter({ option })`: thrown in development builds, returned in production ones. */
export function badOption(adapter: string, option: string, problem: string): ConsentError {
  const error = new ConsentError('invalid-option', `consentry: ${adapter}({ ${option} }) ${problem}`)
  if (process.env.NODE_ENV !== 'production') throw error
  return error
}

/**
 * The map a watch uses: the checked one, or with none given each category (but `always` ones,
 * which the core grants anyway) mapped to `own(id)`: its own id, the convention Segment uses for
 * OneTrust group ids. A category `own` cannot translate is reported (`invalid-option`) and never
 * granted.
 */
export function mapFor<T>(adapter: string, option: string, map: CheckedMap<T> | undefined, context: AdapterContext, own = (id: string) => id as T | undefined): IdMap<T> {
  if (map) return map
  const identity: CheckedMap<T> = Object.create(null)
  const lost: string[] = []
  for (const { id, enforcement } of context.categories) {
    if (enforcement === 'always') continue
    const mapped = own(id)
    if (mapped === undefined) lost.push(id)
    else identity[id] = [mapped]
  }
  if (lost.length) context.report(new ConsentError('invalid-option', `consentry: ${adapter}() without ${option} cannot map ${lost.join(', ')}: never granted`))
  return identity
}

/** A watch whose options were malformed (production): reports it and grants nothing until the visitor decides through consentry. */
export function closed(context: AdapterContext, error: ConsentError): () => void {
  context.report(error)
  context.undecided({})
  return () => {}
}

/**
 * {@link adapterGuard} plus `undecided`, sharing one repeat filter with `send` (a choice that
 * equals the CMP's defaults still decides), and `invalid`: reports an unusable reading and, while
 * this watch has passed nothing on yet, answers "nothing granted" instead of staying silent (which
 * would let the site's `opt-out` defaults apply after `waitMs`). A later good reading decides.
 */
export function guard(name: string, context: AdapterContext, emit: (reading: AdapterReading) => void) {
  let last = ''
  const out = (decided: boolean, reading?: Record<string, boolean>) => {
    const key = decided + JSON.stringify(reading)
    if (key !== last) (last = key), decided ? emit(reading!) : context.undecided(reading)
  }
  const base = adapterGuard(name, context, emit)
  return {
    ...base,
    send: (reading: Record<string, boolean>) => out(true, reading),
    undecided: (reading?: Record<string, boolean>) => out(false, reading),
    invalid: (message: string) => (base.fail('invalid-reading', message), last || out(false, {})),
  }
}

/**
 * Listens through an IAB CMP API (`__tcfapi`, `__gpp`), looking for it every 100 ms for up to
 * `timeoutMs`: registers with `addEventListener` (after the `version` arguments), keeps the
 * listenerId the CMP hands back, and returns the teardown that removes the listener. Events after
 * teardown are ignored; `handle` runs guarded.
 */
export function listenIab(
  safe: AdapterGuard['safe'],
  getApi: () => ((command: string, ...args: any[]) => unknown) | undefined,
  version: readonly unknown[],
  timeoutMs: number,
  handle: (data: unknown, success: unknown) => void,
): () => void {
  let stopped = false
  let listenerId: unknown
  const listener = (data: unknown, success: unknown) =>
    stopped ||
    safe(() => {
      if (isObject(data) && data.listenerId != null) listenerId = data.listenerId
      handle(data, success)
    })
  const stopPolling = poll(() => {
    const api = safe(getApi)
    if (api) safe(() => api('addEventListener', ...version, listener))
    return !!api
  }, 100, timeoutMs / 100)
  return () => {
    stopped = true
    stopPolling()
    if (listenerId != null) safe(() => getApi()?.('removeEventListener', ...version, () => {}, listenerId))
  }
}
