import { ConsentError, type ConsentManager } from 'consentry'

/** A plain object (not null, not an array): the only shape an options object or a mapping has. */
export const isRecord = (value: unknown): value is Record<string, unknown> => typeof value === 'object' && value !== null && !Array.isArray(value)

/** The category ids a destination needs: a non-empty list (needing nothing would always allow it) of strings. */
export const isIdList = (value: unknown): value is string[] => Array.isArray(value) && value.length > 0 && value.every((id) => typeof id === 'string')

/**
 * An integration's options: `undefined` is the defaults; anything but a plain object (null, a
 * string, an array, a number) is reported as `invalid-option` and read as the defaults, which
 * hold everything until consent whenever a category is opt-in. Never throws.
 */
export function readOptions<T extends object>(consent: ConsentManager, options: T | undefined, integration: string): T {
  if (options === undefined || isRecord(options)) return options ?? ({} as T)
  const kind = options === null ? 'null' : Array.isArray(options) ? 'an array' : typeof options
  consent.report(new ConsentError('invalid-option', `consentry: ${integration}(): options must be an object, received ${kind}; the defaults are used`))
  return {} as T
}

/** One message per malformed value of a destination → category ids option (`undefined` is fine). */
export function mappingProblems(mappings: unknown, option: string): string[] {
  if (mappings === undefined) return []
  if (!isRecord(mappings)) return [`${option} must be an object of destination → category ids`]
  return Object.keys(mappings)
    .filter((name) => !isIdList(mappings[name]))
    .map((name) => `${option}[${JSON.stringify(name)}] must be a non-empty array of category ids`)
}
