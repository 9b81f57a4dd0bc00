import { adapterGuard, ConsentError, type AdapterReading, type CategoryPreferences, type ConsentAdapter } from 'consentry'
import { isObject, own } from '../_shared/own.js'

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
 * odd values from your callbacks are contained and reported once through `onError`.
 * @throws {ConsentError} `invalid-option` in development builds without `read` or `subscribe`.
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
  if (process.env.NODE_ENV !== 'production' && (typeof options?.read !== 'function' || typeof options.subscribe !== 'function')) {
    throw new ConsentError('invalid-option', 'consentry: customAdapter() needs read() and subscribe() functions')
  }
  const name = options.name ?? 'custom'
  return {
    name,
    watch(emit, context) {
      const { fail, safe, send } = adapterGuard(name, context, emit)
      let stopped = false
      const changed = () => {
        if (stopped || (options.ready && safe(options.ready) !== true)) return
        safe(() => {
          const choice: unknown = options.read()
          if (choice == null) return
          if (!isObject(choice)) return fail('invalid-reading', 'read() returned something other than an object')
          const reading: Record<string, boolean> = {}
          for (const { id } of context.categories) reading[id] = own(choice, id) === true
          send(reading satisfies AdapterReading)
        })
      }
      const unsubscribe = safe(() => options.subscribe(changed))
      changed()
      return () => {
        stopped = true
        if (typeof unsubscribe === 'function') safe(unsubscribe)
      }
    },
    ...(options.write ? { write: options.write } : {}),
  }
}
