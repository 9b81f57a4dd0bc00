// Checks googleConsentMode's options in every build, from code and from the page's JSON alike:
// each problem is reported, never thrown, and read so that no consent type is granted on a guess.
import type { GoogleConsentMapping, GoogleConsentModeOptions, GoogleConsentType } from './types.js'

/** The seven v2 consent types. */
export const TYPES: GoogleConsentType[] = ['ad_storage', 'ad_user_data', 'ad_personalization', 'analytics_storage', 'functionality_storage', 'personalization_storage', 'security_storage']

/** The options once checked: every value usable, `mapping` undefined only when none was given and nothing was wrong. */
export interface CheckedOptions {
  mapping: GoogleConsentMapping | undefined
  waitForUpdate: number
  region: string[] | undefined
  dataLayerName: string
  event: string | false
}

type Note = (key: string, rule: string, value: unknown) => void

const own = (value: unknown, key: string): unknown => (typeof value === 'object' && value !== null && Object.hasOwn(value, key) ? (value as Record<string, unknown>)[key] : undefined)
const isObject = (value: unknown): value is Record<string, unknown> => typeof value === 'object' && value !== null && !Array.isArray(value)
// ISO 3166-1 alpha-2, optionally with an ISO 3166-2 subdivision (`US-CA`), as Google's consent mode
// documents; user-assigned and reserved codes (EU, UK, ZZ…) name no place it knows.
const REGION = /^(?!(AA|EU|UK|Q[M-Z]|X[A-JL-Z]|ZZ)(-|$))[A-Z]{2}(-[A-Z0-9]{1,3})?$/
// The largest delay setTimeout keeps: a larger one fires at once.
const MAX_MS = 2147483647

/**
 * A `dataLayer` name that is safe to create or use: an identifier naming no global but an array
 * (or an own global still undefined). `location`, `name`, `document`… would be overwritten.
 */
function safeLayerName(name: unknown): boolean {
  if (typeof name !== 'string' || !/^[A-Za-z_$][\w$]*$/.test(name)) return false
  try {
    const w = window as unknown as Record<string, unknown>
    return !(name in w) || Array.isArray(w[name]) || (Object.hasOwn(w, name) && w[name] === undefined)
  } catch {
    return false
  }
}

/** Each type's ids, checked against the manager's categories; a type with a problem is left out (denied). */
function checkMapping(mapping: Record<string, unknown>, known: readonly string[], note: Note): GoogleConsentMapping {
  const out: Record<string, readonly string[] | true> = {}
  for (const type of Object.keys(mapping)) {
    const ids = mapping[type]
    const at = `mapping.${type}`
    if (!TYPES.includes(type as GoogleConsentType)) note(at, `is not a consent type (${TYPES.join(', ')})`, ids)
    else if (ids === true) out[type] = true
    else if (!Array.isArray(ids) || ids.length === 0 || !ids.every((id) => typeof id === 'string')) note(at, 'must be true or a non-empty array of category ids (left out: denied)', ids)
    else if (ids.some((id) => !known.includes(id))) note(at, 'must name configured category ids only (left out: denied)', ids)
    else out[type] = [...ids]
  }
  return out
}

const RULES: Record<string, [rule: string, ok: (value: unknown) => boolean]> = {
  mapping: ['must be an object of consent type → category ids (every type denied)', isObject],
  waitForUpdate: [`must be a number of milliseconds from 0 to ${MAX_MS}`, (v) => typeof v === 'number' && v >= 0 && v <= MAX_MS],
  region: [
    'must be a non-empty array of ISO 3166 codes such as "DE" or "US-CA" (the default applies everywhere)',
    (v) => Array.isArray(v) && v.length > 0 && v.every((code) => typeof code === 'string' && REGION.test(code)),
  ],
  dataLayerName: ['must be an identifier naming no global but an array (dataLayer is used)', safeLayerName],
  event: ['must be a non-empty string or false', (v) => v === false || (typeof v === 'string' && v !== '')],
}

/**
 * Checks `options` (reporting each problem through `note`); anything invalid takes its default,
 * except the mapping: an invalid one, or any problem while none is given (a misspelled `mapping`?),
 * maps nothing, so every type is denied rather than guessed.
 * @example
 * checkOptions({ mapping: { analytics_storage: ['analytics'] }, region: ['DE'] }, ['analytics'], console.error)
 */
export function checkOptions(options: unknown, known: readonly string[], note: Note): CheckedOptions {
  try {
    return check(options, known, note)
  } catch (error) {
    // A hostile object (a throwing getter or Proxy): nothing in it is read as a grant.
    note('options', 'could not be read (every type denied)', error)
    return { mapping: {}, waitForUpdate: 500, region: undefined, dataLayerName: 'dataLayer', event: 'consentry_consent_update' }
  }
}

function check(options: unknown, known: readonly string[], note: Note): CheckedOptions {
  let wrong = options !== undefined && !isObject(options)
  if (wrong) note('options', 'must be an object (every type denied)', options)
  const given: Record<string, unknown> = {}
  for (const key of isObject(options) ? Object.keys(options) : []) {
    const value = (options as Record<string, unknown>)[key]
    const rule = own(RULES, key) as (typeof RULES)[string] | undefined
    if (value === undefined) continue
    if (rule?.[1](value)) given[key] = value
    else {
      wrong = true
      note(key, rule ? rule[0] : 'is not an option (misspelled?)', value)
    }
  }
  const mapping = isObject(given.mapping) ? checkMapping(given.mapping, known, note) : wrong || own(options, 'mapping') !== undefined ? {} : undefined
  return {
    mapping,
    waitForUpdate: (given.waitForUpdate as number | undefined) ?? 500,
    region: given.region ? [...(given.region as string[])] : undefined,
    dataLayerName: (given.dataLayerName as string | undefined) ?? 'dataLayer',
    event: (given.event as string | false | undefined) ?? 'consentry_consent_update',
  }
}
