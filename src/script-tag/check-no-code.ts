// Checks the keys of the JSON configuration that createConsent does not know (the adapter, gating,
// widget, Google Consent Mode, placeholders). Every problem is returned, none thrown; each invalid
// part is replaced by its most restrictive reading, as resolveConfig does for createConsent's own.
import { ConsentError } from '../core/consent-error.js'
import { isObject } from '../core/is-object.js'
import { own } from '../core/own.js'

/** The keys only the JSON configuration has; every other key goes to createConsent, which checks it. */
export const NO_CODE_KEYS = ['adapter', 'gate', 'widget', 'googleConsentMode', 'placeholders', 'addonWaitMs']

/** createConsent's options JSON can give (`adapters` and `onError` take functions). */
export const JSON_KEYS = ['categories', 'destinations', 'unmapped', 'policyVersion', 'waitMs', 'cookie', 'cookies', 'regions', 'region']

// The largest delay setTimeout keeps: a larger one fires at once.
const MAX_MS = 2147483647

/** Adapter name in the JSON → the factory's name on `Consentry.adapters`. `custom` needs functions, so it is not here. */
export const ADAPTER_FACTORIES: Record<string, string> = { onetrust: 'oneTrust', trustarc: 'trustArc', ketch: 'ketch', tcf: 'tcf', gpp: 'gpp' }

/** The checked no-code part: `undefined` = not configured (or unusable, for the adapter). */
export interface NoCode {
  adapter?: { name: string; options: Record<string, unknown> }
  /** A named adapter was invalid: no CMP decides, and no category is granted by default. */
  adapterFailed: boolean
  /** An unknown or not-allowed top-level key (a misspelled `adapter`?): no category is granted by default. */
  closed: boolean
  gate: boolean
  widget?: Record<string, unknown>
  googleConsentMode?: Record<string, unknown>
  placeholders?: Record<string, unknown>
  addonWaitMs: number
}

type Note = (key: string, rule: string, value: unknown) => void

/** `true` → `{}`, an object → its checked copy, `false`/absent → undefined, anything else → `invalid`. */
function section(json: Record<string, unknown>, key: string, note: Note, check: (value: Record<string, unknown>, at: string) => Record<string, unknown>, invalid = {}) {
  const value = own(json, key)
  if (value === undefined || value === false) return undefined
  if (value === true) return {}
  if (isObject(value)) return check(value, key)
  note(key, 'must be true, false or an object', value)
  return invalid
}

/** A rule: what the value must be, and its check; or, for a nested object, the rules of its keys. */
type Rules = { [key: string]: [string, (v: unknown) => boolean] | Rules }

/** Copies the known keys whose value passes `rules[key]`, at every nesting level; reports the others. */
function pick(value: Record<string, unknown>, at: string, note: Note, rules: Rules) {
  const out: Record<string, unknown> = {}
  for (const key of Object.keys(value)) {
    const rule = own(rules, key) as Rules[string] | undefined
    const v = value[key]
    if (!rule) note(`${at}.${key}`, 'is not an option (misspelled?)', v)
    else if (!Array.isArray(rule)) {
      if (isObject(v)) out[key] = pick(v, `${at}.${key}`, note, rule)
      else note(`${at}.${key}`, 'must be an object', v)
    } else if (rule[1](v)) out[key] = v
    else note(`${at}.${key}`, rule[0], v)
  }
  return out
}

const text: [string, (v: unknown) => boolean] = ['must be a string', (v) => typeof v === 'string']
const boolean: [string, (v: unknown) => boolean] = ['must be a boolean', (v) => typeof v === 'boolean']
const texts = (keys: string) => Object.fromEntries(keys.split(' ').map((key) => [key, text]))

// The widget's text keys (src/widget/texts.ts), per language tag; `categories` per category id.
const WIDGET_TEXTS: Rules = {
  ...texts('bannerTitle bannerText acceptAll rejectAll customise dialogTitle dialogText save close alwaysOn openButton noticeTitle noticeText doNotSell gpcHonoured'),
  dir: ['must be "ltr" or "rtl"', (v) => v === 'ltr' || v === 'rtl'],
}
const CATEGORY_TEXTS: Rules = texts('name description')

/** The widget's `texts`: language tag → its texts, each checked key by key. */
function widgetTexts(value: Record<string, unknown>, at: string, note: Note): Record<string, unknown> {
  const out: Record<string, unknown> = {}
  for (const [tag, bundle] of Object.entries(value)) {
    if (!isObject(bundle)) note(`${at}.${tag}`, 'must be an object of texts', bundle)
    else {
      const { categories, ...rest } = bundle
      const checked = pick(rest, `${at}.${tag}`, note, WIDGET_TEXTS)
      if (isObject(categories)) checked.categories = pick(categories, `${at}.${tag}.categories`, note, Object.fromEntries(Object.keys(categories).map((id) => [id, CATEGORY_TEXTS])))
      else if (categories !== undefined) note(`${at}.${tag}.categories`, 'must map category ids to { name, description }', categories)
      out[tag] = checked
    }
  }
  return out
}

const WIDGET: Rules = {
  lang: ['must be a language tag string', (v) => typeof v === 'string'],
  nonce: text,
  floatingButton: boolean,
}

// showPlaceholders' options that JSON can hold (`root` is an element: code only).
const PLACEHOLDERS: Rules = { loadOnce: boolean, nonce: text, texts: texts('message allow once') }

/**
 * Reports each top-level key neither createConsent nor the no-code start knows, and `adapters` /
 * `onError` (functions: code only). True when there is one: it may be a misspelled `adapter`, so
 * no category may be granted by default.
 */
function checkTopLevel(json: Record<string, unknown>, note: Note): boolean {
  let closed = false
  for (const key of Object.keys(json)) {
    if (NO_CODE_KEYS.includes(key) || JSON_KEYS.includes(key)) continue
    closed = true
    const code = key === 'adapters' || key === 'onError'
    note(key, `${code ? 'takes functions, so it cannot be given in JSON' : 'is not an option (misspelled?)'}; no category is granted by default`, json[key])
  }
  return closed
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
  const waitOk = wait === undefined || (typeof wait === 'number' && wait >= 0 && wait <= MAX_MS)
  if (!waitOk) note('addonWaitMs', `must be a number of milliseconds from 0 to ${MAX_MS}`, wait)
  const noCode: NoCode = {
    ...checkAdapter(json, note),
    closed: checkTopLevel(json, note),
    gate: gate !== false,
    addonWaitMs: waitOk && typeof wait === 'number' ? wait : 3000,
  }
  const widget = section(json, 'widget', note, (value, at) => {
    const { texts: given, ...rest } = value
    const out = pick(rest, at, note, WIDGET)
    if (isObject(given)) out.texts = widgetTexts(given, `${at}.texts`, note)
    else if (given !== undefined) note(`${at}.texts`, 'must map language tags to objects of texts', given)
    return out
  })
  // Google Consent Mode checks its own options (in every build); an unreadable section maps nothing.
  const googleConsentMode = section(json, 'googleConsentMode', note, (value) => value, { mapping: {} })
  const placeholders = section(json, 'placeholders', note, (value, at) => pick(value, at, note, PLACEHOLDERS))
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
