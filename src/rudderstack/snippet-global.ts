type Fn = (...args: any[]) => any

const isSdk = (value: unknown): value is Record<string, Fn> =>
  typeof value === 'object' && value !== null && !Array.isArray(value) && typeof (value as { track?: unknown }).track === 'function' && typeof (value as { load?: unknown }).load === 'function'

/**
 * RudderStack's v3 loading snippet makes `window.rudderanalytics` an array of stubs, and the SDK it
 * loads at once replaces that global with its own instance (its constructor sets
 * `globalThis.rudderanalytics = this`), which calls made through the global then reach unwrapped.
 * Given the snippet's array, this takes the SDK's instance when it arrives: its own `methods` go
 * into `sink` (the wrapper sends through them), and the instance gets the array's wrapped methods
 * in their place, so the global and the array behave alike. Does nothing for anything but the
 * snippet's array.
 */
export function adoptSnippetGlobal(analytics: object, methods: readonly string[], sink: Record<string, Fn>): void {
  if (!Array.isArray(analytics)) return
  const w = window as unknown as Record<string, unknown>
  const wrapped = analytics as unknown as Record<string, Fn>
  const adopt = (sdk: Record<string, Fn>) => {
    for (const method of methods) {
      const own = sdk[method]
      if (typeof own !== 'function' || own === wrapped[method]) continue
      sink[method] = own.bind(sdk)
      sdk[method] = wrapped[method]!
    }
  }
  let current = w.rudderanalytics
  // The SDK arrived before the wrapper (the array the site passed is no longer the global).
  if (current !== analytics) return void (isSdk(current) && adopt(current))
  Object.defineProperty(window, 'rudderanalytics', {
    configurable: true,
    enumerable: true,
    get: () => current,
    set(value: unknown) {
      current = value
      if (!isSdk(value)) return
      adopt(value)
      Object.defineProperty(window, 'rudderanalytics', { configurable: true, enumerable: true, writable: true, value })
    },
  })
}
