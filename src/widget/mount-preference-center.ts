import { type Category, ConsentError, type ConsentManager } from 'consentry'
import { categorySwitches } from './category-switches.js'
import { checkOptions } from './check-options.js'
import { el, type Attributes } from './el.js'
import { trapFocus } from './focus-trap.js'
import { shadowHost } from './shadow-host.js'
import type { PreferenceCenter, PreferenceCenterOptions } from './preference-center-types.js'
import { pickTexts } from './texts.js'
import { onTrustedClick } from './trusted-click.js'

/**
 * Mounts the preference center: a first-layer banner (accept all, reject all, customise) while the
 * visitor has not decided, a modal dialog with one switch per category and its topics, and a
 * floating button that reopens it. Any element with `data-consentry-open` opens it too.
 *
 * It renders in a shadow root with constructable stylesheets (or a `<style>` carrying `nonce`),
 * so it needs no `'unsafe-inline'`. Consent changes only on trusted clicks and key presses made on
 * its own buttons: a script calling `element.click()` on its controls, or moving focus onto one
 * while the visitor presses Enter elsewhere, changes nothing. Decisions are written with
 * `consent.set(…, { source: 'user' })`, which also writes back to a CMP whose adapter can.
 *
 * Its options are checked in every build: an unknown key, a value of the wrong type or an inherited
 * one throws a {@link ConsentError} (code `invalid-option`) in development; in production each is
 * reported through the manager's `onError` and left out (the default is shown), and nothing throws
 * into the page. One preference center per page: a second call replaces the first (reported).
 * On the server it does nothing.
 *
 * @example
 * const consent = createConsent({ categories })
 * const center = mountPreferenceCenter(consent, { texts: { de: { acceptAll: 'Alle akzeptieren' } } })
 * footerLink.addEventListener('click', () => center.open())
 */
