/**
 * Reads `key` only as an own property of `value`: an inherited one (a polluted `Object.prototype`,
 * `Object.create({ analytics: true })`) is `undefined`, and so is one whose getter or Proxy trap
 * throws. Untrusted objects (options, CMP readings, `set()` input) are read through this alone.
 */
export function own(value: unknown, key: string): unknown {
  try {
    return typeof value === 'object' && value !== null && Object.hasOwn(value, key) ? (value as Record<string, unknown>)[key] : undefined
  } catch {
    return undefined
  }
}

/** Own enumerable keys, or none when listing them throws (a hostile Proxy). */
export function ownKeys(value: unknown): string[] {
  try {
    return typeof value === 'object' && value !== null ? Object.keys(value) : []
  } catch {
    return []
  }
}

/** Whether `key` is found on `value` only through its prototype chain; false when asking throws. */
export function inherited(value: object, key: string): boolean {
  try {
    return !Object.hasOwn(value, key) && key in value
  } catch {
    return false
  }
}
