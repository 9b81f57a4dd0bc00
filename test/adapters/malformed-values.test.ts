import { afterEach, describe, expect, it } from 'vitest'
import type { ConsentAdapter } from 'consentry'
import { createConsent, type ConsentError } from './setup.js'
import { gpp } from '../../adapters/gpp/index.js'
import { ketch } from '../../adapters/ketch/index.js'
import { oneTrust } from '../../adapters/onetrust/index.js'
import { tcf } from '../../adapters/tcf/index.js'
import { trustArc } from '../../adapters/trustarc/index.js'

// A value inside a CMP's otherwise usable answer that is not in the vendor's documented format
// (a boolean where the format says boolean, a number where it says number, an own property, the
// id's own case) denies what it guards AND is reported as invalid-reading naming the field, once,
// however often the CMP repeats the answer. Silence would store the denial as the visitor's choice.
// Formats: TCF v2.2 TCData `purpose.consents` / `vendor.consents` (id → boolean); TrustArc
// `getGDPRConsentDecision().consentDecision` (bucket numbers); OneTrust `OnetrustActiveGroups`
// (`CustomGroupId`s, case-sensitive); Ketch `purposes` (code → boolean); GPP MSPA fields (0, 1, 2).
const w = window as unknown as Record<string, unknown>
const categories = [
  { id: 'necessary', name: 'Necessary', enforcement: 'always' as const },
  { id: 'analytics', name: 'Analytics', enforcement: 'opt-in' as const },
]
afterEach(() => {
  for (const key of ['__tcfapi', '__gpp', 'truste', 'OneTrust', 'OnetrustActiveGroups', 'OptanonWrapper', 'ketch', 'semaphore']) delete w[key]
})

const tcfWith =
  (consents: object, vendors: object = {}) =>
  () => {
    const data = { gdprApplies: true, eventStatus: 'tcloaded', purpose: { consents }, vendor: { consents: vendors } }
    w.__tcfapi = (command: string, _version: number, callback: (data: unknown, success: boolean) => void) => {
      if (command === 'addEventListener') callback(data, true), callback(data, true)
    }
  }
const trustArcWith = (consentDecision: unknown[]) => () => {
  w.truste = { eu: { bindMap: {} }, cma: { callApi: () => ({ source: 'asserted', consentDecision }) } }
}
const oneTrustWith = (active: string) => () => {
  w.OnetrustActiveGroups = active
  w.OneTrust = {
    GetDomainData: () => ({ Groups: [{ CustomGroupId: 'C0001', Status: 'always active' }, { CustomGroupId: 'C0002' }], ConsentModel: { Name: 'opt-out' } }),
    OnConsentChanged() {},
    IsAlertBoxClosed: () => true,
  }
}
const ketchWith = (purposes: object) => () => {
  w.ketch = (action: string, _event: string, listener: (consent: unknown) => void) => {
    if (action === 'on') listener({ purposes }), listener({ purposes })
  }
}
const gppWith = (usnat: object) => () => {
  const event = { eventName: 'signalStatus', listenerId: 1, data: 'ready', pingData: { signalStatus: 'ready', applicableSections: [7], parsedSections: { usnat } } }
  w.__gpp = (command: string, callback: (event: unknown, success: boolean) => void) => {
    if (command === 'addEventListener') callback(event, true), callback(event, true)
  }
}

const cases: [string, () => ConsentAdapter, () => void, string][] = [
  ['tcf purpose.consents {1: 1}', () => tcf({ purposes: { analytics: [1] } }), tcfWith({ 1: 1 }), 'tcf: purpose.consents[1] is 1, not true or false'],
  ['tcf purpose.consents {1: "true"}', () => tcf({ purposes: { analytics: [1] } }), tcfWith({ 1: 'true' }), 'tcf: purpose.consents[1] is "true", not true or false'],
  ['tcf purpose.consents inherited {1: true}', () => tcf({ purposes: { analytics: [1] } }), tcfWith(Object.create({ 1: true })), 'tcf: purpose.consents[1] is only inherited'],
  ['tcf vendor.consents {755: "true"}', () => tcf({ purposes: { analytics: [1] }, vendors: { analytics: 755 } }), tcfWith({ 1: true }, { 755: 'true' }), 'tcf: vendor.consents[755] is "true"'],
  ['tcf purpose.consents not an object', () => tcf({ purposes: { analytics: [1] } }), tcfWith('1' as never), 'tcf: addEventListener delivered an unusable TCData'],
  ['trustarc consentDecision ["1", "2"]', () => trustArc({ buckets: { analytics: 2 }, timeoutMs: 0 }), trustArcWith(['1', '2']), 'trustarc: consentDecision holds "1", not a bucket number'],
  ['onetrust active ",C0001,c0002,"', () => oneTrust({ groups: { analytics: 'C0002' } }), oneTrustWith(',C0001,c0002,'), 'onetrust: OnetrustActiveGroups has c0002, not C0002'],
  ['ketch purposes {analytics: "true"}', () => ketch({ purposes: { analytics: 'analytics' } }), ketchWith({ analytics: 'true' }), 'ketch: purposes.analytics is "true", not true or false'],
  ['ketch purposes inherited {analytics: true}', () => ketch({ purposes: { analytics: 'analytics' } }), ketchWith(Object.create({ analytics: true })), 'ketch: purposes.analytics is only inherited'],
  ['ketch purposes {Analytics: true}', () => ketch({ purposes: { analytics: 'analytics' } }), ketchWith({ Analytics: true, analytics: false }), 'ketch: purposes has Analytics, not analytics'],
  ['gpp SaleOptOut "2"', () => gpp({ optOuts: { analytics: 'SaleOptOut' } }), gppWith({ SaleOptOut: '2' }), 'gpp: SaleOptOut is "2", not 0, 1 or 2'],
  [
    'gpp SaleOptOut inherited',
    () => gpp({ optOuts: { analytics: 'SaleOptOut' } }),
    gppWith(Object.create({ SaleOptOut: 2 })),
    'gpp: none of SaleOptOut (for analytics) is in an applicable US section',
  ],
]

describe('a malformed value in a CMP answer denies and is reported once, naming the field', () => {
  it.each(cases)('%s', async (_, adapter, install, message) => {
    install()
    const errors: ConsentError[] = []
    const consent = createConsent({ categories, cookie: false, waitMs: 200, onError: (e) => errors.push(e), adapters: [adapter()] })
    try {
      await new Promise((resolve) => setTimeout(resolve, 20))
      expect(consent.get().categoryPreferences).toEqual({ necessary: true, analytics: false })
      expect(errors.filter((e) => e.message.includes(message)).map((e) => e.code)).toEqual(['invalid-reading'])
      expect(errors.map((e) => e.code)).not.toContain('cmp-timeout')
    } finally {
      consent.destroy()
    }
  })
})
