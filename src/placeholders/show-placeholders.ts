import { allowOnce, ConsentError, isConsentManager, type ConsentManager } from 'consentry'
import { neededBy, renderPlaceholder } from './render-placeholder.js'
import { defaults, type PlaceholderTexts } from './texts.js'

/**
 * Options for {@link showPlaceholders}.
 * @example
 * const options: PlaceholderOptions = {
 *   loadOnce: true,
 *   texts: { message: '{title} needs your consent to {category}.', allow: 'Allow {category}' },
 *   nonce: document.querySelector<HTMLScriptElement>('script[nonce]')?.nonce,
 * }
 * showPlaceholders(consent, options)
 */
export interface PlaceholderOptions {
  /** Where to look, including later additions. @default document */
  root?: ParentNode | undefined
  /** Texts; `{title}` and `{category}` are filled in, and everything is rendered as text. */
  texts?: Partial<PlaceholderTexts> | undefined
  /** Offer "Load this once": loads only this embed, for this page view, without storing consent. @default false */
  loadOnce?: boolean | undefined
  /** Nonce for the `<style>` element used where constructable stylesheets are not supported. */
  nonce?: string | undefined
}

const EMBEDS = ['iframe', 'video', 'audio'].flatMap((tag) => [`${tag}[data-consent]`, `${tag}[data-category]`]).join(',')

const OPTIONS = ['root', 'texts', 'loadOnce', 'nonce']

const report = (consent: ConsentManager, message: string, who = 'showPlaceholders ') => consent.report(new ConsentError('invalid-option', `consentry: ${who}${message}`))
const isObject = (value: unknown): value is Record<string, unknown> => typeof value === 'object' && value !== null && !Array.isArray(value)
const own = (value: Record<string, unknown>, key: string) => (Object.hasOwn(value, key) ? value[key] : undefined)

/** Reports every key of `given` not in `known`: a misspelled option or text is never dropped silently. */
function unknownKeys(consent: ConsentManager, given: Record<string, unknown>, known: readonly string[], at: string): void {
  for (const key of Object.keys(given).filter((k) => !known.includes(k))) report(consent, `${at}"${key}" is not an option (misspelled?)`)
}

function pickTexts(consent: ConsentManager, given: unknown): PlaceholderTexts {
  const texts = { ...defaults }
  if (given === undefined) return texts
  if (!isObject(given)) return (report(consent, 'option "texts" must be an object of texts; the defaults are used'), texts)
  unknownKeys(consent, given, Object.keys(defaults), 'text ')
  for (const key of Object.keys(defaults) as (keyof PlaceholderTexts)[]) {
    const value = own(given, key)
    // A blank text would leave a button without an accessible name.
    if (typeof value === 'string' && value.trim() !== '') texts[key] = value
    else if (value !== undefined) report(consent, `text "${key}" ${typeof value === 'string' ? 'must not be blank' : 'must be a string'}; the default is used`, 'placeholder ')
  }
  return texts
}

/** The options as read: own keys of the right type; every other one reported. No `root` to use: undefined. */
function checkOptions(consent: ConsentManager, options: unknown) {
  if (!isObject(options)) report(consent, 'options must be an object')
  const given = isObject(options) ? options : {}
  unknownKeys(consent, given, OPTIONS, 'option ')
  const [root, loadOnce, nonce] = [own(given, 'root'), own(given, 'loadOnce'), own(given, 'nonce')]
  // Elsewhere than where it was asked for (`null` from a querySelector that found nothing is not
  // "everywhere"), a placeholder could offer another manager's embeds: none at all.
  const node = (root === undefined ? document : root) as ParentNode & Node
  const usable = typeof node?.querySelectorAll === 'function' && typeof node.nodeType === 'number'
  if (!usable) report(consent, 'option "root" must be a document or an element; no placeholder is shown')
  if (loadOnce !== undefined && typeof loadOnce !== 'boolean') report(consent, 'option "loadOnce" must be a boolean; "Load this once" is not offered')
  if (nonce !== undefined && typeof nonce !== 'string') report(consent, 'option "nonce" must be a string')
  const checked = { root: node, texts: pickTexts(consent, own(given, 'texts')), loadOnce: loadOnce === true, nonce: typeof nonce === 'string' ? nonce : undefined }
  return usable ? checked : undefined
}

