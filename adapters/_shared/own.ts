// Own-property reads of CMP payloads: inherited (polluted) values never count.
export const isObject = (value: unknown): value is Record<string, unknown> => typeof value === 'object' && value !== null && !Array.isArray(value)

/** `value[key]` when `value` is an object holding it as an own property, else undefined: inherited (polluted) values never count. */
export const own = (value: unknown, key: PropertyKey): unknown => (isObject(value) && Object.hasOwn(value, key) ? value[key as string] : undefined)

/** Whether `key` is on `value` only through its prototype chain (a polluted or crafted object): never data, and worth a report. */
export const inherited = (value: unknown, key: PropertyKey): boolean => isObject(value) && !Object.hasOwn(value, key) && key in value

/** An untrusted value for a report; never throws (BigInt, cycles). */
export function show(value: unknown): string {
  try {
    return JSON.stringify(value) ?? String(value)
  } catch {
    return typeof value
  }
}

/** Pairs [found, known] of ids a CMP gave that equal a known id only when case is ignored: ids are case-sensitive, so each denies, worth a report. */
export function caseSlips(found: Iterable<unknown>, known: Iterable<unknown>): [string, string][] {
  const lower = new Map([...known].filter((id) => typeof id === 'string').map((id) => [(id as string).toLowerCase(), id as string]))
  return [...found].flatMap((id) => {
    const match = typeof id === 'string' ? lower.get(id.toLowerCase()) : undefined
    return match !== undefined && match !== id ? [[id as string, match] as [string, string]] : []
  })
}
