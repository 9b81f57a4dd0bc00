import type { AdapterReading, ConsentAdapter } from '../adapter.js'
import { isObject } from './is-object.js'
import { inherited, own, ownKeys } from './own.js'
import { grantedByDefault } from './preferences.js'
import { commit, explicitFrom, fallBack, type Session } from './session.js'
import { show } from './show.js'
import type { CategoryPreferences } from './types.js'

/**
 * Reports, once per session and problem, what in a reading cannot grant: an id that is no
 * configured category, a value that is not exactly `true` or `false`, a value only inherited
 * (a polluted or crafted prototype). Each is denied; silence would store it as the visitor's "no".
 */
function checkReading(s: Session, adapter: ConsentAdapter, reading: object): void {
  const once = (key: string, problem: string) => {
    if (s.readingProblems.has(key)) return
    s.readingProblems.add(key)
    s.fail('invalid-reading', `adapter "${adapter.name}" sent ${problem}: it grants nothing`)
  }
  for (const id of ownKeys(reading)) {
    const value = own(reading, id)
    if (!s.known.has(id)) once(id, `${show(id)}, which is not a configured category`)
    else if (typeof value !== 'boolean') once(`${id}=`, `${show(id)}: ${show(value)}, which is not true or false`)
  }
  for (const { id } of s.categories) if (inherited(reading, id)) once(`${id}^`, `${show(id)} only as an inherited property`)
}

/** A reading from `adapter`: the first adapter to know the visitor's choice decides; the others stop watching. */
function onReading(s: Session, adapter: ConsentAdapter, reading: AdapterReading): void {
  if (s.destroyed || (s.active && s.active !== adapter)) return
  if (!isObject(reading)) return s.fail('invalid-reading', `adapter "${adapter.name}" sent a reading that is not an object`)
  checkReading(s, adapter, reading)
  if (!s.active) {
    s.active = adapter
    clearTimeout(s.timer)
    for (const [other, stop] of s.watching) if (other !== adapter) stopWatching(s, other, stop)
  }
  // A CMP that cannot be told the visitor's consentry denials must not grant them back.
  const writable = typeof adapter.write === 'function'
  const wanted = Object.fromEntries(s.categories.map(({ id }) => [id, own(reading, id) === true && (writable || s.explicit.get(id) !== false)]))
  commit(s, wanted, 'decided', 'cmp', { adapter: adapter.name })
}

/** The CMP answered without a choice of the visitor's: its pre-choice defaults, or "does not apply". */
function onUndecided(s: Session, adapter: ConsentAdapter, reading: AdapterReading | undefined): void {
  if (s.destroyed || s.active || s.state.status === 'decided') return
  clearTimeout(s.timer)
  if (s.stored) return fallBack(s, s.stored)
  if (isObject(reading)) checkReading(s, adapter, reading)
  const wanted = Object.fromEntries(s.categories.map((c) => [c.id, grantedByDefault(c) && (reading === undefined || own(reading, c.id) === true)]))
  commit(s, wanted, 'default', 'cmp', { adapter: adapter.name })
}

/**
 * A CMP says where the visitor is (TCF `gdprApplies`, GPP sections): used only while nothing is
 * decided and the site gave no `region`. The strictest policy applies until then, so a stored
 * decision made under the CMP's region may stand once it is known.
 */
function placeBy(s: Session, adapter: ConsentAdapter, code: unknown): void {
  if (s.destroyed || s.state.status !== 'pending' || (s.active && s.active !== adapter)) return
  if (code !== undefined && typeof code !== 'string') return s.fail('invalid-reading', `adapter "${adapter.name}" reported a region that is not a string`)
  const next = s.policy.at(code)
  if (!next || next.key === s.policy.key) return
  s.policy = next
  s.categories = next.categories
  s.stored = s.store?.load()
  s.explicit = explicitFrom(s.stored)
}

export function stopWatching(s: Session, adapter: ConsentAdapter, stop: () => void): void {
  s.watching.delete(adapter)
  try {
    stop()
  } catch (error) {
    s.fail('adapter-failed', `adapter "${adapter.name}" threw while stopping`, error)
  }
}

/** Starts every adapter, and the `waitMs` timer after which the stored decision or the defaults apply. */
export function startAdapters(s: Session): void {
  const { config } = s
  s.timer = setTimeout(() => {
    if (s.state.status !== 'pending') return
    s.fail('cmp-timeout', `no CMP answered within ${config.waitMs} ms; using ${s.stored ? 'the stored decision' : 'the enforcement defaults'}`)
    fallBack(s, s.stored)
  }, config.waitMs)
  for (const adapter of config.adapters) {
    try {
      const context = {
        categories: s.categories,
        report: config.onError,
        undecided: (reading?: AdapterReading) => onUndecided(s, adapter, reading),
        region: (code?: string) => placeBy(s, adapter, code),
      }
      const stop = adapter.watch((reading) => onReading(s, adapter, reading), context)
      if (typeof stop !== 'function') continue
      s.watching.set(adapter, stop)
      // It may have emitted during watch(), or another adapter already decided.
      if (s.active && s.active !== adapter) stopWatching(s, adapter, stop)
    } catch (error) {
      s.fail('adapter-failed', `adapter "${adapter.name}" threw while starting`, error)
    }
  }
}

/** Sends a visitor's decision to the deciding CMP, or to every watching one while none has decided. */
export function writeBack(s: Session, preferences: Readonly<CategoryPreferences>): void {
  for (const adapter of s.active ? [s.active] : [...s.watching.keys()]) {
    if (typeof adapter.write !== 'function') continue
    const failed = (error: unknown) => s.fail('adapter-failed', `adapter "${adapter.name}" could not write`, error)
    try {
      Promise.resolve(adapter.write(preferences)).catch(failed)
    } catch (error) {
      failed(error)
    }
  }
}