// Embeds loaded once by the visitor, for this page view, whichever call showed their placeholder.
const loadedOnce = new WeakSet<Element>()

/**
 * Shows a placeholder in place of every gated `<iframe>`, `<video>` and `<audio>` (see
 * `gateElements`) whose categories are not all granted: sized like the embed, saying what it is
 * (`data-title`, `title` or its host name) and which categories it needs, with "Allow" (grants
 * them, as the visitor's choice) and optionally "Load this once" (this embed, this page view). It
 * goes away when the embed may load and comes back on a revoke. Shadow DOM and constructable
 * stylesheets (or a `<style>` with `nonce`): no `'unsafe-inline'` needed; only trusted clicks act.
 * Run `gateElements(consent)` too: it is what loads the embeds. Returns a function that removes
 * every placeholder and stops.
 *
 * @example
 * // <iframe data-src="https://www.youtube-nocookie.com/embed/xyz" data-consent="marketing" data-title="YouTube video" width="560" height="315"></iframe>
 * gateElements(consent)
 * const stop = showPlaceholders(consent, { loadOnce: true })
 */
export function showPlaceholders(consent: ConsentManager, options: PlaceholderOptions = {}): () => void {
  if (typeof document !== 'object') return () => {}
  if (!isConsentManager(consent)) {
    console.error(new ConsentError('invalid-option', 'consentry: showPlaceholders needs the manager returned by createConsent()'))
    return () => {}
  }
  let checked: ReturnType<typeof checkOptions>
  try {
    checked = checkOptions(consent, options)
  } catch {
    // A getter or a Proxy that throws: nothing of it is used, and no root is known.
    report(consent, 'options could not be read; no placeholder is shown')
  }
  if (!checked) return () => {}
  const { root, texts } = checked
  // Each embed's own inline display, put back when its placeholder goes.
  const shown = new Map<Element, { host: HTMLElement; display: [string, string] }>()
  let stopped = false

  const remove = (el: Element) => {
    const entry = shown.get(el)
    if (!entry) return
    shown.delete(el)
    entry.host.remove()
    const [value, priority] = entry.display
    if (value) (el as HTMLElement).style.setProperty('display', value, priority)
    else (el as HTMLElement).style.removeProperty('display')
  }
  const onOnce = (el: Element) => {
    loadedOnce.add(el)
    allowOnce(consent, el)
    remove(el)
    ;(el as HTMLElement).focus?.()
  }
  // An embed whose markup had its URL in src loaded before any gate could hold it back: saying it
  // is blocked would be false. The gate reports it, blanks it while denied and marks it.
  const live = (el: Element) => el.hasAttribute('data-consentry-live') || (el.getAttribute('src') && !el.hasAttribute('data-src'))
  // Fail closed like the gate: naming no category is never granted.
  const blocked = (el: Element) => {
    const needed = neededBy(el)
    return !loadedOnce.has(el) && !live(el) && (needed.length === 0 || !needed.every((id) => consent.isGranted(id)))
  }
  const scan = () => {
    if (stopped) return
    for (const [el] of shown) if (!el.isConnected || !blocked(el)) remove(el)
    for (const el of Array.from(root.querySelectorAll(EMBEDS))) {
      // One placeholder per embed: another call's (or another copy's) stands right before it.
      if (shown.has(el) || el.previousElementSibling?.hasAttribute('data-consentry-placeholder') || !blocked(el)) continue
      const host = renderPlaceholder(consent, el, { texts, loadOnce: checked.loadOnce, nonce: checked.nonce, onOnce })
      const { style } = el as HTMLElement
      shown.set(el, { host, display: [style.getPropertyValue('display'), style.getPropertyPriority('display')] })
      el.before(host)
      // Through the CSSOM, which a strict CSP allows, and important: page CSS (iframe { display: block }) must not show it.
      style.setProperty('display', 'none', 'important')
    }
  }
  scan()
  const unsubscribe = consent.subscribe(scan)
  const observer = typeof MutationObserver === 'function' ? new MutationObserver(scan) : undefined
  observer?.observe(root, { childList: true, subtree: true })
  return () => {
    stopped = true
    unsubscribe()
    observer?.disconnect()
    for (const [el] of shown) remove(el)
  }
}
