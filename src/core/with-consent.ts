import type { ConsentManager } from './types.js'
import { isObject } from './is-object.js'
import { isManager } from './is-manager.js'

/**
 * The analytics.js call shape consentry wraps; any object with some of these methods fits, so no
 * vendor SDK has to be imported to use {@link withConsent}.
 * @example
 * // A stand-in for tests: every call arrives with its consent stamp in the last object.
 * const recorder: AnalyticsLike = { track: (...args: unknown[]) => console.log(args) }
 * withConsent(recorder, consent).track?.('Signed Up')
 */
export interface AnalyticsLike {
  track?(...args: any[]): unknown
  page?(...args: any[]): unknown
  identify?(...args: any[]): unknown
  group?(...args: any[]): unknown
  alias?(...args: any[]): unknown
  screen?(...args: any[]): unknown
}

type Method = keyof AnalyticsLike

// How many leading id/name arguments each method takes before its data object (alias has none).
const LEADING: Record<Method, number> = { track: 1, identify: 1, group: 1, page: 2, screen: 2, alias: 2 }

/**
 * Puts the consent stamp into the call's `options.context`, following analytics.js argument
 * resolution: leading ids or names, then the data object (properties/traits), then options,
 * then an optional callback.
 */
function stampArguments(method: Method, args: readonly unknown[], consent: ConsentManager): unknown[] {
  const out = [...args]
  const callback = typeof out[out.length - 1] === 'function' ? out.pop() : undefined
  let i = 0
  while (i < LEADING[method] && i < out.length && !isObject(out[i])) i++
  if (method !== 'alias') {
    if (!isObject(out[i])) out[i] = {}
    i++
  }
  const given = out[i]
  out[i] = consent.stamp(isObject(given) ? { ...given } : {})
  if (callback) out.push(callback)
  return out
}

/**
 * Wraps an analytics.js-shaped object so every `track`, `page`, `identify`, `group`, `alias` and
 * `screen` call carries `context.consent`. Calls made while consent is pending are held in order
 * and released, stamped with the decided state, once the manager is ready; they return a promise
 * of the real call's result. Other members pass through unchanged.
 *
 * @throws ConsentError `invalid-option` in development when `consent` is not a manager from createConsent
 * (in production: printed with console.error, and nothing is done).
 * @example
 * const analytics = withConsent(window.analytics, consent)
 * analytics.track('Signed Up', { plan: 'pro' }) // context.consent.categoryPreferences attached
 */
export function withConsent<A extends AnalyticsLike>(analytics: A, consent: ConsentManager): A {
  // Without a manager nothing can be stamped: the calls are dropped (reported once, here).
  const usable = isManager(consent, 'withConsent')
  const held: (() => void)[] = []
  let released = usable && consent.get().status !== 'pending'
  if (usable && !released) {
    void consent.ready().then(() => {
      released = true
      for (const call of held.splice(0)) call()
    })
  }
  // No prototype: `toString`, `constructor` or a polluted key must come from the SDK, not Object.
  const wrappers: Partial<Record<PropertyKey, (...args: unknown[]) => unknown>> = Object.create(null)
  for (const method of Object.keys(LEADING) as Method[]) {
    if (typeof analytics[method] !== 'function') continue
    wrappers[method] = (...args) => {
      if (!usable) return undefined
      const call = () => (analytics[method] as (...a: unknown[]) => unknown)(...stampArguments(method, args, consent))
      if (released) return call()
      return new Promise((resolve, reject) =>
        held.push(() => {
          try {
            resolve(call())
          } catch (error) {
            reject(error)
          }
        }),
      )
    }
  }
  return new Proxy(analytics, {
    get(target, key) {
      const value = wrappers[key] ?? Reflect.get(target, key)
      return typeof value === 'function' && !wrappers[key] ? value.bind(target) : value
    },
  })
}
