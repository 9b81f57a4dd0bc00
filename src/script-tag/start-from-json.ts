// The declarative start: reads the page's JSON configuration, waits for the add-on files it names,
// then creates the manager, gates, and mounts what it asks for. Zero lines of site JavaScript.
import type { ConsentAdapter } from '../adapter.js'
import { ConsentError } from '../core/consent-error.js'
import { isObject } from '../core/is-object.js'
import { own, ownKeys } from '../core/own.js'
import { show } from '../core/show.js'
import type { ConsentManager, ConsentOptions } from '../core/types.js'
import { ADAPTER_FACTORIES, checkNoCode, configProblem, NO_CODE_KEYS, type NoCode } from './check-no-code.js'
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

/** The JSON configuration element (see configId); a `data-config` naming no element is reported. */
export function findConfig(script: Element | null): HTMLElement | null | undefined {
  const named = script?.getAttribute('data-config')
  const found = document.getElementById(configId(script))
  if (!found && named) report(configProblem('data-config', 'must name the id of a <script type="application/json"> element', show(named)))
  return found
}

/** Parses the element's JSON; undefined (reported) when it is not a JSON object. */
export function parseConfig(element: HTMLElement): Record<string, unknown> | undefined {
  let json: unknown
  try {
    json = JSON.parse(element.textContent ?? '')
  } catch (error) {
    return void report(new ConsentError('invalid-option', `consentry: the configuration in #${element.id} is not valid JSON (${(error as Error).message}); nothing was started and nothing is granted`))
  }
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

/** createConsent's part of the JSON, checked by createConsent itself (in production too). */
function consentOptions(api: StartApi, json: Record<string, unknown>, noCode: NoCode): ConsentOptions {
  // Null-prototype: a JSON "__proto__" key stays a key (reported as unknown), never a prototype.
  const options: Record<string, unknown> = Object.create(null)
  for (const key of ownKeys(json)) if (!NO_CODE_KEYS.includes(key)) options[key] = json[key]
  const categories = options.categories
  // No CMP will decide: nothing may be granted before the visitor chooses.
  if (noCode.adapterFailed && Array.isArray(categories)) {
    options.categories = categories.map((c) => (own(c, 'enforcement') === 'opt-out' ? { ...c, enforcement: 'opt-in' } : c))
  }
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
 * Runs the declarative start once, if the page has a JSON configuration: at once when the element
 * is already parsed, else once the document is.
 * @example
 * declarativeStart(api, document.currentScript) // reads #consentry-config, or the tag's data-config
 */
export function declarativeStart(api: StartApi, script: Element | null): void {
  const go = () => {
    const element = findConfig(script)
    const json = element && parseConfig(element)
    if (json) startFromJson(api, json)
  }
  if (document.readyState !== 'loading' || document.getElementById(configId(script))) go()
  else document.addEventListener('DOMContentLoaded', go)
}
