import { ConsentError, type CategoryPreferences, type ConsentManager, type ConsentState } from 'consentry'
import type { CookiePattern } from 'consentry'
import { heldCalls, type BufferOptions, type HeldCall } from './held-calls.js'
import { deleteRevokedCookies } from './revoked-cookies.js'

type Fn = (...args: any[]) => any

/** @internal What an integration tells {@link wrapSdk} about its vendor SDK. */
export interface WrapSdkOptions {
  /** Opt-in model: `load()` and every call wait until consent is decided (not just defaulted). */
  optIn: boolean
  /** Methods to hold and replay; ones the SDK lacks are skipped. */
  methods: readonly string[]
  /**
   * The integration's `buffer` option (`false`: held in memory for this page, same bounds);
   * `key` is the sessionStorage key when it names none.
   */
  buffer: (BufferOptions & { key?: string | undefined }) | false | undefined
  key: string
  /** Category id → cookies deleted when it is revoked. */
  cookies?: Readonly<Record<string, readonly CookiePattern[]>> | undefined
  /** Calls also keep waiting while this returns true (the SDK is not ready for them yet). */
  waitFor?: (() => boolean) | undefined
  /** Delivers a call, at once or on replay, through the SDK's own method `real`. */
  send: (method: string, args: unknown[], real: Fn) => unknown
  /** Runs the SDK's own load (`real`, bound) with the site's `load()` arguments; at most once. */
  load: (args: unknown[], real: Fn) => unknown
  /** Runs with what `load` returned (awaited), before the held calls are replayed. */
  onLoad?: ((value: unknown) => void) | undefined
  /** What a held call keeps of its arguments. @default the arguments as given */
  keep?: ((args: unknown[]) => unknown[]) | undefined
  /** The preferences cookie deletion and `onChange` compare. @default the state's categoryPreferences */
  preferences?: (() => CategoryPreferences) | undefined
  /** Runs on every real change, before the deferred load and the replay. */
  onChange?: ((state: ConsentState, now: CategoryPreferences, before: CategoryPreferences) => void) | undefined
}

/** @internal */
export interface WrappedSdk {
  /** Whether the SDK's own load has run. */
  readonly loaded: boolean
  /** Replays the held calls in call order, unless something still holds them. */
  release(): void
}

/**
 * The consent life cycle every analytics integration shares, patched onto the vendor's SDK in
 * place: in opt-in, its `load()` and its calls wait until consent is decided (calls in the
 * persistent buffer), also through the fail-closed defaults of a CMP that has not answered;
 * once consent is decided the load runs and the calls are replayed in order;
 * on every real change the integration reacts and the cookies of revoked categories are deleted.
 * A held call returns a resolved promise, as analytics SDK methods do.
 */
export function wrapSdk(sdk: object, consent: ConsentManager, options: WrapSdkOptions): WrappedSdk {
  const { optIn, buffer = {}, waitFor, send, keep = (args) => args, preferences = () => consent.get().categoryPreferences, onChange } = options
  const target = sdk as Record<string, Fn>
  const held = heldCalls(buffer ? (buffer.key ?? options.key) : undefined, consent, buffer || {})
  const real: Record<string, Fn> = {}
  // Opt-in waits for a real answer: the fail-closed defaults after a CMP timeout are not one, and
  // loading on them would switch the SDK off for the page before the visitor has chosen.
  const pending = () => optIn && consent.get().status !== 'decided'
  const holding = () => pending() || waitFor?.()
  let drained = false
  let loadArgs: unknown[] | undefined
  let loaded = false
  const release = () => {
    if (drained || holding()) return
    drained = true
    replay(held.take(), real, send, consent)
  }
  const load = () => {
    if (loaded || !loadArgs || pending()) return
    loaded = true
    void Promise.resolve(options.load(loadArgs, realLoad))
      .then(options.onLoad)
      .then(release)
      .catch((error: unknown) => consent.report(new ConsentError('callback-failed', 'consentry: analytics SDK failed to load', error)))
  }
  for (const method of options.methods) {
    const own = target[method]
    if (typeof own !== 'function') continue
    real[method] = own
    target[method] = (...args: unknown[]) => {
      if (holding()) {
        // A call held after a replay (the SDK asked to wait again) needs a replay of its own.
        drained = false
        held.hold(method, keep(args))
        return Promise.resolve()
      }
      release()
      return send(method, args, own)
    }
  }
  const realLoad = target.load!.bind(sdk)
  target.load = (...args: unknown[]) => {
    loadArgs = args
    load()
    return sdk
  }
  let before = preferences()
  consent.subscribe((state) => {
    const now = preferences()
    onChange?.(state, now, before)
    deleteRevokedCookies(options.cookies ?? {}, before, now)
    before = now
    load()
    release()
  })
  release()
  return {
    get loaded() {
      return loaded
    },
    release,
  }
}

/**
 * Replays held calls in order, each on its own: one the SDK refuses (throws or rejects) is
 * reported, and the calls after it still go. A method the SDK lacks (a tampered entry) is
 * reported, never run.
 */
function replay(calls: readonly HeldCall[], real: Record<string, Fn>, send: WrapSdkOptions['send'], consent: ConsentManager): void {
  for (const { method, args } of calls) {
    const drop = (cause: unknown, why = 'the SDK threw') => consent.report(new ConsentError('calls-dropped', `consentry: 1 held call(s) (${method}) not replayed: ${why}`, cause))
    if (!Object.hasOwn(real, method)) {
      drop(undefined, 'no such method')
      continue
    }
    try {
      const result = send(method, args, real[method]!)
      if (result instanceof Promise) result.catch(drop)
    } catch (error) {
      drop(error)
    }
  }
}
