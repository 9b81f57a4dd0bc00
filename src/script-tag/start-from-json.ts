// The declarative start: reads the page's JSON configuration, waits for the add-on files it names,
// then creates the manager, gates, and mounts what it asks for. Zero lines of site JavaScript.
import type { ConsentAdapter } from '../adapter.js'
import { ConsentError } from '../core/consent-error.js'
import { isObject } from '../core/is-object.js'
import { own, ownKeys } from '../core/own.js'
import { show } from '../core/show.js'
import type { ConsentManager, ConsentOptions } from '../core/types.js'
import { ADAPTER_FACTORIES, checkNoCode, configProblem, JSON_KEYS, type NoCode } from './check-no-code.js'
import type { Registry } from './registry.js'

type Fn = (...args: never[]) => unknown

/** The part of `window.Consentry` the start uses; add-ons fill in the optional members. */
export interface StartApi extends Registry {
  createConsent(options: ConsentOptions): ConsentManager
  gateElements(consent: ConsentManager): () => void
  googleConsentMode?: Fn
  mountPreferenceCenter?: Fn
  showPlaceholders?: Fn
  adapters: Record<string, Fn>
  /** The manager the JSON configuration created. */
  consent?: ConsentManager
}

/**
 * Reports in every build: the console, and a `consentry:error` event a site may listen to.
 * @example
 * addEventListener('consentry:error', (event) => myMonitoring.capture((event as CustomEvent).detail))
 */
export function report(error: ConsentError): void {
  console.error(error)
  dispatchEvent(new CustomEvent('consentry:error', { detail: error }))
}

/** The id of the JSON configuration element: `data-config` on the running script tag, else `consentry-config`. */
const configId = (script: Element | null) => script?.getAttribute('data-config') || 'consentry-config'

/** Every element with this id (getElementById gives only the first). */
const withId = (id: string) => [...document.querySelectorAll<HTMLElement>('[id]')].filter((element) => element.id === id)

/**
 * The JSON configuration element (see configId). A `data-config` naming no element is reported;
 * so is an id more than one element has (which one was meant?): then nothing starts.
 */
export function findConfig(script: Element | null): HTMLElement | null | undefined {
  const id = configId(script)
  const found = withId(id)
  if (found.length > 1) return void report(configProblem(`#${id}`, `must be the id of one element; ${found.length} have it, so nothing was started and nothing is granted`, 'duplicates'))
  if (!found[0] && script?.getAttribute('data-config')) report(configProblem('data-config', 'must name the id of a <script type="application/json"> element', show(id)))
  // The running tag is not known (document.currentScript is null in a module) or is another one (a
  // loader running the file's text): a data-config on the page's consentry tag is not read, and
  // without #consentry-config nothing would start, in silence.
  const stray = !found[0] && !script?.getAttribute('data-config') && [...document.querySelectorAll('script[data-config]')].find((tag) => tag !== script)
  if (stray)
    report(
      configProblem(
        'data-config',
        'was not read: the running core file is not the script tag that has it (type="module", or a loader running its text); give the configuration the id "consentry-config". Nothing was started',
        show(stray.getAttribute('data-config')),
      ),
    )
  return found[0]
}

/** Whether the parser is done with `element`: the document is parsed, or some node follows it. */
function parsed(element: Node): boolean {
  let node: Node | null = element
  while (node && !node.nextSibling) node = node.parentNode
  return document.readyState !== 'loading' || node !== null
}

/**
 * The first key that valid JSON `text` has twice in one object (JSON.parse keeps the last one, in
 * silence), decoded: `"\u0065nforcement"` is `enforcement`. Undefined when there is none.
 */
export function twiceIn(text: string): string | undefined {
  const objects: (Set<string> | undefined)[] = []
  let last = ''
  // In valid JSON a string is a key exactly when a colon follows it; braces inside strings are
  // part of the string token.
  for (const [token] of text.matchAll(/"(?:[^"\\]|\\.)*"|[{}[\]:]/g)) {
    if (token === '{' || token === '[') objects.push(token === '{' ? new Set() : undefined)
    else if (token === '}' || token === ']') objects.pop()
    else if (token !== ':') last = token
    else {
      const keys = objects[objects.length - 1]!
      const key = JSON.parse(last) as string
      if (keys.has(key)) return key
      keys.add(key)
    }
  }
}

