import type { Channel } from './types.js'

/**
 * Puts a contact point in the form records are compared in: emails lose all whitespace and are
 * lower-cased (providers treat the local part case-insensitively in practice), phone numbers keep
 * only their digits, custom addresses are trimmed.
 *
 * @example
 * normalizeContactPoint(' Holly@Contoso.com ', 'email') // 'holly@contoso.com'
 * normalizeContactPoint('+1 (555) 010-2000', 'sms') // '15550102000'
 */
export function normalizeContactPoint(value: string, channel: Channel): string {
  switch (channel) {
    case 'email':
      return value.replace(/\s+/g, '').toLowerCase()
    case 'sms':
      return value.replace(/\D+/g, '')
    default:
      return value.trim()
  }
}
