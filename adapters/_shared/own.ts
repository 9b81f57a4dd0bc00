// Own-property reads of CMP payloads: inherited (polluted) values never count.
export const isObject = (value: unknown): value is Record<string, unknown> => typeof value === 'object' && value !== null && !Array.isArray(value)

/** `value[key]` when `value` is an object holding it as an own property, else undefined: inherited (polluted) values never count. */
export const own = (value: unknown, key: PropertyKey): unknown => (isObject(value) && Object.hasOwn(value, key) ? value[key as string] : undefined)
