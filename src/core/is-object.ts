/** A plain-object check for untrusted input: not null, not an array (false for a revoked Proxy). */
export const isObject = (value: unknown): value is Record<string, unknown> => {
  try {
    return typeof value === 'object' && value !== null && !Array.isArray(value)
  } catch {
    return false
  }
}
