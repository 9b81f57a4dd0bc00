// Seeded generators for the adapter fuzz tests: valid-looking CMP payloads with any part swapped
// for garbage (wrong types, huge lists, throwing getters, proxies that throw on every access).

export function random(seed: number): () => number {
  return () => {
    seed = (seed + 0x6d2b79f5) | 0
    let t = Math.imul(seed ^ (seed >>> 15), 1 | seed)
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296
  }
}

export type Rand = ReturnType<typeof random>
export const pick = <T>(rand: Rand, list: readonly T[]): T => list[Math.floor(rand() * list.length)] as T
const boom = () => {
  throw new Error('fuzz: hostile access')
}

/** An object whose every property access throws. */
export const hostile = (): object => new Proxy({}, { get: boom, has: boom, ownKeys: boom, getOwnPropertyDescriptor: boom })

const SCALARS: readonly unknown[] = [null, undefined, 0, 1, 2, 3, -1, NaN, Infinity, 1e12, '', '0', '1', '2', 'true', 'false', 'granted', ',C0002,', true, false, Symbol('s'), 10n]

/** Any garbage value; `keys` seeds object keys so some garbage lands on fields the adapter reads. */
export function garbage(rand: Rand, keys: readonly string[] = [], depth = 0): unknown {
  const r = rand()
  if (r < 0.45 || depth > 2) return pick(rand, SCALARS)
  if (r < 0.55) return Array.from({ length: Math.floor(rand() * 5) }, () => garbage(rand, keys, depth + 1))
  if (r < 0.57) return new Array(20_000).fill(pick(rand, SCALARS)) // a huge list
  if (r < 0.62) return hostile()
  if (r < 0.67) return () => pick(rand, SCALARS)
  if (r < 0.7) {
    const o = {}
    Object.defineProperty(o, pick(rand, keys.length ? keys : ['x']), { get: boom, enumerable: true })
    return o
  }
  const o: Record<string, unknown> = {}
  const n = Math.floor(rand() * 4)
  for (let i = 0; i < n; i++) o[keys.length && rand() < 0.7 ? pick(rand, keys) : String(Math.floor(rand() * 12))] = garbage(rand, keys, depth + 1)
  return o
}

/** `valid` most of the time, garbage otherwise. */
export const maybe = <T>(rand: Rand, valid: () => T, keys: readonly string[] = [], p = 0.8): T | unknown => (rand() < p ? valid() : garbage(rand, keys))

/** Reads a payload for the test oracle; a throwing access means "not contained". */
export function peek<T>(read: () => T, fallback: T): T {
  try {
    return read()
  } catch {
    return fallback
  }
}
