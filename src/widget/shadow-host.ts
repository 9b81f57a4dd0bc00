import { el } from './el.js'
import { css } from './styles.js'

/**
 * The widget's host element and its open shadow root, styled with a constructable stylesheet, or
 * a `<style>` carrying `nonce` where those are not supported (so no `'unsafe-inline'` is needed).
 * @internal
 */
export function shadowHost(nonce: string | undefined): { host: HTMLDivElement; root: ShadowRoot } {
  const host = el('div', { 'data-consentry-widget': '' })
  const root = host.attachShadow({ mode: 'open' })
  if ('adoptedStyleSheets' in root && typeof CSSStyleSheet === 'function' && 'replaceSync' in CSSStyleSheet.prototype) {
    const sheet = new CSSStyleSheet()
    sheet.replaceSync(css)
    root.adoptedStyleSheets = [sheet]
  } else root.append(el('style', nonce ? { nonce } : {}, css))
  return { host, root }
}
