/** Prints an untrusted value for an error message; never throws (hostile Proxies, symbols). */
export function show(value: unknown): string {
  try {
    // JSON prints Infinity and NaN as null, which is not what was given.
    return typeof value === 'function' ? 'a function' : typeof value === 'number' ? String(value) : (JSON.stringify(value) ?? String(value))
  } catch {
    return 'an unprintable value'
  }
}
