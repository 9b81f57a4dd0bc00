// Adapter options, checked once in every build: `map`s (consentry category id -> the CMP's ids) and the number and boolean ones.
import { ConsentError, type AdapterContext, type IdMap } from 'consentry'
import { isObject, own } from './own.js'

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
    // An own property only: a map inherited from a polluted prototype is no option.
    const given = options != null && Object.hasOwn(options, option) ? (options as Record<string, unknown>)[option] : undefined
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

/** Timers and poll counts built from a number of milliseconds past this are never reached. */
const MAX_MS = 2_147_483_647

/**
 * `options.timeoutMs` (how long to look for the CMP): its default when absent, else a whole number
 * of milliseconds from 0 to 2,147,483,647. Anything else (a string, NaN, a negative or endless
 * wait) would stop the search at once or never, so the adapter reports it (`invalid-option`) and
 * grants nothing.
 */
export function readTimeout(adapter: string, options: unknown, fallback = 10_000): number | ConsentError {
  const value = own(options, 'timeoutMs')
  if (value === undefined) return fallback
  if (typeof value === 'number' && Number.isInteger(value) && value >= 0 && value <= MAX_MS) return value
  return badOption(adapter, 'timeoutMs', 'must be a whole number of milliseconds from 0 to 2147483647')
}

/** `options[option]` as a boolean: its default when absent, else exactly true or false, else `invalid-option`. */
export function readFlag(adapter: string, options: unknown, option: string, fallback: boolean): boolean | ConsentError {
  const value = own(options, option)
  if (value === undefined) return fallback
  return value === true || value === false ? value : badOption(adapter, option, 'must be true or false')
}
