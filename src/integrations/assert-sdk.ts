import { ConsentError } from 'consentry'

/**
 * Development check that an integration was handed the vendor's SDK: throws an `invalid-option`
 * ConsentError naming the integration, what it expects and the methods it found missing. Call it
 * under `process.env.NODE_ENV !== 'production'` too, so production builds drop the call as well
 * as the body.
 */
export function assertSdk(sdk: unknown, integration: string, expected: string, methods: readonly string[]): void {
  if (process.env.NODE_ENV === 'production') return
  const missing = methods.filter((method) => typeof (sdk as Record<string, unknown> | null)?.[method] !== 'function')
  if (missing.length) {
    throw new ConsentError('invalid-option', `consentry: ${integration}() needs ${expected}; this one has no ${missing.map((m) => `${m}()`).join(', ')}`)
  }
}
