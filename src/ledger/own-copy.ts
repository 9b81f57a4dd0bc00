/**
 * @internal A caller's object as its own enumerable properties only, on a null prototype: a key
 * found only through the prototype chain (a polluted `Object.prototype`, `Object.create({ … })`)
 * is never read, so it cannot turn a missing status, flag or option into a permissive one. Not an
 * object, or one whose getters or Proxy traps throw: an empty object (every field missing).
 */
export function ownCopy<T extends object>(value: T | null | undefined): Partial<T> {
  try {
    if (typeof value === 'object' && value !== null) return Object.assign(Object.create(null) as Partial<T>, value)
  } catch {}
  return Object.create(null) as Partial<T>
}

/**
 * @internal Plain data (a profile) as a deep copy of its own enumerable properties, every object
 * on a null prototype, so that a schema check reads nothing inherited and the caller cannot change
 * the checked copy afterwards. Throws on what JSON cannot hold (a cycle, a BigInt).
 */
export const ownData = (value: unknown): unknown =>
  value === undefined ? undefined : JSON.parse(JSON.stringify(value), (_, v: unknown) => (v !== null && typeof v === 'object' && !Array.isArray(v) ? Object.assign(Object.create(null), v) : v))
