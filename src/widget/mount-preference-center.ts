import type { Category, ConsentManager } from 'consentry'
import { categorySwitches } from './category-switches.js'
import { checkOptions } from './check-options.js'
import { el, type Attributes } from './el.js'
import { css } from './styles.js'
import type { PreferenceCenter, PreferenceCenterOptions } from './preference-center-types.js'
import { pickTexts } from './texts.js'

/**
 * Mounts the preference center: a first-layer banner (accept all, reject all, customise) while the
 * visitor has not decided, a modal dialog with one switch per category and its topics, and a
 * floating button that reopens it. Any element with `data-consentry-open` opens it too.
 *
 * It renders in a shadow root with constructable stylesheets (or a `<style>` carrying `nonce`),
 * so it needs no `'unsafe-inline'`. Consent changes only on trusted clicks and key presses: a
 * script calling `element.click()` on its controls changes nothing. Decisions are written with
 * `consent.set(…, { source: 'user' })`, which also writes back to a CMP whose adapter can.
 *
 * In development builds it throws a {@link ConsentError} (code `invalid-option`) when `consent` is
 * not a manager or an option has the wrong type. On the server it does nothing.
 *
 * @example
 * const consent = createConsent({ categories })
 * const center = mountPreferenceCenter(consent, { texts: { de: { acceptAll: 'Alle akzeptieren' } } })
 * footerLink.addEventListener('click', () => center.open())
 */
export function mountPreferenceCenter(consent: ConsentManager, options: PreferenceCenterOptions = {}): PreferenceCenter {
  if (process.env.NODE_ENV !== 'production') checkOptions(consent, options)
  if (typeof document !== 'object') return { open() {}, close() {}, destroy() {} }

  const lang = options.lang ?? (document.documentElement.lang || 'en')
  const t = pickTexts(options.texts ?? {}, lang)
  const categories = consent.categories
  let isOpen = false
  let destroyed = false
  let opener: Element | null = null
  let inerted: HTMLElement[] = []

  const host = el('div', { 'data-consentry-widget': '' })
  const root = host.attachShadow({ mode: 'open' })
  if ('adoptedStyleSheets' in root && typeof CSSStyleSheet === 'function' && 'replaceSync' in CSSStyleSheet.prototype) {
    const sheet = new CSSStyleSheet()
    sheet.replaceSync(css)
    root.adoptedStyleSheets = [sheet]
  } else root.append(el('style', options.nonce ? { nonce: options.nonce } : {}, css))

  const button = (text: string, action: (event: Event) => void, attributes?: Attributes) => {
    const node = el('button', { type: 'button', ...attributes }, text)
    node.addEventListener('click', action)
    return node
  }
  // Only a real gesture may change consent: synthetic clicks from page scripts are not trusted.
  const gesture = (action: () => void) => (event: Event) => {
    if (event.isTrusted) action()
  }

  const switches = categorySwitches(categories, t)
  const editable = categories.filter((c) => c.enforcement !== 'always')
  const load = () => switches.load(consent.get().categoryPreferences)

  const decide = (granted: (c: Category) => boolean) => {
    consent.set(Object.fromEntries(editable.map((c) => [c.id, granted(c)])), { source: 'user' })
    close()
  }

  // Accept all and Reject all sit beside each layer's own last button, equally prominent.
  const choices = (last: HTMLElement) =>
    el('div', { class: 'a' }, undefined, button(t.acceptAll, gesture(() => decide(() => true))), button(t.rejectAll, gesture(() => decide(() => false))), last)
  const banner = el(
    'div',
    { class: 'b', role: 'region', 'aria-labelledby': 'bt' },
    undefined,
    el('h2', { id: 'bt' }, t.bannerTitle),
    el('p', {}, t.bannerText),
    choices(button(t.customise, (event) => open(event.currentTarget as Element))),
  )
  const backdrop = el('div', { class: 'x' })
  // A click on the backdrop would otherwise drop focus to <body>, outside the trap.
  backdrop.addEventListener('mousedown', (event) => event.preventDefault())
  const dialog = el(
    'div',
    { class: 'd', role: 'dialog', 'aria-modal': 'true', 'aria-labelledby': 'dt', 'aria-describedby': 'dd', tabindex: '-1' },
    undefined,
    el('div', { class: 'h' }, undefined, el('h2', { id: 'dt' }, t.dialogTitle), button(t.close, () => close(), { class: 'c' })),
    el('p', { id: 'dd' }, t.dialogText),
    switches.list,
    choices(button(t.save, gesture(() => decide(switches.granted)))),
  )
  const fab = button(t.openButton, (event) => open(event.currentTarget as Element), { class: 'f' })
  root.append(el('div', { class: 'w', dir: t.dir, lang }, undefined, banner, backdrop, dialog, fab))

  dialog.addEventListener('keydown', (event) => {
    if (event.key === 'Escape') {
      event.preventDefault()
      return close()
    }
    if (event.key !== 'Tab') return
    const items = [...dialog.querySelectorAll<HTMLElement>('button,input:not(:disabled)')]
    const active = root.activeElement
    const edge = event.shiftKey ? active === items[0] || active === dialog : active === items[items.length - 1]
    if (edge) {
      event.preventDefault()
      items[event.shiftKey ? items.length - 1 : 0]?.focus()
    }
  })

  function update(): void {
    const decided = consent.get().status === 'decided'
    banner.hidden = decided || isOpen
    fab.hidden = !decided || isOpen || options.floatingButton === false
    dialog.hidden = backdrop.hidden = !isOpen
  }

  function open(from?: Element | null): void {
    if (isOpen || destroyed) return
    let active = from ?? document.activeElement
    while (!from && active?.shadowRoot?.activeElement) active = active.shadowRoot.activeElement
    opener = active
    load()
    isOpen = true
    update()
    // Everything behind the modal leaves the tab order and the accessibility tree.
    for (const node of document.body?.children ?? []) {
      if (node !== host && node instanceof HTMLElement && !node.inert) {
        node.inert = true
        inerted.push(node)
      }
    }
    dialog.focus()
  }

  function close(): void {
    if (!isOpen) return
    isOpen = false
    for (const node of inerted) node.inert = false
    inerted = []
    update()
    // The opener may have gone (the banner hides once the visitor decides): fall back to the floating button.
    const back = opener instanceof HTMLElement && opener.isConnected && !opener.closest('[hidden]') ? opener : fab.hidden ? undefined : fab
    back?.focus()
  }

  const onClick = (event: Event) => {
    const target = (event.target as Element | null)?.closest?.('[data-consentry-open]')
    if (target) {
      event.preventDefault()
      open(target)
    }
  }
  const attach = () => document.body.prepend(host)
  const stop = consent.subscribe(() => {
    load()
    update()
  })
  document.addEventListener('click', onClick)
  // Prepended so that keyboard users reach the banner first.
  if (document.body) attach()
  else document.addEventListener('DOMContentLoaded', attach)
  update()

  return {
    open: () => open(),
    close,
    destroy() {
      if (destroyed) return
      close()
      destroyed = true
      stop()
      document.removeEventListener('click', onClick)
      document.removeEventListener('DOMContentLoaded', attach)
      host.remove()
    },
  }
}
