import { afterEach, describe, expect, it } from 'vitest'
import { createConsent, defineAdapter, type ConsentManager } from 'consentry'
import { googleConsentMode } from '../../src/google-consent-mode/index.js'

let consent: ConsentManager | undefined
afterEach(() => {
  consent?.destroy()
  delete (window as any).dataLayer
})

const setup = () => {
  let emit!: (reading: Record<string, boolean>) => void
  consent = createConsent({
    categories: [
      { id: 'necessary', name: 'Necessary', enforcement: 'always' },
      { id: 'analytics', name: 'Analytics', enforcement: 'opt-in' },
      { id: 'marketing', name: 'Marketing', enforcement: 'opt-in' },
    ],
    adapters: [defineAdapter({ name: 'cmp', watch: (e) => ((emit = e), () => {}) })],
    waitMs: 60_000,
    cookie: false,
  })
  return (reading: Record<string, boolean>) => emit(reading)
}
const layer = () => (window as any).dataLayer as unknown[]
const commands = () =>
  layer()
    .filter((e) => Object.prototype.toString.call(e) === '[object Arguments]')
    .map((e) => Array.from(e as ArrayLike<unknown>))

describe('googleConsentMode', () => {
  it('pushes a denied default with wait_for_update before any tag, as an arguments object', () => {
    setup()
    googleConsentMode(consent!, { waitForUpdate: 700, region: ['DE'] })
    // A tag loaded afterwards finds the default first.
    layer().push(['js', new Date()])
    expect(Object.prototype.toString.call(layer()[0])).toBe('[object Arguments]')
    expect(commands()).toEqual([
      [
        'consent',
        'default',
        {
          ad_storage: 'denied',
          ad_user_data: 'denied',
          ad_personalization: 'denied',
          analytics_storage: 'denied',
          functionality_storage: 'denied',
          personalization_storage: 'denied',
          security_storage: 'granted',
          wait_for_update: 700,
          region: ['DE'],
        },
      ],
    ])
  })

  it('sends an update on the decision and on each real change only, plus a dataLayer event', () => {
    const cmp = setup()
    googleConsentMode(consent!)
    cmp({ analytics: true })
    cmp({ analytics: true })
    cmp({ analytics: true, marketing: true })
    const updates = commands().filter((c) => c[1] === 'update')
    expect(updates.map((c) => [(c[2] as any).analytics_storage, (c[2] as any).ad_storage, (c[2] as any).ad_user_data])).toEqual([
      ['granted', 'denied', 'denied'],
      ['granted', 'granted', 'granted'],
    ])
    expect(layer().filter((e: any) => e.event === 'consentry_consent_update')).toHaveLength(2)
  })

  it('sends no repeat update when a real change leaves every consent type as it was, but still the dataLayer event', () => {
    const cmp = setup()
    googleConsentMode(consent!, { mapping: { analytics_storage: ['analytics'] } })
    cmp({ analytics: true })
    cmp({ analytics: true, marketing: true })
    expect(consent!.get().categoryPreferences.marketing).toBe(true)
    expect(commands().filter((c) => c[1] === 'update')).toHaveLength(1)
    expect(layer().filter((e: any) => e.event === 'consentry_consent_update')).toHaveLength(2)
  })

  it('follows a custom mapping; an unknown category id leaves the type denied', () => {
    const cmp = setup()
    googleConsentMode(consent!, { mapping: { analytics_storage: ['analytics'], ad_storage: ['nope'] }, event: false })
    cmp({ analytics: true, marketing: true })
    const update = commands().find((c) => c[1] === 'update')![2] as Record<string, string>
    expect(update.analytics_storage).toBe('granted')
    expect(update.ad_storage).toBe('denied')
    expect(update.security_storage).toBe('denied')
    expect(layer().some((e: any) => e.event)).toBe(false)
  })
})
