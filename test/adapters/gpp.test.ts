import { describe, expect, it, vi } from 'vitest'
import { managerFactory, type ConsentOptions } from './setup.js'
import { gpp } from '../../adapters/gpp/index.js'
import { SignalStatus } from '@iabgpp/cmpapi'
import { installGppStub, loadGppCmp, uninstallGpp, US_SECTIONS } from '../fakes/gpp.js'

const categories: ConsentOptions['categories'] = [
  { id: 'necessary', name: 'Necessary', enforcement: 'always' },
  { id: 'analytics', name: 'Analytics', enforcement: 'opt-out' },
  { id: 'ads', name: 'Ads', enforcement: 'opt-out' },
]
const optOuts = { analytics: 'SaleOptOut', ads: ['SaleOptOut', 'SharingOptOut', 'TargetedAdvertisingOptOut'] }
const usnat = (sale: number, sharing: number, targeted: number) => ({
  SaleOptOutNotice: 1,
  SharingOptOutNotice: 1,
  TargetedAdvertisingOptOutNotice: 1,
  SaleOptOut: sale,
  SharingOptOut: sharing,
  TargetedAdvertisingOptOut: targeted,
})
const wait = (ms = 0) => new Promise((resolve) => setTimeout(resolve, ms))

const make = managerFactory(
  () => ({ categories, waitMs: 300, adapters: [gpp({ optOuts })] }),
  () => {
    uninstallGpp()
    vi.restoreAllMocks()
  },
)

