import { describe, expect, it, vi } from 'vitest'
import { customAdapter, managerFactory } from './setup.js'
import { oneTrust } from '../../adapters/onetrust/index.js'
import { installOneTrustStub, loadOneTrust, uninstallOneTrust } from '../fakes/onetrust.js'

const groups = { necessary: 'C0001', analytics: 'C0002', ads: ['C0004', 'C0005'] }
const macrotask = () => new Promise((resolve) => setTimeout(resolve, 0))

const make = managerFactory(() => ({ waitMs: 200, adapters: [oneTrust({ groups })] }), uninstallOneTrust)

describe('oneTrust adapter', () => {
  it('decides at once when OneTrust loaded before consentry, trimming ids and ignoring unknown active ids', () => {
    loadOneTrust({ active: ['C0001', 'C0002', 'C0004', 'C0009'] })
    const { consent, errors } = make()
    expect(consent.get()).toMatchObject({ status: 'decided', source: 'cmp', adapter: 'onetrust', categoryPreferences: { necessary: true, analytics: true, ads: false } })
    loadOneTrust({ active: ['C0001', 'C0004', 'C0005'] })
    expect(errors).toEqual([])
  })

  it('under an opt-in model waits for the banner to close: fail-closed on a first visit, decided by the save', () => {
    const fake = loadOneTrust({ active: ['C0001'], closed: false })
    const { consent } = make()
    expect(consent.get()).toMatchObject({ status: 'pending', categoryPreferences: { necessary: true, analytics: false } })
    fake.save(['C0002'])
    expect(consent.get()).toMatchObject({ status: 'decided', categoryPreferences: { analytics: true, ads: false } })
  })

  it.each([
    ['opt-in', undefined, false],
    ['implied consent', undefined, false],
    ['opt-out', undefined, true],
    ['notice only', undefined, true],
    ['custom', undefined, true],
    [42, undefined, true],
    ['opt-out', 'opt-in' as const, false],
    ['opt-in', 'opt-out' as const, true],
  ])('consent model %j (override %s): decides before any interaction = %s', (model, consentModel, decides) => {
    loadOneTrust({ active: ['C0001', 'C0002'], closed: false, model })
    const { consent } = make({ adapters: [oneTrust({ groups, ...(consentModel ? { consentModel } : {}) })] })
    expect(consent.get().status).toBe(decides ? 'decided' : 'pending')
    expect(consent.get().categoryPreferences.analytics).toBe(decides)
  })

  it('decides at once under opt-in when the geo rule shows no banner (ShowAlertNotice false)', () => {
    loadOneTrust({ active: ['C0001', 'C0002'], closed: false, showAlertNotice: false })
    const { consent } = make()
    expect(consent.get()).toMatchObject({ status: 'decided', categoryPreferences: { analytics: true } })
  })

  it('stays fail-closed while window.OneTrust is a partial stub object, then decides in the load call', async () => {
    installOneTrustStub()
    ;(window as unknown as Record<string, unknown>).OnetrustActiveGroups = ',C0001,C0002,C0004,C0005,'
    const { consent, errors } = make()
    await macrotask()
    expect(consent.get()).toMatchObject({ status: 'pending', categoryPreferences: { necessary: true, analytics: false, ads: false } })
    loadOneTrust({ active: ['C0001', 'C0002'] })
    // OptanonWrapper runs synchronously in the load: no macrotask needed.
    expect(consent.get()).toMatchObject({ status: 'decided', adapter: 'onetrust', categoryPreferences: { analytics: true, ads: false } })
    expect(errors).toEqual([])
  })

  it('decides from the consent.onetrust event when the page replaced OptanonWrapper', async () => {
    const { consent } = make()
    ;(window as unknown as Record<string, unknown>).OptanonWrapper = function OptanonWrapper() {}
    loadOneTrust({ active: ['C0001', 'C0002'] })
    expect(consent.get().status).toBe('pending')
    await macrotask()
    expect(consent.get()).toMatchObject({ status: 'decided', categoryPreferences: { analytics: true } })
  })

  it('chains to the page’s own OptanonWrapper and restores it on destroy', () => {
    const own = vi.fn()
    ;(window as unknown as Record<string, unknown>).OptanonWrapper = own
    const { consent } = make()
    loadOneTrust({ active: ['C0001'], wrapperTwice: true })
    expect(own).toHaveBeenCalledTimes(2)
    consent.destroy()
    expect((window as unknown as Record<string, unknown>).OptanonWrapper).toBe(own)
  })

  it('follows saves once, although OneTrust announces each one three ways', async () => {
    const fake = loadOneTrust({ active: ['C0001'] })
    const { consent } = make()
    const changes = vi.fn()
    consent.subscribe(changes)
    fake.save(['C0002', 'C0004', 'C0005'])
    expect(consent.get().categoryPreferences).toEqual({ necessary: true, analytics: true, ads: true })
    await macrotask()
    await macrotask()
    fake.save(['C0002', 'C0004', 'C0005']) // banner closed again without a change
    await macrotask()
    await macrotask()
    expect(changes).toHaveBeenCalledTimes(1)
    fake.save(['C0002'])
    expect(consent.get().categoryPreferences.ads).toBe(false)
    expect(changes).toHaveBeenCalledTimes(2)
  })

  it('writes a preference-center choice back through UpdateConsent', async () => {
    const fake = loadOneTrust({ active: ['C0001'] })
    const { consent, errors } = make()
    const changes = vi.fn()
    consent.subscribe(changes)
    consent.set({ analytics: true, ads: true })
    expect(fake.calls.UpdateConsent).toBe(4)
    expect((window as unknown as Record<string, string>).OnetrustActiveGroups).toBe(',C0001,C0002,C0004,C0005,')
    await macrotask()
    await macrotask()
    expect(consent.get()).toMatchObject({ categoryPreferences: { analytics: true, ads: true } })
    expect(changes).toHaveBeenCalledTimes(1)
    expect(errors).toEqual([])
  })

  it('never throws when every OneTrust method throws; reports once and stays fail-closed', async () => {
    const boom = () => {
      throw new Error('boom')
    }
    const w = window as unknown as Record<string, unknown>
    w.OneTrust = { GetDomainData: boom, OnConsentChanged: boom, IsAlertBoxClosed: boom }
    Object.defineProperty(window, 'OnetrustActiveGroups', { configurable: true, get: boom })
    const { consent, errors } = make()
    dispatchEvent(new CustomEvent('OneTrustGroupsUpdated'))
    w.OptanonWrapper && (w.OptanonWrapper as () => void)()
    await macrotask()
    expect(consent.get()).toMatchObject({ status: 'pending', categoryPreferences: { analytics: false, ads: false } })
    expect(errors.map((e) => e.code)).toEqual(['adapter-failed'])
    delete w.OnetrustActiveGroups
  })

  it('reports garbage once and grants nothing', () => {
    const w = window as unknown as Record<string, unknown>
    loadOneTrust()
    w.OnetrustActiveGroups = ['C0002']
    const { consent, errors } = make()
    dispatchEvent(new CustomEvent('OneTrustGroupsUpdated'))
    dispatchEvent(new CustomEvent('consent.onetrust'))
    expect(consent.get().status).toBe('pending')
    expect(errors.map((e) => e.code)).toEqual(['invalid-reading'])
  })

  it('falls back after the wait when OneTrust never arrives, and still follows it when it arrives late', async () => {
    const { consent, errors } = make({ waitMs: 20 })
    await new Promise((resolve) => setTimeout(resolve, 40))
    expect(consent.get()).toMatchObject({ status: 'default', categoryPreferences: { analytics: false } })
    expect(errors.map((e) => e.code)).toEqual(['cmp-timeout'])
    loadOneTrust({ active: ['C0001', 'C0002'] })
    expect(consent.get()).toMatchObject({ status: 'decided', source: 'cmp', adapter: 'onetrust', categoryPreferences: { analytics: true } })
  })

  it('lets the first adapter that becomes ready decide, in priority order', async () => {
    let choice: Record<string, boolean> | undefined
    const listeners = new Set<() => void>()
    const banner = customAdapter({ name: 'banner', read: () => choice, subscribe: (changed) => void listeners.add(changed) })
    const { consent } = make({ adapters: [oneTrust({ groups }), banner] })
    choice = { analytics: false, ads: true }
    for (const l of listeners) l()
    expect(consent.get()).toMatchObject({ source: 'cmp', adapter: 'banner', categoryPreferences: { ads: true } })
    loadOneTrust({ active: ['C0001', 'C0002'] })
    await macrotask()
    expect(consent.get()).toMatchObject({ adapter: 'banner', categoryPreferences: { analytics: false } })
  })
})
