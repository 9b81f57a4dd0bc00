import { ConsentError } from './consent-error.js'
import { checkNeeded, grantedFor } from './needed-categories.js'
import { isRetired } from './retired.js'
import { reportRefusal, sinkOf, trusted } from './trusted-types.js'
import type { ConsentManager } from './types.js'
import { currentPage } from './page.js'
import { isManager } from './is-manager.js'
import { show } from './show.js'

const SELECTOR = 'script[type="text/plain"][data-consent],script[type="text/plain"][data-category]'
// The types a browser runs as a classic script (HTML's JavaScript MIME types, in practice).
const CLASSIC = /^(?:(?:text|application)\/(?:x-)?(?:java|ecma)script)?$/i
// The runnable copies the gates made (they keep data-consent), and the tags already reported.
const copies = new WeakSet<Element>()
const told = new WeakSet<Element>()

/**
 * A tag with data-consent but without type="text/plain" is one the browser ran (or runs) as it
 * is, whatever the visitor chose: no gate can hold it back. Each is reported once.
 */
function reportUngated(consent: ConsentManager, root: ParentNode): void {
  for (const el of Array.from(root.querySelectorAll<HTMLScriptElement>('script[data-consent],script[data-category]'))) {
    const type = el.getAttribute('type') ?? ''
    if (told.has(el) || copies.has(el) || !(CLASSIC.test(type) || type === 'module')) continue
    told.add(el)
    consent.report(new ConsentError('invalid-option', 'consentry: a <script> with data-consent has no type="text/plain", so it runs without consent; add type="text/plain"'))
  }
}

/**
 * Whether `root` can be gated: none on a server (nothing to do), and something that is not a
 * document or element (a selector string) is reported: nothing under it is activated.
 */
export function usableRoot(consent: ConsentManager, root: unknown): root is ParentNode {
  if (root === undefined) return false
  if (typeof (root as Partial<ParentNode> | null)?.querySelectorAll === 'function') return true
  consent.report(new ConsentError('invalid-option', `consentry: the gates' root must be a document or an element; received ${show(root)}`))
  return false
}

/**
 * Activates `<script type="text/plain" data-consent="C0002 C0004">` tags (with `src` or inline)
 * once every listed category is granted, including tags added to the page later. `data-category`
 * is read the same way (both attributes' ids are needed). On a page that enforces Trusted Types
 * the code and URLs go through the `consentry` policy (see gateElements). The active
 * copy keeps every attribute and the `nonce`; `data-type="module"` becomes its `type`.
 * Activated tags run as they would have in the ungated page: plain ones in document order (an
 * inline tag waits for the external ones before it), `defer` ones and modules after those and
 * after parsing, in order, and `async` ones whenever they load.
 * A tag listing no category, or an unknown one, never runs. A tag with `data-consent` but without
 * `type="text/plain"` ran with the page: it is reported (`invalid-option`). Returns a function that stops it.
 *
 * @throws ConsentError `invalid-option` in development when `consent` is not a manager from createConsent
 * (in production: printed with console.error, and nothing is done).
 * @example
 * // In the page: <script type="text/plain" data-consent="analytics" src="https://example.com/tag.js"></script>
 * const stop = gateScripts(consent)
 * // Scope it to a region (and its later additions) instead of the whole document:
 * gateScripts(consent, document.querySelector('#embeds') ?? document)
 */
