import { own } from './own.js'

// GPP section ids 6 (uspv1) to 27 (usri), in this order (IAB GPP "Section Information", and
// @iabgpp/cmpapi's Sections): uspv1 and usnat apply somewhere in the US states with a privacy
// law ('' here); the state sections become ISO 3166-2 codes.
const US_SECTIONS = ',,CA,VA,CO,UT,CT,FL,MT,OR,TX,DE,IA,NE,NH,NJ,TN,MN,MD,IN,KY,RI'.split(',')
const TCF_EU_V2 = 2

/**
 * The region a CMP's answer implies: TCF `gdprApplies: true` or GPP section 2 (tcfeuv2) →
 * `'EEA'`; one GPP state section (with or without usnat) → that state (`'US-CA'`); usnat or uspv1
 * alone, or several states →
 * `'US-STATES-WITH-LAW'`. Anything else (no CMP, `gdprApplies: false`, no applicable section) is
 * `undefined`: the region stays unknown and the strictest policy applies. The TCF and GPP adapters
 * report it to the manager themselves (the adapter context's `region`); a site without them may
 * pass it as the `region` option.
 * @example
 * window.__tcfapi?.('addEventListener', 2, (tcData: { gdprApplies?: boolean }) => {
 *   const region = regionFromCmp(tcData) // 'EEA' or undefined
 *   console.log('the CMP places this visitor in', region ?? 'an unknown region')
 * })
 */
export function regionFromCmp(answer: unknown): string | undefined {
  const sections = own(answer, 'applicableSections')
  const ids = Array.isArray(sections) ? sections.filter((id) => typeof id === 'number') : []
  if (own(answer, 'gdprApplies') === true || ids.includes(TCF_EU_V2)) return 'EEA'
  const states = ids.map((id) => US_SECTIONS[id - 6]).filter((state) => state !== undefined)
  const named = states.filter(Boolean)
  if (!states.length) return undefined
  return named.length === 1 ? `US-${named[0]}` : 'US-STATES-WITH-LAW'
}
