// Where the region is known, step 2: what the CMP says. The real TCF and GPP adapters, driven by
// the IAB's own CMP libraries (test/fakes), report it to the manager through the public entry's
// adapter context; the `regions` rules below are the Regions page's worked configuration.
import { SignalStatus } from '@iabgpp/cmpapi'
import { afterEach, describe, expect, it, vi } from 'vitest'
import { defineAdapter } from 'consentry'
import { type ConsentOptions, managerFactory } from './setup.js'
import { gpp } from '../../adapters/gpp/index.js'
import { tcf } from '../../adapters/tcf/index.js'
import { installGppStub, loadGppCmp, uninstallGpp } from '../fakes/gpp.js'
import { installTcfStub, loadTcfCmp, makeTcString, uninstallTcf } from '../fakes/tcf.js'

const categories: ConsentOptions['categories'] = [
  { id: 'necessary', name: 'Necessary', enforcement: 'always' },
  { id: 'analytics', name: 'Analytics', enforcement: 'opt-in' },
  { id: 'ads', name: 'Ads', enforcement: 'opt-in' },
]
const regions: ConsentOptions['regions'] = {
  EEA: { mode: 'opt-in' },
  'US-STATES-WITH-LAW': { mode: 'opt-out', gpc: true, enforcement: { analytics: 'opt-out', ads: 'opt-out' } },
  '*': { mode: 'none', gpc: false, enforcement: { analytics: 'opt-out', ads: 'opt-out' } },
}
const optOuts = { analytics: 'SaleOptOut', ads: ['SaleOptOut', 'SharingOptOut'] }
const rules = (consent: { categories: readonly { enforcement: string; gpc?: boolean | undefined }[] }) => consent.categories.map((c) => `${c.enforcement}${c.gpc ? '+gpc' : ''}`)
// The strictest of the three rules: what a visitor whose region is not known gets.
const STRICTEST = ['always+gpc', 'opt-in+gpc', 'opt-in+gpc']

const make = managerFactory(
  () => ({ categories, regions, waitMs: 300 }),
  () => {
    uninstallTcf()
    uninstallGpp()
  },
)
afterEach(() => void vi.restoreAllMocks())

describe('tcf reports gdprApplies as the region', () => {
  it('gdprApplies: true places the visitor in the EEA: the EEA rule, not the strictest combination', () => {
    installTcfStub()
    loadTcfCmp().update(makeTcString([1, 7, 9]), false)
    const { consent, errors } = make({ adapters: [tcf({ purposes: { analytics: [1, 7, 9], ads: [1, 2, 3, 4] } })] })
    expect(consent.get()).toMatchObject({ status: 'decided', mode: 'opt-in', categoryPreferences: { analytics: true, ads: false } })
    expect(rules(consent)).toEqual(['always', 'opt-in', 'opt-in'])
    expect(errors).toEqual([])
  })

  it('gdprApplies: false says nothing about where the visitor is: the strictest rule stays', () => {
    installTcfStub()
    loadTcfCmp().update(null)
    const { consent } = make({ adapters: [tcf({ purposes: { analytics: 1, ads: 2 } })] })
    expect(consent.get()).toMatchObject({ status: 'default', mode: 'opt-in', categoryPreferences: { necessary: true, analytics: false, ads: false } })
    expect(rules(consent)).toEqual(STRICTEST)
  })

  it('the site\u2019s own region option wins over the CMP', () => {
    installTcfStub()
    loadTcfCmp().update(makeTcString([1, 7, 9]), false)
    const { consent } = make({ region: 'US-CA', adapters: [tcf({ purposes: { analytics: [1, 7, 9], ads: [1, 2, 3, 4] } })] })
    expect(consent.get().mode).toBe('opt-out')
    expect(rules(consent)).toEqual(['always+gpc', 'opt-out+gpc', 'opt-out+gpc'])
  })
})

