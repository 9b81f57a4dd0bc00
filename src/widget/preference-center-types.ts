// The widget's public types, apart from the code: mountPreferenceCenter and its option check
// both read them, and neither imports the other for a type.
import type { PreferenceCenterTexts } from './texts.js'

/**
 * Options for {@link mountPreferenceCenter}.
 * @example
 * const options: PreferenceCenterOptions = {
 *   lang: 'fr-CA', // falls back to the 'fr' bundle, then to English per string
 *   texts: { fr: { acceptAll: 'Tout accepter', rejectAll: 'Tout refuser' } },
 *   nonce: document.querySelector<HTMLScriptElement>('script[nonce]')?.nonce, // the nonce your CSP header allows
 *   floatingButton: false, // the site has its own "privacy settings" link
 * }
 * mountPreferenceCenter(consent, options)
 */
export interface PreferenceCenterOptions {
  /**
   * Text bundles keyed by language tag (`en`, `fr`, `pt-BR`…). Strings missing from the chosen
   * bundle fall back to English. Every string is rendered as text, never as HTML.
   */
  texts?: Readonly<Record<string, Partial<PreferenceCenterTexts>>> | undefined
  /** Which bundle to use: the exact tag, then its primary subtag. @default document.documentElement.lang, else 'en' */
  lang?: string | undefined
  /** Nonce for the `<style>` element used where constructable stylesheets are not supported. */
  nonce?: string | undefined
  /** Show the floating "privacy settings" button once the visitor has decided. @default true */
  floatingButton?: boolean | undefined
}

/**
 * What {@link mountPreferenceCenter} returns: the handle a single-page app keeps to reopen the
 * dialog and to remove the widget when its view unmounts.
 * @example
 * const center: PreferenceCenter = mountPreferenceCenter(consent)
 * document.querySelector('#privacy-link')?.addEventListener('click', () => center.open())
 * // On route teardown:
 * center.destroy()
 */
export interface PreferenceCenter {
  /** Opens the preferences dialog; focus returns to the element focused before when it closes. */
  open(): void
  /** Closes the preferences dialog without saving. */
  close(): void
  /** Removes every node and listener the widget added. */
  destroy(): void
}
