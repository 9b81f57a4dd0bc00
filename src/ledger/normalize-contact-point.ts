import { parsePhoneNumberFromString } from 'libphonenumber-js/min'
import type { CountryCode } from 'libphonenumber-js/min'
import type { Channel } from './types.js'

/**
 * Options of {@link normalizeContactPoint}.
 * @example
 * const options: ContactPointOptions = { defaultRegion: 'GB' } // '020 7946 0000' → '+442079460000'
 * normalizeContactPoint('020 7946 0000', 'sms', options)
 */
export interface ContactPointOptions {
  /** ISO 3166 region for phone numbers written without a country code (`GB`, `US`, `DE`). */
  defaultRegion?: CountryCode | undefined
}

// RFC 5321 limits and a conservative shape: one @, no spaces or quotes, a dotted domain.
const EMAIL = /^[a-z0-9!#$%&'*+/=?^_`{|}~.-]{1,64}@[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?(?:\.[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?)+$/
/** Spreadsheets run a cell starting with one of these as a formula (CSV injection). */
const FORMULA = /^[=+\-@\t\r]/
// eslint-disable-next-line no-control-regex
const CONTROL = /[\u0000-\u001f\u007f]/

/** @internal True when a text cell would run as a spreadsheet formula. */
export const isFormula = (value: string): boolean => FORMULA.test(value)

/** @internal True for text that holds control characters (line breaks, NUL, ...). */
export const hasControl = (value: string): boolean => CONTROL.test(value)

/**
 * Puts a contact point in the one form records are compared in, or returns undefined when it is
 * not a valid address for its channel. Emails are trimmed and lower-cased and must look like an
 * address; phones become E.164 (`+442079460000`) so `+44 20 7946 0000`, `020 7946 0000` (with
 * `defaultRegion: 'GB'`) and `0044 20 7946 0000` are one contact point; custom addresses are
 * trimmed. A value starting with `= + - @` (other than a phone's `+`) is refused as a formula.
 *
 * @example
 * normalizeContactPoint(' Holly@Contoso.com ', 'email') // 'holly@contoso.com'
 * normalizeContactPoint('+1 (201) 555-0123', 'sms') // '+12015550123'
 * normalizeContactPoint('=HYPERLINK("x")@x.io', 'email') // undefined
 */
export function normalizeContactPoint(value: string, channel: Channel, options: ContactPointOptions = {}): string | undefined {
  if (typeof value !== 'string') return undefined
  const text = value.trim()
  if (text === '' || text.length > 400 || hasControl(text)) return undefined
  if (channel === 'sms') {
    // Only a phone may start with '+'; libphonenumber rejects letters and formulas.
    if (/^[=\-@]/.test(text) || /[a-z]/i.test(text)) return undefined
    // Without a region, a leading 00 can only be the international prefix (ITU E.164; a national
    // number after a trunk 0 never starts with 0): read it as "+". With a region, that region's
    // own international prefix applies (libphonenumber knows it: 00 in GB, 011 in the US).
    // Own only (an inherited region would reread every number), and no copy per row.
    const region = typeof options === 'object' && options !== null && Object.hasOwn(options, 'defaultRegion') ? options.defaultRegion : undefined
    const phone = parsePhoneNumberFromString(region ? text : text.replace(/^00(?=[\s(]*[1-9])/, '+'), region)
    return phone && phone.isPossible() ? phone.number : undefined
  }
  if (channel === 'custom' && text[0] === '+') {
    // A custom channel addressed by phone (WhatsApp, RCS): the same E.164 form as SMS.
    const phone = /[a-z]/i.test(text) ? undefined : parsePhoneNumberFromString(text)
    return phone && phone.isPossible() ? phone.number : undefined
  }
  if (isFormula(text)) return undefined
  if (channel === 'email') {
    const email = text.toLowerCase()
    return email.length <= 254 && EMAIL.test(email) && !email.includes('..') ? email : undefined
  }
  return text
}
