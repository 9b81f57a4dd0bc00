import { ConsentError, type ConsentManager } from 'consentry'
import type { PreferenceCenterOptions } from './preference-center-types.js'

/** Development-only: throws a ConsentError naming the first bad argument. @internal */
export function checkOptions(consent: ConsentManager, options: PreferenceCenterOptions): void {
  const fail = (what: string, value: unknown) => {
    throw new ConsentError('invalid-option', `consentry: mountPreferenceCenter ${what}, received ${JSON.stringify(value) ?? String(value)}`)
  }
  if (typeof consent?.get !== 'function' || typeof consent.subscribe !== 'function') fail('needs the manager returned by createConsent()', consent)
  if (typeof options !== 'object' || options === null) fail('options must be an object', options)
  const { texts, lang, nonce, floatingButton } = options
  const isObject = (value: unknown) => typeof value === 'object' && value !== null && !Array.isArray(value)
  if (texts !== undefined && (!isObject(texts) || !Object.values(texts).every(isObject))) fail('options.texts must map language tags to text objects', texts)
  for (const [tag, bundle] of Object.entries(texts ?? {})) {
    for (const [key, value] of Object.entries(bundle)) {
      if (key !== 'categories' && typeof value !== 'string') fail(`options.texts.${tag}.${key} must be a string`, value)
    }
  }
  if (lang !== undefined && typeof lang !== 'string') fail('options.lang must be a language tag string', lang)
  if (nonce !== undefined && typeof nonce !== 'string') fail('options.nonce must be a string', nonce)
  if (floatingButton !== undefined && typeof floatingButton !== 'boolean') fail('options.floatingButton must be a boolean', floatingButton)
}