/** Parses the element's JSON; undefined (reported) when it is not a JSON object, or has a key twice. */
export function parseConfig(element: HTMLElement): Record<string, unknown> | undefined {
  const text = element.textContent ?? ''
  let json: unknown
  try {
    json = JSON.parse(text)
  } catch (error) {
    return void report(new ConsentError('invalid-option', `consentry: the configuration in #${element.id} is not valid JSON (${(error as Error).message}); nothing was started and nothing is granted`))
  }
  const twice = twiceIn(text)
  // Which of the two was meant is unknown, as with two configuration elements.
  if (twice !== undefined)
    return void report(configProblem(`#${element.id}`, `has the key ${show(twice)} twice in one object (which one was meant?); nothing was started and nothing is granted`, 'duplicates'))
  if (isObject(json)) return json
  report(configProblem(`#${element.id}`, 'must be a JSON object; nothing was started and nothing is granted', show(json)))
}

/** The add-ons the configuration needs: [what, file name, present?]. */
function needed(api: StartApi, noCode: NoCode): [string, string, boolean][] {
  const adapter = noCode.adapter && ADAPTER_FACTORIES[noCode.adapter.name]!
  const list: [string | false | undefined, string, () => unknown][] = [
    [adapter && 'adapter', noCode.adapter?.name ?? '', () => adapter && own(api.adapters, adapter)],
    [!!noCode.widget && 'widget', 'widget', () => api.mountPreferenceCenter],
    [!!noCode.googleConsentMode && 'googleConsentMode', 'google-consent-mode', () => api.googleConsentMode],
    [!!noCode.placeholders && 'placeholders', 'placeholders', () => api.showPlaceholders],
  ]
  return list.filter(([key]) => key).map(([key, file, present]) => [key as string, file, typeof present() === 'function'])
}

/**
 * Validates `json` (reporting every problem), waits up to `addonWaitMs` for the add-on files it
 * names, then starts. An add-on still missing then is reported by file name and left out; a
 * missing or invalid adapter means no CMP decides and no category is granted by default (opt-out
 * categories are read as opt-in) until the visitor chooses.
 * @example
 * startFromJson(window.Consentry, { categories: [{ id: 'analytics', name: 'Analytics', enforcement: 'opt-in' }], widget: true })
 */
export function startFromJson(api: StartApi, json: Record<string, unknown>): void {
  const noCode = checkNoCode(json, (key, rule, value) => report(configProblem(key, rule, show(value))))
  let started = false
  const attempt = (final: boolean) => {
    const missing = needed(api, noCode).filter(([, , present]) => !present)
    if (started || (missing.length && !final)) return
    started = true
    clearTimeout(timer)
    for (const [key, file] of missing) {
      report(configProblem(key, `needs the add-on file consentry.${file}.min.js, which did not load within ${noCode.addonWaitMs} ms`, 'no add-on'))
      if (key === 'adapter') noCode.adapterFailed = true
      else delete noCode[key as 'widget']
    }
    start(api, json, noCode)
  }
  const timer = setTimeout(() => attempt(true), noCode.addonWaitMs)
  api.onAddon = () => attempt(false)
  attempt(false)
}

/** Every enforcement (a category's, a region rule's) that grants by default, read as `opt-in`. */
function optIn(json: Record<string, unknown>): Record<string, unknown> {
  const closed = (value: unknown) => (value === 'opt-out' ? 'opt-in' : value)
  const all = (map: Record<string, unknown>) => Object.fromEntries(ownKeys(map).map((id) => [id, closed(own(map, id))]))
  const categories = own(json, 'categories')
  const regions = own(json, 'regions')
  const rule = (value: unknown) => (isObject(value) && isObject(own(value, 'enforcement')) ? { ...value, enforcement: all(own(value, 'enforcement') as Record<string, unknown>) } : value)
  return {
    ...json,
    categories: Array.isArray(categories) ? categories.map((c) => (isObject(c) ? { ...c, enforcement: closed(own(c, 'enforcement')) } : c)) : categories,
    ...(isObject(regions) ? { regions: Object.fromEntries(ownKeys(regions).map((key) => [key, rule(own(regions, key))])) } : {}),
  }
}

