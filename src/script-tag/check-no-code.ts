// Checks the keys of the JSON configuration that createConsent does not know (the adapter, gating,
// widget, Google Consent Mode, placeholders). Every problem is returned, none thrown; each invalid
// part is replaced by its most restrictive reading, as resolveConfig does for createConsent's own.
import { ConsentError } from '../core/consent-error.js'
import { isObject } from '../core/is-object.js'
import { own } from '../core/own.js'

/** The keys only the JSON configuration has; every other key goes to createConsent, which checks it. */
export const NO_CODE_KEYS = ['adapter', 'gate', 'widget', 'googleConsentMode', 'placeholders', 'addonWaitMs']

/** Adapter name in the JSON → the factory's name on `Consentry.adapters`. `custom` needs functions, so it is not here. */
export const ADAPTER_FACTORIES: Record<string, string> = { onetrust: 'oneTrust', trustarc: 'trustArc', ketch: 'ketch', tcf: 'tcf', gpp: 'gpp' }

const GCM_TYPES = ['ad_storage', 'ad_user_data', 'ad_personalization', 'analytics_storage', 'functionality_storage', 'personalization_storage', 'security_storage']

/** The checked no-code part: `undefined` = not configured (or unusable, for the adapter). */
export interface NoCode {
  adapter?: { name: string; options: Record<string, unknown> }
  /** A named adapter was invalid: no CMP decides, and no category is granted by default. */
  adapterFailed: boolean
  gate: boolean
  widget?: Record<string, unknown>
  googleConsentMode?: Record<string, unknown>
  placeholders?: Record<string, unknown>
  addonWaitMs: number
}

type Note = (key: string, rule: string, value: unknown) => void

const isStrings = (value: unknown) => Array.isArray(value) && value.every((item) => typeof item === 'string')

/** `true` → `{}`, an object → its checked copy, `false`/absent → undefined. */
function section(json: Record<string, unknown>, key: string, note: Note, check: (value: Record<string, unknown>, at: string) => Record<string, unknown>) {
  const value = own(json, key)
  if (value === undefined || value === false) return undefined
  if (value === true) return {}
  if (isObject(value)) return check(value, key)
  note(key, 'must be true, false or an object', value)
  return {}
}

/** Copies the known keys whose value passes `rules[key]`; reports the others. */
function pick(value: Record<string, unknown>, at: string, note: Note, rules: Record<string, [string, (v: unknown) => boolean]>) {
  const out: Record<string, unknown> = {}
  for (const key of Object.keys(value)) {
    const rule = own(rules, key) as [string, (v: unknown) => boolean] | undefined
    if (!rule) note(`${at}.${key}`, 'is not an option (misspelled?)', value[key])
    else if (rule[1](value[key])) out[key] = value[key]
    else note(`${at}.${key}`, rule[0], value[key])
  }
  return out
}

const textBundle = (bundle: unknown) =>
  isObject(bundle) && Object.entries(bundle).every(([key, text]) => (key === 'categories' ? isObject(text) && Object.values(text).every(isObject) : typeof text === 'string'))

const widgetRules: Record<string, [string, (v: unknown) => boolean]> = {
  lang: ['must be a language tag string', (v) => typeof v === 'string'],
  texts: ['must map language tags to objects of strings', (v) => isObject(v) && Object.values(v).every(textBundle)],
  nonce: ['must be a string', (v) => typeof v === 'string'],
  floatingButton: ['must be a boolean', (v) => typeof v === 'boolean'],
}

const gcmRules: Record<string, [string, (v: unknown) => boolean]> = {
  mapping: ['must be an object', isObject],
  waitForUpdate: ['must be a number of milliseconds ≥ 0', (v) => typeof v === 'number' && v >= 0 && Number.isFinite(v)],
  region: ['must be an array of region codes', isStrings],
  dataLayerName: ['must be a non-empty string', (v) => typeof v === 'string' && v !== ''],
  event: ['must be a string or false', (v) => v === false || typeof v === 'string'],
}