export function gateScripts(consent: ConsentManager, root?: ParentNode | null): () => void {
  if (!isManager(consent, 'gateScripts')) return () => {}
  const within = root ?? (currentPage() && document)
  // A destroyed manager's gates activate nothing (see retired.ts); a server has no page to gate.
  if (isRetired(consent) || !usableRoot(consent, within)) return () => {}
  // Tags waiting for their turn: plain ones, then (once the document is parsed) deferred ones.
  const plain: HTMLScriptElement[] = []
  // Stryker disable next-line ArrayDeclaration: equivalent, a non-element in the queue is skipped as disconnected
  const deferred: HTMLScriptElement[] = []
  const queued = new WeakSet<Element>()
  // Ordered external tags inserted and not yet run. Inserted with async = false, the browser runs
  // them in insertion order; an inline tag runs the moment it is inserted, so it waits for them.
  let running = 0
  let stopped = false

  const activate = (blocked: HTMLScriptElement, ordered?: boolean) => {
    queued.delete(blocked)
    // Revoked, removed or stopped while it waited: it stays blocked (a later grant rescans it).
    if (stopped || isRetired(consent) || !blocked.isConnected || !grantedFor(consent, blocked)) return
    const script = activeCopy(consent, blocked)
    if (!script) return
    // Inserted scripts are async unless told otherwise.
    if (ordered) {
      script.async = false
      if (blocked.hasAttribute('src')) {
        running++
        const done = () => {
          running--
          pump()
        }
        script.addEventListener('load', done)
        script.addEventListener('error', done)
      }
    }
    blocked.replaceWith(script)
  }
  const pump = () => {
    while (plain[0] && (plain[0].hasAttribute('src') || !running)) activate(plain.shift()!, true)
    if (!plain[0] && document.readyState !== 'loading') while (deferred[0]) activate(deferred.shift()!, true)
  }

  const scan = () => {
    // A destroyed manager's state is frozen: activate nothing more under it (see retired.ts).
    if (isRetired(consent)) return void observer?.disconnect()
    reportUngated(consent, within)
    for (const blocked of Array.from(within.querySelectorAll<HTMLScriptElement>(SELECTOR))) {
      checkNeeded(consent, blocked)
      if (queued.has(blocked) || !grantedFor(consent, blocked)) continue
      queued.add(blocked)
      const type = blocked.getAttribute('data-type') ?? ''
      const module = type === 'module'
      const external = blocked.hasAttribute('src')
      const has = (name: string) => blocked.hasAttribute(name)
      // What never runs (another type, nomodule) and async tags go at once; async only counts for
      // external classic tags and modules, defer only for external classic ones.
      if (!(module || (CLASSIC.test(type) && !has('nomodule'))) || (has('async') && (external || module))) activate(blocked)
      else (module || (external && has('defer')) ? deferred : plain).push(blocked)
    }
    pump()
  }
  scan()
  const stop = consent.subscribe(scan)
  const observer = typeof MutationObserver === 'function' ? new MutationObserver(scan) : undefined
  observer?.observe(within, { childList: true, subtree: true })
  document.addEventListener('DOMContentLoaded', pump)
  return () => {
    stopped = true
    stop()
    observer?.disconnect()
    document.removeEventListener('DOMContentLoaded', pump)
  }
}

/**
 * The runnable copy of a blocked tag: every attribute but `type` (`data-type` becomes it), the
 * text, and the nonce. Undefined when Trusted Types refuses the copy (reported): the tag stays blocked.
 */
function activeCopy(consent: ConsentManager, blocked: HTMLScriptElement): HTMLScriptElement | undefined {
  const script = document.createElement('script')
  copies.add(script)
  let what = 'text'
  try {
    // The Trusted Types sinks (src, on* handlers, the text) go through the consentry policy.
    for (const { name, value } of Array.from(blocked.attributes)) if (name !== 'type') script.setAttribute((what = name), trusted(consent, value, sinkOf(name)))
    what = 'text'
    if (blocked.text) script.text = trusted(consent, blocked.text, 'createScript')
  } catch (error) {
    // Only Trusted Types refuses these writes: the tag stays blocked, and the site is told why.
    reportRefusal(consent, error, what)
    return undefined
  }
  const type = blocked.getAttribute('data-type')
  if (type) script.type = type
  // The nonce attribute is hidden from the DOM after parsing; only the property keeps it.
  if (blocked.nonce) script.nonce = blocked.nonce
  return script
}
