/**
 * The placeholder's texts. `{title}` is replaced by what the embed is (its `data-title`, `title`
 * or host name) and `{category}` by the names of the categories it needs. Rendered as text only.
 * @example
 * const texts: Partial<PlaceholderTexts> = { message: '{title} setzt Cookies für „{category}“.', allow: '{category} erlauben', once: 'Nur dieses Mal laden' }
 * showPlaceholders(consent, { texts })
 */
export interface PlaceholderTexts {
  /** @default '{title} is blocked until you allow {category}.' */
  message: string
  /** @default 'Allow {category}' */
  allow: string
  /** @default 'Load this once' */
  once: string
}

export const defaults: PlaceholderTexts = {
  message: '{title} is blocked until you allow {category}.',
  allow: 'Allow {category}',
  once: 'Load this once',
}

/** Fills `{title}` and `{category}`; a function replacer, so `$&` in a name stays literal. */
export const fill = (text: string, values: Record<string, string>) => text.replace(/\{(title|category)\}/g, (_, key: string) => values[key] ?? '')
