import { adoptLive, ATTRIBUTES, blankable, byGate, EMBED_SELECTOR, freeSources, loadEmbed, unloadEmbed } from './embeds.js'
import { gateScripts, usableRoot } from './gate-scripts.js'
import { currentPage } from './page.js'
import { checkNeeded, grantedFor } from './needed-categories.js'
import { isRetired } from './retired.js'
import { isManager } from './is-manager.js'
import type { ConsentManager } from './types.js'

/**
 * Options for {@link gateElements}.
 * @example
 * const options: GateElementsOptions = { root: document.querySelector('main') ?? document, scripts: false }
 * gateElements(consent, options)
 */
export interface GateElementsOptions {
  /** Where to look, including later additions. @default document */
  root?: ParentNode | undefined
  /** Also gate `<script type="text/plain">` tags, as {@link gateScripts} does. @default true */
  scripts?: boolean | undefined
}

/**
 * Gates every kind of embed by consent: scripts (as {@link gateScripts}), and `<iframe>`, `<img>`,
 * `<video>`, `<audio>`, `<source>` with `data-src` (and `data-srcset`), `<link>` with `data-href`,
 * each carrying `data-consent` (or `data-category`) with the category ids it needs, all of which
 * must be granted. Granted embeds are activated in document order, also those added later; on a
 * revoke they are blanked again: an iframe goes to `about:blank`, an image or a link loses its URL,
 * media pause and drop their source (what the markup had in `src`/`href` is put back). A gated
 * element that names no category, or an unknown one, never loads and is reported through
 * `onError`; so is a `javascript:` URL. Returns a function that stops gating.
 *
 * @throws ConsentError `invalid-option` in development when `consent` is not a manager from createConsent
 * (in production: printed with console.error, and nothing is done).
 * @example
 * // <iframe data-src="https://www.youtube-nocookie.com/embed/xyz" data-consent="marketing" title="Video"></iframe>
 * // <img data-src="https://px.example.com/p.gif" data-consent="advertising" alt="">
 * const stop = gateElements(consent)
 */
export function gateElements(consent: ConsentManager, options?: GateElementsOptions | null): () => void {
  if (!isManager(consent, 'gateElements')) return () => {}
  const root = options?.root ?? (currentPage() && document)
  // A destroyed manager's gates activate nothing (see retired.ts); a server has no page to gate.
  if (isRetired(consent) || !usableRoot(consent, root)) return () => {}
  const stopScripts = options?.scripts === false ? undefined : gateScripts(consent, root)
  let stopped = false
  // Every embed this gate activated, in the page or not: a revoke blanks them all, also one in a
  // panel a tab widget holds detached (it would load again when put back). Each leaves once blanked.
  const activated = new Set<Element>()
  const stop = () => {
    stopped = true
    activated.clear()
    unsubscribe()
    observer?.disconnect()
    stopScripts?.()
  }
  const scan = () => {
    if (stopped) return
    // A destroyed manager's state is frozen: activate nothing more under it (see retired.ts).
    if (isRetired(consent)) return stop()
    const embeds = new Set([...Array.from(root.querySelectorAll(EMBED_SELECTOR)), ...activated])
    for (const el of embeds) {
      checkNeeded(consent, el)
      // A <source> it takes its URL from without being gated is gated with it: visited later in this loop.
      for (const source of freeSources(el)) adoptLive(consent, source, el), embeds.add(source)
      adoptLive(consent, el)
      if (grantedFor(consent, el)) loadEmbed(consent, el)
      else unloadEmbed(el)
      if (blankable(el)) activated.add(el)
      else activated.delete(el)
    }
  }
  scan()
  const unsubscribe = consent.subscribe(scan)
  // Attributes too: a framework that reuses an element for another embed changes its categories,
  // a lazy loader copies data-src into src. Only changes to gated embeds (or ones it activated)
  // rescan, and none that a gate made itself.
  const observer =
    typeof MutationObserver === 'function'
      ? new MutationObserver(
          (records) => records.some((r) => r.type === 'childList' || (!byGate(r) && ((r.target as Element).matches(EMBED_SELECTOR) || activated.has(r.target as Element)))) && scan(),
        )
      : undefined
  observer?.observe(root, { childList: true, subtree: true, attributeFilter: ATTRIBUTES })
  return stop
}
