// The no-code keys' check, fuzzed with JSON-shaped garbage (what JSON.parse can return, including
// "__proto__" keys): it never throws, reports every invalid part, and no invalid input widens
// what is started or granted.
import { describe, expect, it } from 'vitest'
import { checkNoCode, JSON_KEYS, NO_CODE_KEYS } from '../../src/script-tag/check-no-code.js'
import { garbage, pick, random, type Rand } from '../fuzz/generate.js'

const GCM_TYPES = ['ad_storage', 'ad_user_data', 'ad_personalization', 'analytics_storage', 'functionality_storage', 'personalization_storage', 'security_storage']
const KEYS = [
  ...NO_CODE_KEYS,
  'name',
  'options',
  'mapping',
  'lang',
  'texts',
  'floatingButton',
  'nonce',
  'waitForUpdate',
  'region',
  'event',
  'dataLayerName',
  'loadOnce',
  'message',
  'acceptAl',
  'acceptAll',
  'categories',
  'adapters',
  'adaptor',
  '__proto__',
  ...GCM_TYPES,
  'onetrust',
  'analytics',
]

/** Garbage that survives JSON: what a page's configuration can hold. */
function jsonGarbage(rand: Rand): Record<string, unknown> {
  let text: string | undefined
  try {
    text = JSON.stringify(garbage(rand, KEYS), (_, value) => (typeof value === 'bigint' || typeof value === 'symbol' ? String(value) : value))
  } catch {
    text = '{}' // garbage with throwing getters has no JSON form
  }
  const parsed: unknown = JSON.parse(text ?? 'null')
  const json: Record<string, unknown> = typeof parsed === 'object' && parsed !== null && !Array.isArray(parsed) ? (parsed as Record<string, unknown>) : {}
  // Valid-looking parts with one piece broken, so the checks past the first one are reached too.
  if (rand() < 0.5)
    json[pick(rand, NO_CODE_KEYS)] = JSON.parse(
      JSON.stringify({
        name: pick(rand, ['onetrust', 'tcf', 'nope', 3]),
        options: pick(rand, [{}, [], 'x']),
        mapping: { [pick(rand, GCM_TYPES)]: pick(rand, [['a'], [], 'a', true, [1]]) },
        lang: pick(rand, ['de', 3]),
      }),
    )
  if (rand() < 0.3) json[pick(rand, NO_CODE_KEYS)] = pick(rand, [true, false, 0, 1, -1, '', 'false', 'true', null, [], {}, 1e9])
  if (rand() < 0.1) Object.defineProperty(json, '__proto__', { value: { gate: false, adapter: { name: 'onetrust' } }, enumerable: true })
  return json
}

const isObject = (o: unknown): o is Record<string, unknown> => typeof o === 'object' && o !== null && !Array.isArray(o)
const WIDGET_TEXT_KEYS = [
  'bannerTitle',
  'bannerText',
  'acceptAll',
  'rejectAll',
  'customise',
  'dialogTitle',
  'dialogText',
  'save',
  'close',
  'alwaysOn',
  'openButton',
  'noticeTitle',
  'noticeText',
  'doNotSell',
  'gpcHonoured',
  'dir',
]
/** The keys allowed at one level: `true` = a leaf, else the shape of the value under it; a function allows any key. */
type Shape = { [key: string]: true | Shape } | ((key: string) => true | Shape)
const BUNDLE: Shape = { ...Object.fromEntries(WIDGET_TEXT_KEYS.map((k) => [k, true as const])), categories: () => ({ name: true, description: true }) }
const WIDGET_SHAPE: Shape = { lang: true, nonce: true, floatingButton: true, texts: () => BUNDLE }
const PLACEHOLDER_SHAPE: Shape = { loadOnce: true, nonce: true, texts: { message: true, allow: true, once: true } }
/** Whether every key of `value`, at every level, is one `shape` allows. */
function known(value: unknown, shape: Shape): boolean {
  if (!isObject(value)) return true
  return Object.keys(value).every((key) => {
    const allowed = typeof shape === 'function' ? shape(key) : Object.hasOwn(shape, key) ? shape[key] : undefined
    return allowed !== undefined && (allowed === true || known(value[key], allowed))
  })
}

const hasOwn = (o: unknown, k: string) => typeof o === 'object' && o !== null && Object.prototype.hasOwnProperty.call(o, k)

describe('checkNoCode (3,000 JSON-shaped configurations)', () => {
  it('never throws, never widens, and reports what it drops', { timeout: 120_000 }, () => {
    const rand = random(16)
    for (let run = 0; run < 3_000; run++) {
      const json = jsonGarbage(rand)
      const notes: string[] = []
      const result = checkNoCode(json, (key, rule) => notes.push(`${key} ${rule}`))
      // Gating stops only for an own, exact false.
      expect(result.gate).toBe(!(hasOwn(json, 'gate') && json.gate === false))
      // An adapter that was given but cannot be used is a failure (no CMP, no default grants).
      if (hasOwn(json, 'adapter') && json.adapter !== undefined) expect(result.adapter !== undefined || result.adapterFailed).toBe(true)
      if (result.adapter) expect(['onetrust', 'trustarc', 'ketch', 'tcf', 'gpp']).toContain(result.adapter.name)
      // Google Consent Mode checks its own options (test/integrations/google-consent-mode-options.test.ts);
      // a section that is neither true nor an object maps nothing, never the default guess.
      const section = json.googleConsentMode
      if (result.googleConsentMode && section !== true && !isObject(section)) expect(result.googleConsentMode).toEqual({ mapping: {} })
      // A top-level key nobody knows (a misspelled adapter?) grants nothing by default, and is reported.
      const unknown = Object.keys(json).filter((key) => !NO_CODE_KEYS.includes(key) && !JSON_KEYS.includes(key))
      expect(result.closed).toBe(unknown.length > 0)
      for (const key of unknown) expect(notes.some((n) => n.startsWith(`${key} `))).toBe(true)
      // The widget and the placeholders keep only keys they know, at every nesting level.
      expect(known(result.widget, WIDGET_SHAPE)).toBe(true)
      expect(known(result.placeholders, PLACEHOLDER_SHAPE)).toBe(true)
      // Whatever was dropped was reported.
      const droppedWidget = hasOwn(json.widget, 'lang') && !hasOwn(result.widget, 'lang') && json.widget !== undefined
      if (droppedWidget && typeof json.widget === 'object') expect(notes.some((n) => n.startsWith('widget.lang'))).toBe(true)
      expect(Object.getPrototypeOf(result)).toBe(Object.prototype)
    }
  })
})
