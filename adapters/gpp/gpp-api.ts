// The IAB GPP 1.1 CMP API (`__gpp`). Every event carries `pingData`; a decision exists once its
// `signalStatus` is `ready`. US sections have ids 7 (usnat) to 22 (ustn), in this order.
import { isObject } from '../_shared/helpers.js'

export type GppApi = (command: string, callback: (...args: unknown[]) => void, parameter?: unknown) => unknown

const US_SECTIONS = 'usnat usca usva usco usut usct usfl usmt usor ustx usde usia usne usnh usnj ustn'.split(' ')

/** `window.__gpp` (stub or CMP), or undefined. */
export const gppApi = (): GppApi | undefined => {
  const api = (window as { __gpp?: unknown }).__gpp
  return typeof api === 'function' ? (api as GppApi) : undefined
}

/**
 * The fields of the first applicable US section in an event's `pingData`; undefined while the
 * signal is not ready or no US section applies; null when the data makes no sense.
 */
export function usSection(event: unknown): Record<string, unknown> | null | undefined {
  const ping = isObject(event) ? event.pingData : undefined
  if (!isObject(ping)) return null
  if (ping.signalStatus !== 'ready') return undefined
  const { applicableSections, parsedSections } = ping
  if (!Array.isArray(applicableSections) || !isObject(parsedSections)) return null
  const prefix = US_SECTIONS[applicableSections.find((id) => US_SECTIONS[id - 7]) - 7]
  if (!prefix) return undefined
  // The spec describes a section as a list of sub-section objects; libraries give one object.
  const parts: unknown[] = ([] as unknown[]).concat(parsedSections[prefix])
  return parts.every(isObject) && parts.length > 0 ? Object.assign({}, ...parts.reverse()) : null
}
