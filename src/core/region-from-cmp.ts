import { own } from './own.js'

// GPP section ids 7 (usnat) to 22 (ustn), in this order (IAB GPP, "Section Information"); the
// state sections become ISO 3166-2 codes, usnat the group of states with a privacy law.
const US_SECTIONS = 'STATES-WITH-LAW CA VA CO CT UT FL MT OR TX DE IA NE NH NJ TN'.split(' ')
const TCF_EU_V2 = 2

/**
 * The region a CMP's answer implies, for the `region` option when the site's server does not pass
 * one: TCF `gdprApplies: true` or GPP section 2 (tcfeuv2) → `'EEA'`; GPP US sections → the state
 * (`'US-CA'`), or `'US-STATES-WITH-LAW'` for usnat. Anything else (no CMP, `gdprApplies: false`,
 * no applicable section) is `undefined`: the region stays unknown and the strictest policy applies.
 * @example
 * window.__tcfapi?.('addEventListener', 2, (tcData: { gdprApplies?: boolean }) => {
 *   const region = regionFromCmp({ gdprApplies: tcData.gdprApplies }) // 'EEA' or undefined
 *   console.log('the CMP places this visitor in', region ?? 'an unknown region')
 * })
 */
export function regionFromCmp(answer: { gdprApplies?: unknown; applicableSections?: unknown }): string | undefined {
  const sections = own(answer, 'applicableSections')
  const ids = Array.isArray(sections) ? sections.filter((id): id is number => typeof id === 'number') : []
  if (own(answer, 'gdprApplies') === true || ids.includes(TCF_EU_V2)) return 'EEA'
  const state = ids.map((id) => US_SECTIONS[id - 7]).find((name) => name !== undefined)
  return state === undefined ? undefined : `US-${state}`
}
