import { ConsentError, isConsentManager, type ConsentManager } from 'consentry'
import type { PreferenceCenterOptions } from './preference-center-types.js'
import { englishTexts } from './texts.js'

type Fail = (what: string, value: unknown) => void
type Bag = Record<string, unknown>

const isObject = (value: unknown): value is Bag => typeof value === 'object' && value !== null && !Array.isArray(value)
const isString = (value: unknown): value is string => typeof value === 'string'
/** For an error message; never throws (hostile getters, cycles, null-prototype objects). */
const show = (value: unknown) => {
  try {
    return JSON.stringify(value) ?? String(value)
  } catch {
    return typeof value
  }
}

type Rule = readonly [string, (value: unknown) => boolean]
const TEXT: Rule = ['must be a string', isString]
// A blank label would leave a button, heading or switch without an accessible name.
const LABEL: Rule = ['must be a string', (value) => isString(value) && value.trim() !== '']
const TOP: Record<string, Rule> = {
  texts: ['must map language tags to text objects', (value) => isObject(value) && Object.values(value).every(isObject)],
  lang: ['must be a language tag string', isString],
  nonce: TEXT,
  floatingButton: ['must be a boolean', (value) => typeof value === 'boolean'],
}
const BUNDLE: Record<string, Rule> = {
  ...Object.fromEntries(Object.keys(englishTexts).map((key) => [key, LABEL])),
  dir: ['must be "ltr" or "rtl"', (value) => value === 'ltr' || value === 'rtl'],
  categories: ['must map category ids to { name, description }', TOP.texts![1]],
}
const NAMES: Record<string, Rule> = { name: LABEL, description: TEXT }
const NAMED: Rule = ['must be { name, description }', isObject]

/** Copies the own known keys of `bag` whose rule passes (or that are undefined); reports every other one. */
function pick(bag: Bag, at: string, rules: Record<string, Rule>, fail: Fail): Bag {
  const out: Bag = {}
  for (const key of Object.keys(bag)) {
    const value = bag[key]
    const known = Object.hasOwn(rules, key)
    const [must, passes] = known ? rules[key]! : ['is not an option (misspelled?)', () => false]
    if ((known && value === undefined) || passes(value)) out[key] = value
    // Only LABEL fails a string with "must be a string": the string is blank.
    else fail(`${at}.${key} ${isString(value) && must === TEXT[0] ? 'must not be blank' : must}`, value)
  }
  return out
}

/** A map of `id → object`, each checked against `rules`. */
const each = (map: Bag, at: string, check: (value: Bag, at: string) => Bag) => Object.fromEntries(Object.keys(map).map((id) => [id, check(map[id] as Bag, `${at}.${id}`)]))

/**
 * The options as the widget reads them, in every build: own, known keys of the right type only
 * (texts at every level too). Every other key or value is a problem: in development the first one
 * is thrown as a ConsentError (`invalid-option`); in production each is reported through the
 * manager's `onError` and left out, so the widget shows its defaults and never throws into the
 * page. `undefined` when `consent` is not a manager (then nothing can be mounted; the problem goes
 * to the console).
 * @internal
 */
export function checkOptions(consent: ConsentManager, options: unknown): PreferenceCenterOptions | undefined {
  const problems: ConsentError[] = []
  const fail: Fail = (what, value) => void problems.push(new ConsentError('invalid-option', `consentry: mountPreferenceCenter ${what}, received ${show(value)}`))
  const manager = isConsentManager(consent)
  if (!manager) fail('needs the manager returned by createConsent()', consent)
  let out: Bag = {}
  if (!isObject(options)) fail('options must be an object', options)
  else {
    try {
      out = pick(options, 'options', TOP, fail)
      const bundle = (given: Bag, at: string) => {
        const texts = pick(given, at, BUNDLE, fail)
        // A category id that is not configured (misspelled?) is reported like any unknown key.
        const ids: Record<string, Rule> = Object.fromEntries((manager ? consent.categories : []).map((c) => [c.id, NAMED]))
        if (texts.categories) texts.categories = each(pick(texts.categories as Bag, `${at}.categories`, ids, fail), `${at}.categories`, (names, where) => pick(names, where, NAMES, fail))
        return texts
      }
      if (out.texts) out.texts = each(out.texts as Bag, 'options.texts', bundle)
    } catch {
      // A getter or a Proxy that throws: none of it is used.
      fail('options could not be read; the defaults are used', typeof options)
      out = {}
    }
  }
  if (problems[0] && process.env.NODE_ENV !== 'production') throw problems[0]
  for (const problem of problems) manager ? consent.report(problem) : console.error(problem)
  return manager ? out : undefined
}