describe('gpp reports its applicable sections as the region', () => {
  it('a California section places the visitor in US-CA: opt-out notice, opt-out defaults, GPC honoured', () => {
    vi.spyOn(console, 'log').mockImplementation(() => {})
    installGppStub()
    const { consent, errors } = make({ adapters: [gpp({ optOuts })] })
    expect(consent.get()).toMatchObject({ status: 'pending', mode: 'opt-in' })
    expect(rules(consent)).toEqual(STRICTEST)
    loadGppCmp().decide('usca', 8, { SaleOptOutNotice: 1, SharingOptOutNotice: 1, SaleOptOut: 2, SharingOptOut: 1 })
    expect(consent.get()).toMatchObject({ status: 'decided', mode: 'opt-out', categoryPreferences: { analytics: true, ads: false } })
    expect(rules(consent)).toEqual(['always+gpc', 'opt-out+gpc', 'opt-out+gpc'])
    expect(errors).toEqual([])
  })

  it('section 2 (tcfeuv2) places the visitor in the EEA; GPP then does not apply and the EEA defaults hold', () => {
    installGppStub()
    const fake = loadGppCmp()
    fake.cmp.setApplicableSections([2])
    fake.cmp.setSignalStatus(SignalStatus.READY)
    const { consent } = make({ adapters: [gpp({ optOuts })] })
    expect(consent.get()).toMatchObject({ status: 'default', mode: 'opt-in', categoryPreferences: { necessary: true, analytics: false, ads: false } })
    expect(rules(consent)).toEqual(['always', 'opt-in', 'opt-in'])
  })

  it('no applicable section ([-1]): not known, the strictest rule stays', () => {
    installGppStub()
    const fake = loadGppCmp()
    fake.cmp.setApplicableSections([-1])
    fake.cmp.setSignalStatus(SignalStatus.READY)
    const { consent } = make({ adapters: [gpp({ optOuts })] })
    expect(consent.get()).toMatchObject({ status: 'default', mode: 'opt-in', categoryPreferences: { necessary: true, analytics: false, ads: false } })
    expect(rules(consent)).toEqual(STRICTEST)
  })

  it('once decided, a later section change does not move the visitor to a laxer rule', () => {
    vi.spyOn(console, 'log').mockImplementation(() => {})
    installTcfStub()
    loadTcfCmp().update(makeTcString([1, 7, 9]), false)
    installGppStub()
    const fake = loadGppCmp()
    const { consent } = make({ adapters: [tcf({ purposes: { analytics: [1, 7, 9], ads: [1, 2, 3, 4] } }), gpp({ optOuts })] })
    expect(consent.get()).toMatchObject({ status: 'decided', adapter: 'tcf', mode: 'opt-in' })
    fake.decide('usca', 8, { SaleOptOut: 2, SharingOptOut: 2 })
    expect(consent.get()).toMatchObject({ adapter: 'tcf', mode: 'opt-in' })
    expect(rules(consent)).toEqual(['always', 'opt-in', 'opt-in'])
  })
})

describe('a stored decision and the CMP\u2019s region', () => {
  // A CMP that places the visitor and holds no choice of theirs (as GPP with only a region known).
  const placing = (region: string | undefined) =>
    defineAdapter({
      name: 'placing',
      watch(_emit, context) {
        context.region?.(region)
        context.undecided()
        return () => {}
      },
    })

  it.each([
    ['US-CA', { status: 'decided', source: 'storage', mode: 'opt-out', categoryPreferences: { necessary: true, analytics: true, ads: false } }],
    ['US-TX', { status: 'decided', source: 'storage', mode: 'opt-out', categoryPreferences: { necessary: true, analytics: true, ads: false } }],
    [undefined, { status: 'default', mode: 'opt-in', categoryPreferences: { necessary: true, analytics: false, ads: false } }],
    ['EEA', { status: 'default', mode: 'opt-in', categoryPreferences: { necessary: true, analytics: false, ads: false } }],
  ])('decided in US-CA, placed by the CMP in %s', (region, expected) => {
    const cookie = { name: 'cmp_region' }
    const first = make({ region: 'US-CA', cookie })
    first.consent.set({ ads: false })
    expect(document.cookie).toContain('@US-CA|')
    first.consent.destroy()
    const { consent } = make({ cookie, adapters: [placing(region)] })
    expect(consent.get()).toMatchObject(expected)
    consent.destroy()
    document.cookie = 'cmp_region=; max-age=0; path=/'
  })
})
