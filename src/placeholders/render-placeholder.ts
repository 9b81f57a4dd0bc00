import type { ConsentManager } from 'consentry'
import { onTrustedClick } from '../widget/trusted-click.js'
import { css } from './styles.js'
import { fill, type PlaceholderTexts } from './texts.js'

// The same rule as the core's gate: ASCII-whitespace-separated ids of both attributes.
export const neededBy = (el: Element): string[] => `${el.getAttribute('data-consent') ?? ''} ${el.getAttribute('data-category') ?? ''}`.split(/[\t\n\f\r ]+/).filter(Boolean)

/** What the embed is, for the visitor: its data-title, its title, else the host it would load from. */
function titleOf(el: Element): string {
  const named = el.getAttribute('data-title') || el.getAttribute('title')
  if (named) return named
  const src = el.getAttribute('data-src') ?? el.querySelector('source[data-src]')?.getAttribute('data-src')
  try {
    return new URL(src ?? '', document.baseURI).hostname || 'This content'
  } catch {
    return 'This content'
  }
}

/** The embed's size: its width/height attributes, else its laid-out size; CSSOM only (no style attribute). */
function sizeLike(host: HTMLElement, el: Element): void {
  const box = el.getBoundingClientRect()
  for (const side of ['width', 'height'] as const) {
    const given = el.getAttribute(side)
    const px = given && /^\d+(\.\d+)?$/.test(given) ? Number(given) : box[side]
    if (px > 0) host.style.setProperty(side, `${px}px`)
  }
}

function sheet(root: ShadowRoot, nonce: string | undefined): void {
  if ('adoptedStyleSheets' in root && typeof CSSStyleSheet === 'function' && 'replaceSync' in CSSStyleSheet.prototype) {
    const made = new CSSStyleSheet()
    made.replaceSync(css)
    root.adoptedStyleSheets = [made]
    return
  }
  const style = document.createElement('style')
  if (nonce) style.nonce = nonce
  style.textContent = css
  root.append(style)
}

export interface RenderOptions {
  texts: PlaceholderTexts
  loadOnce: boolean
  nonce: string | undefined
  onOnce: (el: Element) => void
}

/**
 * The placeholder for one blocked embed: a host sized like it, holding (in a shadow root) what the
 * embed is, the categories it needs, "Allow" and optionally "Load this once". Buttons act only on
 * a trusted gesture; every text is set with textContent.
 */
export function renderPlaceholder(consent: ConsentManager, el: Element, options: RenderOptions): HTMLElement {
  const find = (id: string | undefined) => consent.categories.find((c) => c.id === id)
  // A topic loads only with its purpose granted too: name (and on "Allow", grant) the purpose as
  // well, or the visitor's "Allow" would change nothing.
  const ids = neededBy(el)
  const needed = [...new Set([...ids.map((id) => find(id)?.parent).filter((id): id is string => id !== undefined), ...ids])]
  const categories = needed.map(find)
  const known = needed.length > 0 && categories.every(Boolean)
  const values = { title: titleOf(el), category: categories.map((c, i) => c?.name ?? needed[i]).join(', ') }
  const host = document.createElement('div')
  host.setAttribute('data-consentry-placeholder', '')
  sizeLike(host, el)
  const root = host.attachShadow({ mode: 'open' })
  sheet(root, options.nonce)
  const box = document.createElement('div')
  box.className = 'p'
  box.setAttribute('role', 'group')
  box.setAttribute('aria-label', values.title)
  const message = document.createElement('p')
  message.textContent = fill(options.texts.message, values)
  const actions = document.createElement('div')
  actions.className = 'a'
  const button = (text: string, action: () => void, className = '') => {
    const node = document.createElement('button')
    node.type = 'button'
    node.className = className
    node.textContent = fill(text, values)
    // Only a real gesture may change consent or load a tracker: page scripts' click() is ignored,
    // and so is a key press a script steered onto the button by moving focus to it.
    onTrustedClick(node, action)
    actions.append(node)
  }
  // An embed naming an unknown category can never be granted: no button pretends otherwise.
  const allow = () => {
    consent.set(Object.fromEntries(needed.map((id) => [id, true])), { source: 'user' })
    // The placeholder (and the focused button) is gone: keyboard users continue at the embed.
    ;(el as HTMLElement).focus?.()
  }
  if (known) button(options.texts.allow, allow)
  if (known && options.loadOnce) button(options.texts.once, () => options.onOnce(el), 'o')
  box.append(message, actions)
  root.append(box)
  return host
}