// A type whose mapping is invalid is left out, which Google Consent Mode reads as denied. A whole
// invalid mapping is not replaced by the default one (that would guess grants): every type but
// security_storage is then denied.
function checkMapping(mapping: Record<string, unknown>, note: Note): Record<string, unknown> {
  const out: Record<string, unknown> = {}
  for (const type of Object.keys(mapping)) {
    const ids = mapping[type]
    if (!GCM_TYPES.includes(type)) note(`googleConsentMode.mapping.${type}`, `is not a consent type (${GCM_TYPES.join(', ')})`, ids)
    else if (ids === true || (isStrings(ids) && (ids as string[]).length > 0)) out[type] = ids
    else note(`googleConsentMode.mapping.${type}`, 'must be true or a non-empty array of category ids (left out: denied)', ids)
  }
  return out
}

function checkAdapter(json: Record<string, unknown>, note: Note): Pick<NoCode, 'adapter' | 'adapterFailed'> {
  const value = own(json, 'adapter')
  if (value === undefined) return { adapterFailed: false }
  const failed = (key: string, rule: string, v: unknown) => (note(key, rule, v), { adapterFailed: true })
  if (!isObject(value)) return failed('adapter', 'must be an object { "name", "options" }', value)
  for (const key of Object.keys(value)) if (key !== 'name' && key !== 'options') return failed(`adapter.${key}`, 'is not an option (misspelled?)', value[key])
  const name = own(value, 'name')
  if (typeof name !== 'string' || !own(ADAPTER_FACTORIES, name)) return failed('adapter.name', `must be one of ${Object.keys(ADAPTER_FACTORIES).join(', ')}`, name)
  const options = own(value, 'options') ?? {}
  if (!isObject(options)) return failed('adapter.options', 'must be an object', options)
  // The adapter checks its own options (its map) in every build and grants nothing when they are wrong.
  return { adapter: { name, options }, adapterFailed: false }
}

/**
 * Checks the no-code keys of `json`; `note` receives each problem.
 * @example
 * const noCode = checkNoCode({ gate: 'yes', widget: { lang: 3 } }, (key, rule) => console.error(key, rule))
 * // logs: gate must be a boolean (…), widget.lang must be a language tag string; noCode.gate === true
 */
export function checkNoCode(json: Record<string, unknown>, note: Note): NoCode {
  const gate = own(json, 'gate')
  if (gate !== undefined && typeof gate !== 'boolean') note('gate', 'must be a boolean (read as true: gated elements stay gated)', gate)
  const wait = own(json, 'addonWaitMs')
  const waitOk = wait === undefined || (typeof wait === 'number' && wait >= 0 && Number.isFinite(wait))
  if (!waitOk) note('addonWaitMs', 'must be a number of milliseconds ≥ 0', wait)
  const googleConsentMode = section(json, 'googleConsentMode', note, (value, at) => {
    const out = pick(value, at, note, gcmRules)
    if (isObject(out.mapping)) out.mapping = checkMapping(out.mapping, note)
    else if (own(value, 'mapping') !== undefined) out.mapping = {}
    return out
  })
  const noCode: NoCode = {
    ...checkAdapter(json, note),
    gate: gate !== false,
    addonWaitMs: waitOk && typeof wait === 'number' ? wait : 3000,
  }
  const widget = section(json, 'widget', note, (value, at) => pick(value, at, note, widgetRules))
  const placeholders = section(json, 'placeholders', note, (value) => value)
  if (widget) noCode.widget = widget
  if (googleConsentMode) noCode.googleConsentMode = googleConsentMode
  if (placeholders) noCode.placeholders = placeholders
  return noCode
}

/**
 * A ConsentError for one problem in the JSON configuration.
 * @example
 * report(configProblem('widget.lang', 'must be a language tag string', show(3)))
 */
export const configProblem = (key: string, rule: string, received: string) => new ConsentError('invalid-option', `consentry: configuration "${key}" ${rule}; received ${received}`)
