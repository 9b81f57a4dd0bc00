// The IAB GPP 1.1 CMP API (`__gpp`). Every event carries `pingData`; a decision exists once its
// `signalStatus` is `ready`. US sections are ids 6 (uspv1) to 27, in this order: the GPP spec's
// "Section Information" list and the section list of the IAB's @iabgpp/cmpapi 3.2.
import { isObject, own } from '../_shared/own.js'

export type GppApi = (command: string, callback: (...args: unknown[]) => void, parameter?: unknown) => unknown

const US_SECTIONS = 'uspv1 usnat usca usva usco usut usct usfl usmt usor ustx usde usia usne usnh usnj ustn usmn usmd usin usky usri'.split(' ')

// The US sections' opt-out fields (GPP spec, @iabgpp/cmpapi 3.2): 0 not applicable, 1 opted out, 2 did
// not opt out. Their other fields (notices: 2 = no notice; consents; MSPA modes; Gpc) are no opt-outs.
export const OPT_OUT_FIELDS: readonly string[] = ['SaleOptOut', 'SharingOptOut', 'TargetedAdvertisingOptOut']

/** `window.__gpp` (stub or CMP), or undefined. */
export const gppApi = (): GppApi | undefined => {
  const api = (window as { __gpp?: unknown }).__gpp
  return typeof api === 'function' ? (api as GppApi) : undefined
}

/**
 * US Privacy v1 ("1YNN": version, notice given, opted out of sale, LSPA) as an MSPA-style
 * `SaleOptOut`: 2 (did not opt out) only with notice given and `N`; 1 for `Y`; else 0.
 */
function uspv1(section: unknown): Record<string, unknown> | null {
  const string = typeof section === 'string' && /^1[YN-]{3}$/.test(section)
  const field = (name: string, at: number) => (string ? (section as string)[at] : own(section, name))
  const notice = field('Notice', 1)
  const sale = field('OptOutSale', 2)
  return sale === 'Y' || sale === 'N' || sale === '-' ? { SaleOptOut: sale === 'Y' ? 1 : notice === 'Y' && sale === 'N' ? 2 : 0 } : null
}

/**
 * The fields of every applicable US section in an event's `pingData` (own properties only):
 * undefined while the signal is not ready, an empty list when no US section applies, null when
 * the data makes no sense. A section that applies but cannot be read is `null` in the list.
 */
export function usSections(event: unknown): (Record<string, unknown> | null)[] | null | undefined {
  const ping = own(event, 'pingData')
  if (!isObject(ping)) return null
  if (own(ping, 'signalStatus') !== 'ready') return undefined
  const [applicableSections, parsedSections] = [own(ping, 'applicableSections'), own(ping, 'parsedSections')]
  if (!Array.isArray(applicableSections) || !isObject(parsedSections)) return null
  return applicableSections
    .map((id) => US_SECTIONS[id - 6])
    .filter(Boolean)
    .map((prefix) => {
      const section = own(parsedSections, prefix!)
      if (prefix === 'uspv1') return uspv1(section)
      // The spec describes a section as a list of sub-section objects; libraries give one object.
      const parts: unknown[] = [].concat(section as never)
      return parts.every(isObject) && parts.length > 0 ? Object.assign({}, ...parts.reverse()) : null
    })
}
