import { describe, expect, it, vi } from 'vitest'
import { managerFactory } from './setup.js'
import { tcf } from '../../adapters/tcf/index.js'
import { installTcfStub, loadTcfCmp, makeTcString, uninstallTcf } from '../fakes/tcf.js'

const options = { purposes: { analytics: [1, 7, 9], ads: [1, 2, 3, 4] }, vendors: { ads: 755 } }
const wait = (ms = 0) => new Promise((resolve) => setTimeout(resolve, ms))

const make = managerFactory(() => ({ waitMs: 300, adapters: [tcf(options)] }), uninstallTcf)

describe('tcf adapter (IAB reference CmpApi and real TC strings)', () => {
  it('decides from tcloaded for a returning visitor, needing purposes and the configured vendor', () => {
    installTcfStub()
    const cmp = loadTcfCmp()
    cmp.update(makeTcString([1, 2, 3, 4, 7, 9, 10], [1]), false)
    const { consent, errors } = make()
    expect(consent.get()).toMatchObject({ status: 'decided', adapter: 'tcf', categoryPreferences: { analytics: true, ads: false } })
    cmp.update(makeTcString([1, 2, 3, 4, 7, 9, 10], [1, 755]), false)
    expect(consent.get().categoryPreferences.ads).toBe(true)
    expect(errors).toEqual([])
  })

  it('works with the stub installed before the CMP: cmpuishown is no choice, useractioncomplete decides', () => {
    installTcfStub()
    const { consent, errors } = make()
    expect(consent.get().status).toBe('pending')
    const cmp = loadTcfCmp()
    cmp.update('', true)
    expect(consent.get()).toMatchObject({ status: 'default', source: 'cmp', categoryPreferences: { analytics: false, ads: false } })
    cmp.update(makeTcString([1, 7, 9]), false)
    expect(consent.get()).toMatchObject({ status: 'decided', categoryPreferences: { analytics: true, ads: false } })
    expect(errors).toEqual([])
  })

  // IAB TCF v2.2 CMP API spec, addEventListener: `cmpuishown` means the CMP shows its UI, whose
  // TCData carries the consents before the visitor's choice (none on a first visit, the previous
  // ones when the visitor is asked again). That is an answer without a choice, as OneTrust's and
  // Ketch's pre-choice states are: opt-out categories keep only what those consents grant, and
  // the visitor taking longer than waitMs to answer is no cmp-timeout.
  for (const [visit, before] of [
    ['a first visit', ''],
    ['a visitor asked again', makeTcString([1, 2, 3, 4], [755])],
  ] as const) {
    it(`cmpuishown on ${visit}: the state is the CMP's pre-choice consents (default, source cmp), never the enforcement defaults after waitMs`, async () => {
      installTcfStub()
      const cmp = loadTcfCmp()
      const categories = [
        { id: 'analytics', name: 'A', enforcement: 'opt-out' as const },
        { id: 'ads', name: 'Ads', enforcement: 'opt-out' as const },
      ]
      const { consent, errors } = make({ categories, waitMs: 20 })
      cmp.update(before, true)
      await wait(40)
      const ads = before !== ''
      expect(consent.get()).toMatchObject({ status: 'default', source: 'cmp', categoryPreferences: { analytics: false, ads } })
      expect(errors).toEqual([])
      cmp.update(makeTcString([1, 7, 9]), false)
      expect(consent.get()).toMatchObject({ status: 'decided', categoryPreferences: { analytics: true, ads: false } })
    })
  }

  it('where GDPR does not apply, answers at once with the site\u2019s defaults: no decision, no cmp-timeout', async () => {
    installTcfStub()
    loadTcfCmp().update(null)
    const categories = [
      { id: 'analytics', name: 'A', enforcement: 'opt-out' as const },
      { id: 'ads', name: 'Ads', enforcement: 'opt-in' as const },
    ]
    const { consent, errors } = make({ categories, waitMs: 20 })
    expect(consent.get()).toMatchObject({ status: 'default', source: 'cmp', adapter: 'tcf', categoryPreferences: { analytics: true, ads: false } })
    await wait(40)
    expect(errors).toEqual([])
  })

  it('a vendor mapping never grants without purposes: a vendors-only category is an invalid option', () => {
    expect(() => tcf({ purposes: { analytics: 1 }, vendors: { ads: 755 } })).toThrowError(expect.objectContaining({ code: 'invalid-option', message: expect.stringContaining('tcf({ purposes })') }))
    vi.stubEnv('NODE_ENV', 'production')
    try {
      installTcfStub()
      loadTcfCmp().update(makeTcString([1], [755]), false)
      const categories = [
        { id: 'analytics', name: 'A', enforcement: 'opt-out' as const },
        { id: 'ads', name: 'Ads', enforcement: 'opt-out' as const },
      ]
      const { consent, errors } = make({ categories, adapters: [tcf({ purposes: { analytics: 1 }, vendors: { ads: 755 } })] })
      expect(consent.get()).toMatchObject({ status: 'default', categoryPreferences: { analytics: false, ads: false } })
      expect(errors.map((e) => e.code)).toEqual(['invalid-option'])
    } finally {
      vi.unstubAllEnvs()
    }
  })

  it('purposes or vendors inherited from a polluted prototype never grant', () => {
    ;(window as unknown as Record<string, unknown>).__tcfapi = (_c: string, _v: number, callback: (...args: unknown[]) => void) =>
      callback({ eventStatus: 'tcloaded', gdprApplies: true, purpose: { consents: Object.create({ 1: true, 7: true, 9: true }) }, vendor: { consents: {} } }, true)
    const { consent } = make()
    expect(consent.get()).toMatchObject({ status: 'decided', categoryPreferences: { analytics: false } })
  })

  it('finds a CMP that arrives without a stub (bounded polling) and removes its listener on destroy', async () => {
    const { consent } = make()
    await wait(120)
    const cmp = loadTcfCmp()
    cmp.update(makeTcString([1, 2, 3, 4, 7, 9], [755]), false)
    await wait(120)
    expect(consent.get().categoryPreferences).toEqual({ necessary: true, analytics: true, ads: true })
    const spy = vi.spyOn(window as unknown as { __tcfapi: (...args: unknown[]) => void }, '__tcfapi')
    consent.destroy()
    expect(spy.mock.calls.map((call) => call[0])).toEqual(['removeEventListener'])
    expect(spy.mock.calls[0]?.[3]).toBe(0) // the reference CMP's first listenerId is 0
  })

  it('never throws when __tcfapi throws or answers garbage; reports each kind once', () => {
    const w = window as unknown as Record<string, unknown>
    w.__tcfapi = () => {
      throw new Error('boom')
    }
    const a = make()
    a.consent.destroy()
    expect(a.errors.map((e) => e.code)).toEqual(['adapter-failed'])
    w.__tcfapi = (_c: string, _v: number, callback: (...args: unknown[]) => void) => {
      for (const data of [null, 'x', [], { purpose: 1, vendor: {} }]) callback(data, true)
      callback({ eventStatus: 'tcloaded', gdprApplies: true, purpose: { consents: { 1: 'true' } }, vendor: { consents: [] } }, true)
      callback(null, false)
    }
    const b = make()
    expect(b.consent.get().categoryPreferences).toEqual({ necessary: true, analytics: false, ads: false })
    expect(b.errors.map((e) => e.code)).toEqual(['invalid-reading'])
  })

  // The TCF v2.2 API answers addEventListener with (tcData, success: boolean): only success === true
  // vouches for the TCData. A missing or odd success flag neither grants nor places the visitor.
  it.each([
    ['no success flag', []],
    ['success: 1', [1]],
    ["success: 'true'", ['true']],
  ])('%s: the TCData grants nothing and places no one', (_, flag) => {
    ;(window as unknown as Record<string, unknown>).__tcfapi = (_c: string, _v: number, callback: (...args: unknown[]) => void) =>
      callback({ eventStatus: 'tcloaded', gdprApplies: true, purpose: { consents: { 1: true, 7: true, 9: true } }, vendor: { consents: {} } }, ...flag)
    const regions = { EEA: { mode: 'opt-out' as const, enforcement: { analytics: 'opt-out' as const } }, '*': { mode: 'opt-in' as const } }
    const { consent, errors } = make({ regions })
    expect(consent.get()).toMatchObject({ status: 'default', mode: 'opt-in', categoryPreferences: { analytics: false, ads: false } })
    expect(errors.map((e) => e.code)).toEqual(['invalid-reading'])
  })

  it('a polluted Object.prototype adds no category to the reading (vendor merge)', () => {
    const proto = Object.prototype as Record<string, unknown>
    installTcfStub()
    loadTcfCmp().update(makeTcString([1, 2, 3, 4], [755]), false)
    const categories = [
      { id: 'ads', name: 'Ads', enforcement: 'opt-in' as const },
      { id: 'email', name: 'Email', enforcement: 'opt-in' as const },
    ]
    try {
      proto.email = true
      const { consent } = make({ categories, adapters: [tcf({ purposes: { ads: [1, 2, 3, 4] }, vendors: { ads: 755 } })] })
      expect(consent.get()).toMatchObject({ status: 'decided', categoryPreferences: { ads: true, email: false } })
    } finally {
      delete proto.email
    }
  })
})