/** createConsent's part of the JSON, checked by createConsent itself (in production too). */
function consentOptions(api: StartApi, json: Record<string, unknown>, noCode: NoCode): ConsentOptions {
  // Null-prototype: a JSON "__proto__" key stays a key (reported as unknown), never a prototype.
  let options: Record<string, unknown> = Object.create(null)
  for (const key of ownKeys(json)) if (JSON_KEYS.includes(key)) options[key] = json[key]
  // No CMP will decide, or the JSON has a key nobody knows (a misspelled adapter?): nothing may be
  // granted before the visitor chooses, whichever option would have granted it.
  if (noCode.adapterFailed || noCode.closed) options = optIn(options)
  const adapter = noCode.adapter && !noCode.adapterFailed ? (api.adapters[ADAPTER_FACTORIES[noCode.adapter.name]!] as (o: unknown) => ConsentAdapter) : undefined
  return { ...options, adapters: adapter ? [adapter(noCode.adapter!.options)] : [], onError: report } as unknown as ConsentOptions
}

function start(api: StartApi, json: Record<string, unknown>, noCode: NoCode): void {
  const run = (what: string, step: () => unknown) => {
    try {
      step()
    } catch (error) {
      report(new ConsentError('invalid-option', `consentry: the configuration's ${what} could not start`, error))
    }
  }
  let consent: ConsentManager | undefined
  run('categories', () => (consent = api.consent = api.createConsent(consentOptions(api, json, noCode))))
  if (!consent) return
  const manager = consent
  if (noCode.googleConsentMode) run('googleConsentMode', () => api.googleConsentMode!(manager as never, noCode.googleConsentMode as never))
  if (noCode.gate) run('gate', () => api.gateElements(manager))
  if (noCode.placeholders) run('placeholders', () => api.showPlaceholders!(manager as never, noCode.placeholders as never))
  if (noCode.widget) run('widget', () => api.mountPreferenceCenter!(manager as never, noCode.widget as never))
  dispatchEvent(new CustomEvent('consentry:ready', { detail: manager }))
}

/**
 * Runs the declarative start once, if the page has a JSON configuration: at once when the parser
 * is done with the element, else once the document is parsed (an `async` core may run while the
 * element is still arriving).
 * @example
 * declarativeStart(api, document.currentScript) // reads #consentry-config, or the tag's data-config
 */
export function declarativeStart(api: StartApi, script: Element | null): void {
  const go = () => {
    const element = findConfig(script)
    const json = element && parseConfig(element)
    if (json) startFromJson(api, json)
  }
  const id = configId(script)
  const element = document.getElementById(id)
  if (!(element ? parsed(element) : document.readyState !== 'loading')) return document.addEventListener('DOMContentLoaded', go)
  const one = withId(id).length === 1
  go()
  // A second element parsed after the start cannot undo it, but is not passed over in silence.
  const late = () => one && withId(id).length > 1 && report(configProblem(`#${id}`, 'must be the id of one element; another one came later in the page (the first one was started)', 'duplicates'))
  if (element && document.readyState === 'loading') document.addEventListener('DOMContentLoaded', late)
}

/**
 * A second core file found a core running already: its `data-config` cannot start (the running
 * core has its own configuration, or none), and that is reported rather than ignored.
 * @example
 * if (installGlobal(mine) !== mine) notStarted(document.currentScript)
 */
export function notStarted(script: Element | null): void {
  const id = script?.getAttribute('data-config')
  if (id) report(configProblem('data-config', 'was not started: a consentry core is running already on this page (load one core file only)', show(id)))
}
