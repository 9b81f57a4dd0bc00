import { describe, expect, it, vi } from 'vitest'
import { managerFactory, type ConsentOptions } from './setup.js'
import { gpp } from '../../adapters/gpp/index.js'
import { installGppStub, loadGppCmp, uninstallGpp } from '../fakes/gpp.js'

const categories: ConsentOptions['categories'] = [
  { id: 'necessary', name: 'Necessary', enforcement: 'always' },
  { id: 'analytics', name: 'Analytics', enforcement: 'opt-out' },
  { id: 'ads', name: 'Ads', enforcement: 'opt-out' },
]
const optOuts = { analytics: 'SaleOptOut', ads: ['SaleOptOut', 'SharingOptOut', 'TargetedAdvertisingOptOut'] }
const usnat = (sale: number, sharing: number, targeted: number) => ({ SaleOptOutNotice: 1, SharingOptOutNotice: 1, TargetedAdvertisingOptOutNotice: 1, SaleOptOut: sale, SharingOptOut: sharing, TargetedAdvertisingOptOut: targeted })
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

  it('decides nothing while no US section applies', async () => {
    installGppStub()
    const fake = loadGppCmp()
    fake.cmp.setApplicableSections([-1])
    fake.cmp.setSignalStatus('ready' as never)
    const { consent, errors } = make({ waitMs: 20 })
    await wait(40)
    expect(consent.get().status).toBe('default')
    expect(errors.map((e) => e.code)).toEqual(['cmp-timeout'])
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
    fire({ signalStatus: 'ready', applicableSections: [7], parsedSections: { usnat: [{ SaleOptOut: 2, SharingOptOut: 0, TargetedAdvertisingOptOut: 2 }, { Gpc: false }] } })
    expect(consent.get().categoryPreferences).toEqual({ necessary: true, analytics: true, ads: true })
    consent.destroy()
    expect(errors.map((e) => e.code)).toEqual(['invalid-reading', 'adapter-failed'])
  })
})
