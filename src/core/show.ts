/** Prints an untrusted value for an error message; never throws (hostile Proxies, symbols). */
export function show(value: unknown): string {
  try {
    return typeof value === 'function' ? 'a function' : (JSON.stringify(value) ?? String(value))
  } catch {
    return 'an unprintable value'
  }
}
