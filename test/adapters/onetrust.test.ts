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
    // OneTrust loading again (a single-page app re-injecting its tag) is followed at once.
    loadOneTrust({ active: ['C0001', 'C0004', 'C0005'] })
    expect(consent.get()).toMatchObject({ status: 'decided', categoryPreferences: { necessary: true, analytics: false, ads: true } })
    expect(errors).toEqual([])
  })

  it('under an opt-in model waits for the banner to close: OneTrust\u2019s defaults are not a decision, the save is', () => {
    const fake = loadOneTrust({ active: ['C0001'], closed: false })
    const { consent } = make()
    expect(consent.get()).toMatchObject({ status: 'default', source: 'cmp', adapter: 'onetrust', categoryPreferences: { necessary: true, analytics: false } })
    fake.save(['C0002'])
    expect(consent.get()).toMatchObject({ status: 'decided', categoryPreferences: { analytics: true, ads: false } })
  })

  it.each([
    ['opt-in', undefined, false],
    ['implied consent', undefined, false],
    ['opt-out', undefined, true],
    ['notice only', undefined, true],
    ['custom', undefined, false],
    [42, undefined, false],
    ['Opt-Out', undefined, false],
    ['opt-out', 'opt-in' as const, false],
    ['opt-in', 'opt-out' as const, true],
  ])('consent model %j (override %s): decides before any interaction = %s', (model, consentModel, decides) => {
    loadOneTrust({ active: ['C0001', 'C0002'], closed: false, model })
    const { consent } = make({ adapters: [oneTrust({ groups, ...(consentModel ? { consentModel } : {}) })] })
    expect(consent.get().status).toBe(decides ? 'decided' : 'default')
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

  it('writes a mixed preference-center choice back in one multi-group UpdateConsent call', async () => {
    const fake = loadOneTrust({ active: ['C0001'] })
    const { consent, errors } = make()
    const changes = vi.fn()
    consent.subscribe(changes)
    const update = vi.spyOn((window as unknown as { OneTrust: { UpdateConsent(type: string, value: string): void } }).OneTrust, 'UpdateConsent')
    consent.set({ analytics: true, ads: true })
    expect(update.mock.calls).toEqual([['Category', 'C0001:1,C0002:1,C0004:1,C0005:1']])
    expect(fake.calls.UpdateConsent).toBe(1)
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

  it('reports garbage once and grants nothing, not even the opt-out defaults', () => {
    const w = window as unknown as Record<string, unknown>
    loadOneTrust()
    w.OnetrustActiveGroups = ['C0002']
    const { consent, errors } = make({
      categories: [
        { id: 'necessary', name: 'N', enforcement: 'always' },
        { id: 'analytics', name: 'A', enforcement: 'opt-out' },
        { id: 'ads', name: 'Ads', enforcement: 'opt-out' },
      ],
    })
    dispatchEvent(new CustomEvent('OneTrustGroupsUpdated'))
    dispatchEvent(new CustomEvent('consent.onetrust'))
    expect(consent.get()).toMatchObject({ status: 'default', categoryPreferences: { analytics: false, ads: false } })
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

  it.each([
    [{ analytics: true, ads: true }, ['C0001', 'C0003'], 'AllowAll'],
    [{ analytics: false, ads: false }, ['C0001', 'C0002', 'C0004', 'C0005'], 'RejectAll'],
    // C0003 is not mapped and not active: AllowAll would grant it behind the visitor's back.
    [{ analytics: true, ads: true }, ['C0001'], 'UpdateConsent'],
    // C0003 is not mapped but active: RejectAll would take it away.
    [{ analytics: false, ads: false }, ['C0001', 'C0002', 'C0003'], 'UpdateConsent'],
  ])('writes %j over active %j with one documented %s call', (choice, active, call) => {
    const fake = loadOneTrust({ active })
    const { consent } = make()
    consent.set(choice)
    expect(fake.calls).toMatchObject({ [call]: 1 })
    expect(Object.keys(fake.calls).filter((name) => ['AllowAll', 'RejectAll', 'UpdateConsent'].includes(name))).toEqual([call])
    const activeNow = String((window as unknown as Record<string, unknown>).OnetrustActiveGroups)
    expect(activeNow.includes(',C0003,')).toBe(active.includes('C0003'))
    expect(consent.get().categoryPreferences).toMatchObject(choice)
  })

  it('reports a mapped group that is not in the domain data by name, once, and never grants it', () => {
    loadOneTrust({ active: ['C0001', 'C0002', 'C0007'] })
    const { consent, errors } = make({ adapters: [oneTrust({ groups: { analytics: 'C0002', ads: 'C0007' } })] })
    dispatchEvent(new CustomEvent('OneTrustGroupsUpdated'))
    expect(consent.get()).toMatchObject({ status: 'decided', categoryPreferences: { analytics: true, ads: false } })
    expect(errors.map((e) => [e.code, e.message.includes('C0007')])).toEqual([['invalid-option', true]])
  })

  it('with no groups given, maps each category id to the same OneTrust group id (Segment\u2019s convention)', () => {
    loadOneTrust({ active: ['C0001', 'C0002'] })
    const categories = [
      { id: 'C0001', name: 'Strictly necessary', enforcement: 'always' as const },
      { id: 'C0002', name: 'Performance', enforcement: 'opt-in' as const },
      { id: 'C0004', name: 'Targeting', enforcement: 'opt-in' as const },
    ]
    const { consent, errors } = make({ categories, adapters: [oneTrust()] })
    expect(consent.get()).toMatchObject({ status: 'decided', categoryPreferences: { C0001: true, C0002: true, C0004: false } })
    consent.set({ C0004: true })
    expect((window as unknown as Record<string, unknown>).OnetrustActiveGroups).toBe(',C0001,C0002,C0004,')
    expect(errors).toEqual([])
  })

  it('before the banner closes, an opt-out category gets OneTrust\u2019s default, not the site\u2019s (no timeout grant)', async () => {
    loadOneTrust({ active: ['C0001'], closed: false })
    const categories = [
      { id: 'necessary', name: 'N', enforcement: 'always' as const },
      { id: 'analytics', name: 'A', enforcement: 'opt-out' as const },
      { id: 'ads', name: 'Ads', enforcement: 'opt-out' as const },
    ]
    const { consent, errors } = make({ categories, waitMs: 20 })
    await new Promise((resolve) => setTimeout(resolve, 40))
    expect(consent.get()).toMatchObject({ status: 'default', source: 'cmp', categoryPreferences: { analytics: false, ads: false } })
    expect(errors).toEqual([])
  })

  it('options inherited from a polluted Object.prototype (consentModel, groups) are not options: they grant nothing', () => {
    const proto = Object.prototype as Record<string, unknown>
    loadOneTrust({ active: ['C0001', 'C0002'], closed: false })
    try {
      proto.consentModel = 'opt-out'
      const a = make()
      expect(a.consent.get()).toMatchObject({ status: 'default', categoryPreferences: { analytics: false } })
      delete proto.consentModel
      a.consent.destroy()
      loadOneTrust({ active: ['C0001'] })
      proto.groups = { analytics: 'C0001' }
      const b = make({ adapters: [oneTrust({})] })
      expect(b.consent.get()).toMatchObject({ status: 'decided', categoryPreferences: { analytics: false } })
    } finally {
      delete proto.consentModel
      delete proto.groups
    }
  })

  it('an Object.prototype polluted with ShowAlertNotice/Status/Name does not turn defaults into a decision', () => {
    const proto = Object.prototype as Record<string, unknown>
    loadOneTrust({ active: ['C0001', 'C0002'], closed: false })
    try {
      Object.assign(proto, { ShowAlertNotice: false, Name: 'opt-out' })
      const { consent } = make()
      expect(consent.get().status).toBe('default')
    } finally {
      delete proto.ShowAlertNotice
      delete proto.Name
    }
  })

  it.each([
    ['a numeric group', { groups: { analytics: 5 } }, 'groups'],
    ['a misspelled consent model', { groups: { analytics: 'C0002' }, consentModel: 'OPT-OUT' }, 'consentModel'],
  ])('production build: %s is reported as invalid-option (naming adapter and option) and grants nothing', (_, options, option) => {
    vi.stubEnv('NODE_ENV', 'production')
    try {
      loadOneTrust({ active: ['C0001', 'C0002'] })
      const categories = [{ id: 'analytics', name: 'A', enforcement: 'opt-out' as const }]
      const { consent, errors } = make({ categories, adapters: [oneTrust(options as never)] })
      expect(consent.get()).toMatchObject({ status: 'default', categoryPreferences: { analytics: false } })
      expect(errors.map((e) => e.code)).toEqual(['invalid-option'])
      expect(errors[0]?.message).toContain(`oneTrust({ ${option} })`)
    } finally {
      vi.unstubAllEnvs()
    }
  })
})
