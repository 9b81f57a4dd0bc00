/**
 * Every string the preference center shows. A bundle may override any of them; bundles are
 * partial, so a missing translation shows English rather than an empty button.
 * @example
 * const german: Partial<PreferenceCenterTexts> = {
 *   acceptAll: 'Alle akzeptieren',
 *   rejectAll: 'Alle ablehnen',
 *   categories: { analytics: { name: 'Statistik', description: 'Hilft uns zu verstehen, wie die Seite genutzt wird.' } },
 * }
 * mountPreferenceCenter(consent, { texts: { de: german }, lang: 'de' })
 */
export interface PreferenceCenterTexts {
  bannerTitle: string
  bannerText: string
  acceptAll: string
  rejectAll: string
  customise: string
  dialogTitle: string
  dialogText: string
  save: string
  close: string
  /** Shown next to categories whose enforcement is `always`. */
  alwaysOn: string
  /** The floating button that reopens the dialog after a decision. */
  openButton: string
  /** Heading of the notice shown instead of the banner where the region's mode is `opt-out`. */
  noticeTitle: string
  noticeText: string
  /** The notice's link that opens the dialog (the wording US state laws ask for). */
  doNotSell: string
  /** Shown in the notice while the browser sends Global Privacy Control and a category follows it. */
  gpcHonoured: string
  /** Writing direction; when omitted it follows the language (Arabic, Hebrew, Persian, Urdu… are right-to-left). */
  dir?: 'ltr' | 'rtl' | undefined
  /** Per-category overrides of the configured `name` and `description`, keyed by category id. */
  categories?: Readonly<Record<string, { name?: string | undefined; description?: string | undefined }>> | undefined
}

/** The English defaults every bundle falls back to. */
export const englishTexts: PreferenceCenterTexts = {
  bannerTitle: 'Your privacy choices',
  bannerText: 'We use cookies and similar technologies for the purposes below. Accept all, reject all, or choose for each purpose. You can change your mind at any time.',
  acceptAll: 'Accept all',
  rejectAll: 'Reject all',
  customise: 'Customise',
  dialogTitle: 'Privacy preferences',
  dialogText: 'Choose which purposes you allow. Topics apply only while their purpose is allowed.',
  save: 'Save choices',
  close: 'Close',
  alwaysOn: 'Always on',
  openButton: 'Privacy settings',
  noticeTitle: 'Your privacy choices',
  noticeText: 'We and our partners use cookies and similar technologies, including to sell or share personal information for targeted advertising. You can opt out at any time.',
  doNotSell: 'Do not sell or share my personal information',
  gpcHonoured: 'Your browser sends a Global Privacy Control signal: we honour it as your request to opt out.',
}

// Primary language subtags written right to left.
const RTL = /^(ar|arc|ckb|dv|fa|he|ku|ps|sd|ug|ur|yi)$/i

/**
 * The bundle for `lang` (exact tag first, then its primary subtag) over the English defaults.
 * @internal
 */
export function pickTexts(bundles: Readonly<Record<string, Partial<PreferenceCenterTexts>>>, lang: string): PreferenceCenterTexts & { dir: 'ltr' | 'rtl' } {
  const primary = lang.split('-')[0] ?? ''
  // Own bundles only: a tag such as `constructor` or `__proto__` names no bundle.
  const own = (tag: string) => (Object.hasOwn(bundles, tag) ? bundles[tag] : undefined)
  const chosen = own(lang) ?? own(primary) ?? {}
  return { ...englishTexts, ...chosen, dir: chosen.dir ?? (RTL.test(primary) ? 'rtl' : 'ltr') }
}
