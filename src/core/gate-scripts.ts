import type { ConsentManager } from './types.js'

const SELECTOR = 'script[type="text/plain"][data-consent]'

/**
 * Activates `<script type="text/plain" data-consent="C0002 C0004">` tags (with `src` or inline)
 * once every listed category is granted, including tags added to the page later. The active
 * copy keeps every attribute and the `nonce`; `data-type="module"` becomes its `type`.
 * A tag listing no category, or an unknown one, never runs. Returns a function that stops it.
 *
 * @example
 * // In the page: <script type="text/plain" data-consent="analytics" src="https://example.com/tag.js"></script>
 * const stop = gateScripts(consent)
 * // Scope it to a region (and its later additions) instead of the whole document:
 * gateScripts(consent, document.querySelector('#embeds') ?? document)
 */
export function gateScripts(consent: ConsentManager, root: ParentNode = document): () => void {
  const scan = () => {
    for (const blocked of Array.from(root.querySelectorAll<HTMLScriptElement>(SELECTOR))) {
      const needed = (blocked.getAttribute('data-consent') ?? '').split(/\s+/).filter(Boolean)
      if (needed.length === 0 || !needed.every(consent.isGranted)) continue
      const script = document.createElement('script')
      for (const { name, value } of Array.from(blocked.attributes)) if (name !== 'type') script.setAttribute(name, value)
      const type = blocked.getAttribute('data-type')
      if (type) script.type = type
      // The nonce attribute is hidden from the DOM after parsing; only the property keeps it.
      if (blocked.nonce) script.nonce = blocked.nonce
      script.text = blocked.text
      blocked.replaceWith(script)
    }
  }
  scan()
  const stop = consent.subscribe(scan)
  const observer = typeof MutationObserver === 'function' ? new MutationObserver(scan) : undefined
  observer?.observe(root, { childList: true, subtree: true })
  return () => {
    stop()
    observer?.disconnect()
  }
}
