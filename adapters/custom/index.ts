import { adapterGuard, type AdapterReading, type CategoryPreferences, type ConsentAdapter, type ConsentError } from 'consentry'
import { badOption } from '../_shared/id-map.js'
import { isObject, own } from '../_shared/own.js'
import { closed } from '../_shared/watch-guard.js'

/**
 * Options for {@link customAdapter}: how to read, and be told about changes in, your own CMP.
 * @example
 * const options: CustomAdapterOptions = {
 *   name: 'in-house-banner',
 *   ready: () => window.myBanner !== undefined, // read() waits for the banner script
 *   read: () => window.myBanner?.choice,
 *   subscribe: (changed) => myBanner.onChange(changed),
 * }
 * createConsent({ categories, adapters: [customAdapter(options)] })
 */
export interface CustomAdapterOptions {
  /** Recorded as the state's `adapter`. @default 'custom' */
  name?: string | undefined
  /**
   * The visitor's current choice keyed by consentry category id (`true` = granted), or
   * `null`/`undefined` while your CMP does not know it yet. Only exact `true` values grant.
   */
  read(): Readonly<Record<string, unknown>> | null | undefined
  /** Calls `changed` whenever your CMP's state may have changed; may return an unsubscribe function. */
  subscribe(changed: () => void): (() => void) | void
  /** Whether your CMP has loaded; `read` is not called before it returns `true`. */
  ready?: (() => boolean) | undefined
  /** Stores a preference-center choice in your CMP. */
  write?: ((preferences: Readonly<CategoryPreferences>) => void | Promise<void>) | undefined
}

/**
 * Wraps an in-house CMP or banner. Reads once at start and on every `changed()` call; throws and
 * odd values from your callbacks are contained and reported once through `onError`. `read()`'s
 * answer goes to the manager as it is: an id that is no configured category, and a value that is
 * not exactly `true` or `false`, are denied and reported (`invalid-reading`).
 * @throws {ConsentError} `invalid-option` in development builds without `read` and `subscribe`
 * functions (own properties), or with a `ready` or `write` that is not a function; production
 * builds report it through `onError` and grant nothing from this adapter.
 * @example
 * customAdapter({
 *   read: () => window.myBanner?.choice, // { analytics: true, ads: false } or undefined
 *   subscribe: (changed) => {
 *     addEventListener('my-banner:saved', changed)
 *     return () => removeEventListener('my-banner:saved', changed)
 *   },
 *   write: (preferences) => window.myBanner?.save(preferences),
 * })
 */
export function customAdapter(options: CustomAdapterOptions): ConsentAdapter {
  // Own properties only (an inherited read() from a polluted prototype is no option); never a throw.
  const read = own(options, 'read') as CustomAdapterOptions['read']
  const subscribe = own(options, 'subscribe') as CustomAdapterOptions['subscribe']
  const ready = own(options, 'ready') as CustomAdapterOptions['ready']
  const write = own(options, 'write') as CustomAdapterOptions['write']
  const given = own(options, 'name')
  const name = typeof given === 'string' ? given : 'custom'
  const problem = malformed(read, subscribe, ready, write)
  return {
    name,
    watch(emit, context) {
      if (problem) return closed(context, problem)
      const { fail, safe, send } = adapterGuard(name, context, emit)
      let stopped = false
      const changed = () => {
        if (stopped || (ready && safe(ready) !== true)) return
        safe(() => {
          const choice: unknown = read()
          if (choice == null) return
          if (!isObject(choice)) return fail('invalid-reading', 'read() returned something other than an object')
          // As it is: the manager denies and reports unknown ids and values other than true/false.
          send(choice as AdapterReading)
        })
      }
      const unsubscribe = safe(() => subscribe(changed))
      changed()
      return () => {
        stopped = true
        if (typeof unsubscribe === 'function') safe(unsubscribe)
      }
    },
    ...(write && !problem ? { write } : {}),
  }
}

/** An `invalid-option` error (thrown in development builds) unless read and subscribe are functions and ready and write, when given, too. */
function malformed(...[read, subscribe, ready, write]: unknown[]): ConsentError | undefined {
  const fn = (value: unknown) => typeof value === 'function'
  if (!fn(read) || !fn(subscribe)) return badOption('customAdapter', 'read, subscribe', 'needs read() and subscribe() functions')
  if ((ready !== undefined && !fn(ready)) || (write !== undefined && !fn(write))) return badOption('customAdapter', 'ready, write', 'must be functions when given')
}