export function mountPreferenceCenter(consent: ConsentManager, given: PreferenceCenterOptions = {}): PreferenceCenter {
  const options = checkOptions(consent, given)
  if (!options || typeof document !== 'object') return { open() {}, close() {}, destroy() {} }
  if (!makeRoom(consent)) return { open() {}, close() {}, destroy() {} }

  const lang = options.lang ?? (document.documentElement.lang || 'en')
  const t = pickTexts(options.texts ?? {}, lang)
  let isOpen = false
  let destroyed = false
  let opener: Element | null = null
  let inerted: HTMLElement[] = []

  const { host, root } = shadowHost(options.nonce)
  const switches = categorySwitches(consent.categories, t)
  const load = () => switches.load(consent.get().categoryPreferences)
  const { banner, notice, gpc, backdrop, dialog, fab } = layers(consent, t, switches, { open: (from) => open(from), close: () => close() })
  root.append(el('div', { class: 'w', dir: t.dir, lang }, undefined, banner, notice, backdrop, dialog, fab))
  trapFocus(dialog, root, () => close())

  const update = () => show(consent, { banner, notice, gpc, backdrop, dialog, fab }, isOpen, options.floatingButton !== false)

  function open(from?: Element | null): void {
    if (isOpen || destroyed) return
    opener = from ?? deepActiveElement()
    load()
    isOpen = true
    update()
    inerted = inertAllBut(host)
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

  const stopListening = listen(host, consent, open, () => {
    load()
    update()
  })
  update()

  const center: PreferenceCenter = {
    open: () => open(),
    close,
    destroy() {
      if (destroyed) return
      close()
      destroyed = true
      stopListening()
      host.remove()
      if (mounted?.center === center) mounted = undefined
    },
  }
  mounted = { center, host }
  return center
}

// The mounted preference center of this copy of the entry (another copy's is found by its host).
let mounted: { center: PreferenceCenter; host: HTMLElement } | undefined

/**
 * One preference center per page: two would each make the other inert, locking the page. A second
 * mount replaces this copy's first (reported while that one is still on the page); another copy's,
 * found by its host, stays, and false says not to mount.
 */
function makeRoom(consent: ConsentManager): boolean {
  const duplicate = () => consent.report(new ConsentError('invalid-option', 'consentry: mountPreferenceCenter called while a preference center is mounted; destroy() it first'))
  if (mounted) {
    if (mounted.host.isConnected) duplicate()
    mounted.center.destroy()
  } else if (document.querySelector('[data-consentry-widget]')) return (duplicate(), false)
  return true
}

type Switches = ReturnType<typeof categorySwitches>
type Texts = ReturnType<typeof pickTexts>

/** A button that runs `action` on click. */
function button(text: string, action: (event: Event) => void, attributes?: Attributes): HTMLButtonElement {
  const node = el('button', { type: 'button', ...attributes }, text)
  node.addEventListener('click', action)
  return node
}

/**
 * A button that changes consent: only the visitor's own click or key press on it acts, never a
 * script's click() nor a key press a script steered onto it by moving focus (see onTrustedClick).
 */
function choiceButton(text: string, action: () => void): HTMLButtonElement {
  const node = el('button', { type: 'button' }, text)
  onTrustedClick(node, action)
  return node
}

/** The banner, the dialog with its backdrop, and the floating button, wired to the manager. */
function layers(consent: ConsentManager, t: Texts, switches: Switches, actions: { open(from: Element): void; close(): void }) {
  const editable = consent.categories.filter((c) => c.enforcement !== 'always')
  const decide = (granted: (c: Category) => boolean) => {
    consent.set(Object.fromEntries(editable.map((c) => [c.id, granted(c)])), { source: 'user' })
    actions.close()
  }
  const openFrom = (event: Event) => actions.open(event.currentTarget as Element)
  // Accept all and Reject all sit beside each layer's own last button, equally prominent.
  const choices = (last: HTMLElement) =>
    el(
      'div',
      { class: 'a' },
      undefined,
      choiceButton(t.acceptAll, () => decide(() => true)),
      choiceButton(t.rejectAll, () => decide(() => false)),
      last,
    )
  const banner = el('div', { class: 'b', role: 'region', 'aria-labelledby': 'bt' }, undefined, el('h2', { id: 'bt' }, t.bannerTitle), el('p', {}, t.bannerText), choices(button(t.customise, openFrom)))
  const backdrop = el('div', { class: 'x' })
  // A click on the backdrop would otherwise drop focus to <body>, outside the trap.
  backdrop.addEventListener('mousedown', (event) => event.preventDefault())
  const dialog = el(
    'div',
    { class: 'd', role: 'dialog', 'aria-modal': 'true', 'aria-labelledby': 'dt', 'aria-describedby': 'dd', tabindex: '-1' },
    undefined,
    el(
      'div',
      { class: 'h' },
      undefined,
      el('h2', { id: 'dt' }, t.dialogTitle),
      button(t.close, () => actions.close(), { class: 'c' }),
    ),
    el('p', { id: 'dd' }, t.dialogText),
    switches.list,
    choices(choiceButton(t.save, () => decide(switches.granted))),
  )
  const fab = button(t.openButton, openFrom, { class: 'f' })
  // Opt-out regions: a notice with the "Do not sell or share" link, which opens the dialog.
  const link = el('a', { href: '#', class: 'l' }, t.doNotSell)
  link.addEventListener('click', (event) => (event.preventDefault(), openFrom(event)))
  const gpc = el('p', { class: 'g' }, t.gpcHonoured)
  const notice = el('div', { class: 'b', role: 'region', 'aria-labelledby': 'nt' }, undefined, el('h2', { id: 'nt' }, t.noticeTitle), el('p', {}, t.noticeText), gpc, link)
  return { banner, notice, gpc, backdrop, dialog, fab }
}

/** Shows the layers the state and the region's mode call for, hides the others. */
function show(consent: ConsentManager, layers: Record<'banner' | 'notice' | 'gpc' | 'backdrop' | 'dialog' | 'fab', HTMLElement>, isOpen: boolean, floating: boolean): void {
  const { banner, notice, gpc, backdrop, dialog, fab } = layers
  const { status, mode } = consent.get()
  const asking = status !== 'decided' && !isOpen
  // The region's mode (see the `regions` option): only its exact laxer values show less than the opt-in banner.
  const optOut = mode === 'opt-out'
  const none = mode === 'none'
  banner.hidden = !asking || optOut || none
  notice.hidden = !asking || !optOut
  gpc.hidden = !gpcHonoured(consent)
  fab.hidden = asking || isOpen || none || !floating
  dialog.hidden = backdrop.hidden = !isOpen
}

/** The browser sends Global Privacy Control and a category here follows it (`gpc`): say it is honoured. */
function gpcHonoured(consent: ConsentManager): boolean {
  return (navigator as { globalPrivacyControl?: unknown }).globalPrivacyControl === true && consent.categories.some((c) => c.gpc === true)
}

/** The focused element, looking through open shadow roots. */
function deepActiveElement(): Element | null {
  let active = document.activeElement
  while (active?.shadowRoot?.activeElement) active = active.shadowRoot.activeElement
  return active
}

/** Everything behind the modal leaves the tab order and the accessibility tree; returns what it made inert. */
function inertAllBut(host: HTMLElement): HTMLElement[] {
  const made: HTMLElement[] = []
  for (const node of document.body?.children ?? []) {
    if (node !== host && node instanceof HTMLElement && !node.inert) {
      node.inert = true
      made.push(node)
    }
  }
  return made
}

/**
 * Puts the host on the page (prepended, so keyboard users reach the banner first), opens the
 * dialog from any `data-consentry-open` element, and follows consent changes. Returns the undo.
 */
function listen(host: HTMLElement, consent: ConsentManager, open: (from: Element) => void, changed: () => void): () => void {
  const onClick = (event: Event) => {
    const target = (event.target as Element | null)?.closest?.('[data-consentry-open]')
    if (target) {
      event.preventDefault()
      open(target)
    }
  }
  const attach = () => document.body.prepend(host)
  const stop = consent.subscribe(changed)
  document.addEventListener('click', onClick)
  if (document.body) attach()
  else document.addEventListener('DOMContentLoaded', attach)
  return () => {
    stop()
    document.removeEventListener('click', onClick)
    document.removeEventListener('DOMContentLoaded', attach)
  }
}