describe('gpp adapter (IAB @iabgpp/cmpapi)', () => {
  it('decides when the signal is ready, from the applicable usnat section', () => {
    vi.spyOn(console, 'log').mockImplementation(() => {})
    installGppStub()
    const fake = loadGppCmp()
    fake.decide('usnat', 7, usnat(2, 2, 2))
    const { consent, errors } = make()
    expect(consent.get()).toMatchObject({ status: 'decided', adapter: 'gpp', categoryPreferences: { analytics: true, ads: true } })
    fake.decide('usnat', 7, usnat(2, 2, 1))
    expect(consent.get().categoryPreferences).toEqual({ necessary: true, analytics: true, ads: false })
    expect(errors).toEqual([])
  })

  it('works with the stub first: stays pending until signalStatus ready, reads a state section', () => {
    installGppStub()
    const { consent } = make()
    const fake = loadGppCmp()
    expect(consent.get().status).toBe('pending')
    fake.decide('usca', 8, { SaleOptOutNotice: 1, SharingOptOutNotice: 1, SaleOptOut: 1, SharingOptOut: 2 })
    expect(consent.get()).toMatchObject({ status: 'decided', categoryPreferences: { analytics: false, ads: false } })
    fake.decide('usca', 8, { SaleOptOut: 2, SharingOptOut: 2 })
    // usca has no TargetedAdvertisingOptOut: the present fields decide.
    expect(consent.get().categoryPreferences).toEqual({ necessary: true, analytics: true, ads: true })
  })

  it.each([[[-1]], [[2]]])('applicableSections %j: GPP does not apply, an answer (site defaults, no decision, no cmp-timeout)', async (sections) => {
    installGppStub()
    const fake = loadGppCmp()
    fake.cmp.setApplicableSections(sections)
    fake.cmp.setSignalStatus(SignalStatus.READY)
    const { consent, errors } = make({ waitMs: 20 })
    expect(consent.get()).toMatchObject({ status: 'default', source: 'cmp', adapter: 'gpp', categoryPreferences: { analytics: true, ads: true } })
    await wait(40)
    expect(errors).toEqual([])
  })

  it.each(US_SECTIONS.filter(([id]) => id > 6))('section %i (%s), from the real library: an opt-out denies, only 2 grants', (id, prefix) => {
    installGppStub()
    const fake = loadGppCmp()
    fake.decide(prefix, id, { SaleOptOutNotice: 1, SaleOptOut: 1 })
    const { consent } = make({ adapters: [gpp({ optOuts: { analytics: 'SaleOptOut', ads: 'SaleOptOut' } })] })
    expect(consent.get()).toMatchObject({ status: 'decided', categoryPreferences: { analytics: false, ads: false } })
    fake.decide(prefix, id, { SaleOptOutNotice: 1, SaleOptOut: 2 })
    expect(consent.get().categoryPreferences).toMatchObject({ analytics: true, ads: true })
    // 0: "not applicable, or no notice was provided" (MSPA): not a grant.
    fake.decide(prefix, id, { SaleOptOutNotice: 0, SaleOptOut: 0 })
    expect(consent.get().categoryPreferences).toMatchObject({ analytics: false, ads: false })
  })

  it.each([
    ['Y', 'Y', false],
    ['Y', 'N', true],
    ['N', 'N', false], // no notice given
    ['-', '-', false],
  ])('US Privacy v1 (section 6), Notice %s OptOutSale %s: sale granted = %s', (notice, sale, granted) => {
    installGppStub()
    const fake = loadGppCmp()
    fake.decide('uspv1', 6, { Notice: notice, OptOutSale: sale, LspaCovered: 'N' })
    const { consent } = make()
    // ads also names SharingOptOut and TargetedAdvertisingOptOut, which uspv1 lacks: SaleOptOut decides.
    expect(consent.get()).toMatchObject({ status: 'decided', categoryPreferences: { analytics: granted, ads: granted } })
  })

  it('with two applicable US sections, an opt-out in either denies', () => {
    installGppStub()
    const fake = loadGppCmp()
    fake.cmp.setFieldValue('uspv1', 'Notice', 'Y')
    fake.cmp.setFieldValue('uspv1', 'OptOutSale', 'Y')
    fake.decide('usnat', 7, usnat(2, 2, 2))
    fake.cmp.setApplicableSections([7, 6])
    fake.cmp.setSignalStatus(SignalStatus.NOT_READY)
    fake.cmp.setSignalStatus(SignalStatus.READY)
    const { consent } = make()
    expect(consent.get().categoryPreferences).toMatchObject({ analytics: false, ads: false })
  })

  it('a US section that applies but cannot be read denies, also after a grant, and is reported', () => {
    const listeners: ((...args: unknown[]) => void)[] = []
    ;(window as unknown as Record<string, unknown>).__gpp = (command: string, callback: (...args: unknown[]) => void) => void (command === 'addEventListener' && listeners.push(callback))
    const categories = [
      { id: 'analytics', name: 'A', enforcement: 'opt-out' as const },
      { id: 'ads', name: 'Ads', enforcement: 'opt-out' as const },
    ]
    const a = make({ categories })
    const fire = (pingData: unknown) => listeners.at(-1)?.({ eventName: 'signalStatus', listenerId: 1, data: 'ready', pingData }, true)
    fire({ signalStatus: 'ready', applicableSections: [23], parsedSections: {} })
    expect(a.consent.get()).toMatchObject({ status: 'default', categoryPreferences: { analytics: false, ads: false } })
    a.consent.destroy()
    const b = make({ categories })
    fire({ signalStatus: 'ready', applicableSections: [23], parsedSections: { usmn: { SaleOptOut: 2, SharingOptOut: 2, TargetedAdvertisingOptOut: 2 } } })
    expect(b.consent.get()).toMatchObject({ status: 'decided', categoryPreferences: { analytics: true, ads: true } })
    fire({ signalStatus: 'ready', applicableSections: [23], parsedSections: { usmn: 'garbage' } })
    expect(b.consent.get()).toMatchObject({ status: 'decided', categoryPreferences: { analytics: false, ads: false } })
    expect([...a.errors, ...b.errors].map((e) => e.code)).toEqual(['invalid-reading', 'invalid-reading'])
  })

  // GPP 1.1 calls an event listener with (eventData, success: boolean): only success === true
  // vouches for the event. A missing or odd flag neither grants nor places the visitor.
  it.each([
    ['no success flag', []],
    ['success: false', [false]],
    ["success: 'true'", ['true']],
  ])('%s: the event grants nothing and places no one', (_, flag) => {
    const listeners: ((...args: unknown[]) => void)[] = []
    ;(window as unknown as Record<string, unknown>).__gpp = (command: string, callback: (...args: unknown[]) => void) => void (command === 'addEventListener' && listeners.push(callback))
    const categories = [
      { id: 'analytics', name: 'A', enforcement: 'opt-in' as const },
      { id: 'ads', name: 'Ads', enforcement: 'opt-in' as const },
    ]
    const regions = { 'US-CA': { mode: 'opt-out' as const, enforcement: { analytics: 'opt-out' as const } }, '*': { mode: 'opt-in' as const } }
    const { consent, errors } = make({ categories, regions })
    const pingData = { signalStatus: 'ready', applicableSections: [8], parsedSections: { usca: { SaleOptOut: 2, SharingOptOut: 2 } } }
    listeners[0]?.({ eventName: 'signalStatus', listenerId: 1, data: 'ready', pingData }, ...flag)
    expect(consent.get()).toMatchObject({ status: 'default', mode: 'opt-in', categoryPreferences: { analytics: false, ads: false } })
    expect(errors.map((e) => e.code)).toEqual(['invalid-reading'])
  })

  it('sections and fields inherited from a polluted prototype never grant', () => {
    const proto = Object.prototype as Record<string, unknown>
    installGppStub()
    const fake = loadGppCmp()
    try {
      proto.SaleOptOut = 2
      fake.decide('usnat', 7, { SaleOptOutNotice: 1, SaleOptOut: 1 })
      const { consent } = make()
      expect(consent.get().categoryPreferences).toMatchObject({ analytics: false })
      proto.usca = { SaleOptOut: 2 }
      const listeners: ((...args: unknown[]) => void)[] = []
      ;(window as unknown as Record<string, unknown>).__gpp = (command: string, callback: (...args: unknown[]) => void) => void (command === 'addEventListener' && listeners.push(callback))
      const b = make()
      listeners[0]?.({ eventName: 'signalStatus', listenerId: 1, data: 'ready', pingData: { signalStatus: 'ready', applicableSections: [8], parsedSections: {} } }, true)
      expect(b.consent.get().categoryPreferences).toMatchObject({ analytics: false, ads: false })
    } finally {
      delete proto.SaleOptOut
      delete proto.usca
    }
  })

  it('optOuts inherited from a polluted Object.prototype are not options: they grant nothing', () => {
    const proto = Object.prototype as Record<string, unknown>
    installGppStub()
    loadGppCmp().decide('usnat', 7, usnat(2, 2, 2))
    try {
      proto.optOuts = { analytics: 'SaleOptOut', ads: 'SaleOptOut' }
      const { consent } = make({ adapters: [gpp({})] })
      expect(consent.get().categoryPreferences).toMatchObject({ analytics: false, ads: false })
    } finally {
      delete proto.optOuts
    }
  })

  it('with no optOuts given, each category id is the opt-out field it follows', () => {
    installGppStub()
    loadGppCmp().decide('usnat', 7, usnat(2, 1, 2))
    const categories = [
      { id: 'SaleOptOut', name: 'Sale', enforcement: 'opt-out' as const },
      { id: 'SharingOptOut', name: 'Sharing', enforcement: 'opt-out' as const },
    ]
    const { consent, errors } = make({ categories, adapters: [gpp()] })
    expect(consent.get()).toMatchObject({ status: 'decided', categoryPreferences: { SaleOptOut: true, SharingOptOut: false } })
    expect(errors).toEqual([])
  })

  // Field names that are no US section's opt-out field: each opt-out field with one letter dropped
  // or its case changed, and the sections' other fields (notices, where 2 means "no notice"; MSPA
  // modes; Gpc; consents) plus a TCF one. Next to a correct field, none may let 2s elsewhere grant.
  const OPT_OUTS = ['SaleOptOut', 'SharingOptOut', 'TargetedAdvertisingOptOut']
  const wrongFields = [
    ...OPT_OUTS.flatMap((field) => [field.slice(0, 5) + field.slice(6), field.toLowerCase(), field.replace('OptOut', 'Optout')]),
    ...['SaleOptOutNotice', 'TargetedAdvertisingOptOutNotice', 'MspaCoveredTransaction', 'Gpc', 'PersonalDataConsents', 'OptOutSale', 'PurposeConsents'],
  ]
  it.each(wrongFields)('optOuts naming %s: invalid-option at creation (development), reported and nothing granted (production)', (wrong) => {
    const optOuts = { analytics: 'SaleOptOut', ads: ['SaleOptOut', wrong] }
    expect(() => gpp({ optOuts })).toThrowError(expect.objectContaining({ code: 'invalid-option', message: expect.stringContaining(wrong) }))
    vi.stubEnv('NODE_ENV', 'production')
    try {
      installGppStub()
      // The visitor opted out of everything the misspelled name may have meant, of nothing else.
      loadGppCmp().decide('usnat', 7, { ...usnat(2, 1, 1), SaleOptOutNotice: 2, TargetedAdvertisingOptOutNotice: 2, MspaCoveredTransaction: 2 })
      const { consent, errors } = make({ adapters: [gpp({ optOuts })] })
      expect(consent.get().categoryPreferences).toEqual({ necessary: true, analytics: false, ads: false })
      expect(errors.map((e) => [e.code, e.message.includes(`names ${wrong},`)])).toEqual([['invalid-option', true]])
    } finally {
      vi.unstubAllEnvs()
    }
  })

  it('with no optOuts, a category id that is no opt-out field is reported (invalid-option) and never granted', () => {
    installGppStub()
    loadGppCmp().decide('usnat', 7, usnat(2, 2, 2))
    const categories = [
      { id: 'SaleOptOut', name: 'Sale', enforcement: 'opt-out' as const },
      { id: 'ads', name: 'Ads', enforcement: 'opt-out' as const },
      { id: 'SaleOptOutNotice', name: 'Notice', enforcement: 'opt-out' as const },
    ]
    const { consent, errors } = make({ categories, adapters: [gpp()] })
    expect(consent.get()).toMatchObject({ status: 'decided', categoryPreferences: { SaleOptOut: true, ads: false, SaleOptOutNotice: false } })
    expect(errors.map((e) => `${e.code}: ${e.message}`)).toEqual(['invalid-option: consentry: gpp() without optOuts cannot map ads, SaleOptOutNotice: never granted'])
  })

  it('a category none of whose fields is in an applicable section is denied and reported once, not silently', () => {
    installGppStub()
    const fake = loadGppCmp()
    fake.decide('usva', 9, { SaleOptOutNotice: 1, TargetedAdvertisingOptOutNotice: 1, SaleOptOut: 2, TargetedAdvertisingOptOut: 2 })
    const { consent, errors } = make({ adapters: [gpp({ optOuts: { analytics: 'SaleOptOut', ads: 'SharingOptOut' } })] })
    expect(consent.get().categoryPreferences).toEqual({ necessary: true, analytics: true, ads: false })
    fake.decide('usva', 9, { SaleOptOutNotice: 1, TargetedAdvertisingOptOutNotice: 1, SaleOptOut: 1, TargetedAdvertisingOptOut: 2 })
    expect(consent.get().categoryPreferences).toEqual({ necessary: true, analytics: false, ads: false })
    expect(errors.map((e) => `${e.code}: ${e.message}`)).toEqual(['invalid-reading: consentry: gpp: none of SharingOptOut (for ads) is in an applicable US section: ads is not granted'])
  })

  it('production build: malformed optOuts are reported once as invalid-option and grant nothing', () => {
    vi.stubEnv('NODE_ENV', 'production')
    try {
      installGppStub()
      loadGppCmp().decide('usnat', 7, usnat(2, 2, 2))
      const { consent, errors } = make({ adapters: [gpp({ optOuts: { analytics: 7 } } as never)] })
      expect(consent.get()).toMatchObject({ status: 'default', categoryPreferences: { analytics: false, ads: false } })
      expect(errors.map((e) => e.code)).toEqual(['invalid-option'])
      expect(errors[0]?.message).toContain('gpp({ optOuts })')
    } finally {
      vi.unstubAllEnvs()
    }
  })

  it('accepts parsedSections given as a list of sub-sections, and never throws on garbage', () => {
    const listeners: ((...args: unknown[]) => void)[] = []
    ;(window as unknown as Record<string, unknown>).__gpp = (command: string, callback: (...args: unknown[]) => void) => {
      if (command === 'addEventListener') listeners.push(callback)
      if (command === 'removeEventListener') throw new Error('boom')
    }
    const { consent, errors } = make()
    const fire = (pingData: unknown) => listeners[0]?.({ eventName: 'signalStatus', listenerId: 1, data: 'ready', pingData }, true)
    for (const garbage of [null, 'x', [], { signalStatus: 'ready' }, { signalStatus: 'ready', applicableSections: [7], parsedSections: { usnat: [1, 2] } }]) fire(garbage)
    fire({ signalStatus: 'ready', applicableSections: [7], parsedSections: { usnat: { SaleOptOut: '2', SharingOptOut: true } } })
    expect(consent.get().categoryPreferences).toEqual({ necessary: true, analytics: false, ads: false })
    fire({ signalStatus: 'ready', applicableSections: [7], parsedSections: { usnat: [{ SaleOptOut: 2, SharingOptOut: 2, TargetedAdvertisingOptOut: 2 }, { Gpc: false }] } })
    expect(consent.get().categoryPreferences).toEqual({ necessary: true, analytics: true, ads: true })
    fire({ signalStatus: 'ready', applicableSections: [7], parsedSections: { usnat: [{ SaleOptOut: 2, SharingOptOut: 0, TargetedAdvertisingOptOut: 2 }, { Gpc: false }] } })
    expect(consent.get().categoryPreferences).toEqual({ necessary: true, analytics: true, ads: false })
    consent.destroy()
    expect(errors.map((e) => `${e.code}: ${e.message}`)).toEqual([
      'invalid-reading: consentry: gpp: an event carried unusable pingData or no success: true',
      'invalid-reading: consentry: gpp: SaleOptOut is "2", not 0, 1 or 2: denied',
      'invalid-reading: consentry: gpp: SharingOptOut is true, not 0, 1 or 2: denied',
      'adapter-failed: consentry: gpp: the CMP threw',
    ])
  })
})
