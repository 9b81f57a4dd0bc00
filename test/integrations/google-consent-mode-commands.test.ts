import { afterEach, describe, expect, it, vi } from 'vitest'
import { type Category, type ConsentManager, createConsent, defineAdapter } from 'consentry'
import { googleConsentMode } from '../../src/google-consent-mode/index.js'

// What gtag.js reads, per Google's Consent Mode v2 docs
// (https://developers.google.com/tag-platform/security/guides/consent): `gtag('consent', 'default' |
// 'update', {ad_storage, ad_user_data, ad_personalization, analytics_storage, functionality_storage,
// personalization_storage, security_storage: 'granted' | 'denied', wait_for_update?, region?})`,
// where gtag() is `function gtag(){dataLayer.push(arguments)}` onto the page's existing dataLayer.
let consent: ConsentManager | undefined
let stop: (() => void) | undefined
afterEach(() => {
  vi.restoreAllMocks()
  stop?.()
  consent?.destroy()
  stop = undefined
  delete (window as any).dataLayer
  delete (window as any).gtmLayer
})

const ALL = ['ad_storage', 'ad_user_data', 'ad_personalization', 'analytics_storage', 'functionality_storage', 'personalization_storage', 'security_storage'] as const
const only = (granted: readonly string[]) => Object.fromEntries(ALL.map((t) => [t, granted.includes(t) ? 'granted' : 'denied']))

const setup = (categories: Category[], waitMs = 60_000) => {
  let emit: ((reading: Record<string, boolean>) => void) | undefined
  consent = createConsent({ categories, adapters: [defineAdapter({ name: 'cmp', watch: (e) => ((emit = e), () => {}) })], waitMs, cookie: false })
  return (reading: Record<string, boolean>) => emit!(reading)
}
const optIn = (...ids: string[]): Category[] => ids.map((id) => ({ id, name: id, enforcement: 'opt-in' }))
const isArgs = (e: unknown) => Object.prototype.toString.call(e) === '[object Arguments]'
const commands = (name = 'dataLayer') => ((window as any)[name] as unknown[]).filter(isArgs).map((e) => Array.from(e as ArrayLike<unknown>))
const updates = (name?: string) =>
  commands(name)
    .filter((c) => c[0] === 'consent' && c[1] === 'update')
    .map((c) => c[2])

describe('googleConsentMode default mapping', () => {
  it('finds the first alias the manager has for each type (statistics, ads, preferences)', () => {
    const cmp = setup(optIn('statistics', 'ads', 'preferences'))
    stop = googleConsentMode(consent!)
    cmp({ statistics: true, ads: false, preferences: true })
    expect(updates()).toEqual([only(['analytics_storage', 'functionality_storage', 'personalization_storage', 'security_storage'])])
    cmp({ statistics: false, ads: true, preferences: false })
    expect(updates()[1]).toEqual(only(['ad_storage', 'ad_user_data', 'ad_personalization', 'security_storage']))
  })

  it('denies a type none of whose aliases is a category, whatever is granted', () => {
    const cmp = setup(optIn('analytics', 'misc'))
    stop = googleConsentMode(consent!)
    cmp({ analytics: true, misc: true })
    expect(updates()).toEqual([only(['analytics_storage', 'security_storage'])])
  })
})

describe('googleConsentMode mapping rules', () => {
  it('grants a type only when every listed category is granted; true always grants; an empty list never does', () => {
    const cmp = setup(optIn('analytics', 'marketing', 'personal'))
    const mapping = { ad_personalization: ['marketing', 'personal'], ad_storage: ['marketing'], analytics_storage: [], security_storage: true } as const
    stop = googleConsentMode(consent!, { mapping, event: false })
    cmp({ analytics: true, marketing: true, personal: false })
    cmp({ analytics: true, marketing: true, personal: true })
    cmp({ analytics: false, marketing: false, personal: true })
    expect(updates()).toEqual([only(['ad_storage', 'security_storage']), only(['ad_storage', 'ad_personalization', 'security_storage']), only(['security_storage'])])
  })

  it('an inherited or non-true preference value never grants', () => {
    const cmp = setup(optIn('analytics'))
    stop = googleConsentMode(consent!, { mapping: { analytics_storage: ['analytics'], ad_storage: ['toString'] }, event: false })
    cmp({ analytics: false })
    expect(updates()).toEqual([only([])])
  })

  it("the default grants a type mapped to an 'always' category, and nothing mapped to opt-in or opt-out ones", () => {
    setup([
      { id: 'necessary', name: 'Necessary', enforcement: 'always' },
      { id: 'analytics', name: 'Analytics', enforcement: 'opt-out' },
    ])
    stop = googleConsentMode(consent!, { mapping: { security_storage: ['necessary'], functionality_storage: ['necessary'], analytics_storage: ['analytics'] } })
    const first = commands()[0]!
    expect(first.slice(0, 2)).toEqual(['consent', 'default'])
    expect(first[2]).toEqual({ ...only(['security_storage', 'functionality_storage']), wait_for_update: 500 })
    expect(first[2]).not.toHaveProperty('region')
  })
})

describe('googleConsentMode and the dataLayer', () => {
  it('pushes onto the page’s existing dataLayer (a GTM snippet ran first), keeping what it holds', () => {
    const earlier = { 'gtm.start': 1, event: 'gtm.js' }
    const layer: unknown[] = [earlier]
    ;(window as any).dataLayer = layer
    setup(optIn('analytics'))
    const printed = vi.spyOn(console, 'error').mockImplementation(() => {})
    vi.spyOn(console, 'warn').mockImplementation(() => {})
    stop = googleConsentMode(consent!)
    // Reported: Tag Manager may have fired tags on 'gtm.js' before this default (see below).
    expect(printed).toHaveBeenCalledTimes(1)
    expect((window as any).dataLayer).toBe(layer)
    expect(layer[0]).toBe(earlier)
    expect(isArgs(layer[1])).toBe(true)
    expect(Array.from(layer[1] as ArrayLike<unknown>).slice(0, 2)).toEqual(['consent', 'default'])
  })

  it('leaves a global that is not an array alone (it may be the page’s own): reported, and dataLayer is used', () => {
    ;(window as any).gtmLayer = 'not a layer'
    const errors: string[] = []
    setup(optIn('analytics'))
    stop = googleConsentMode({ ...consent!, report: (error) => errors.push(error.message) }, { dataLayerName: 'gtmLayer' })
    expect((window as any).gtmLayer).toBe('not a layer')
    expect(errors.join('\n')).toMatch(/"googleConsentMode\.dataLayerName" must be an identifier naming no global but an array/)
    expect(commands('dataLayer')[0]!.slice(0, 2)).toEqual(['consent', 'default'])
    delete (window as any).gtmLayer
  })

  it('creates the named data layer when absent (or an own global still undefined)', () => {
    ;(window as any).gtmLayer = undefined
    const cmp = setup(optIn('analytics'))
    stop = googleConsentMode(consent!, { dataLayerName: 'gtmLayer', region: ['DE', 'FR'] })
    expect(Array.isArray((window as any).gtmLayer)).toBe(true)
    expect((window as any).dataLayer).toBeUndefined()
    expect(commands('gtmLayer')[0]![2]).toEqual({ ...only(['security_storage']), wait_for_update: 500, region: ['DE', 'FR'] })
    cmp({ analytics: true })
    expect(updates('gtmLayer')).toEqual([only(['analytics_storage', 'security_storage'])])
  })

  it('pushes the event with the preferences and the consent types after each decided change, none while pending', () => {
    const cmp = setup(optIn('analytics', 'marketing'))
    stop = googleConsentMode(consent!, { event: 'consent_update' })
    expect(consent!.get().status).toBe('pending')
    const layer = (window as any).dataLayer as unknown[]
    expect(layer).toHaveLength(1)
    cmp({ analytics: true, marketing: false })
    expect(layer.slice(1)).toEqual([
      expect.anything(),
      { event: 'consent_update', consentry: { categoryPreferences: { analytics: true, marketing: false }, ...only(['analytics_storage', 'security_storage']) } },
    ])
    expect(Array.from(layer[1] as ArrayLike<unknown>)).toEqual(['consent', 'update', only(['analytics_storage', 'security_storage'])])
  })

  it('sends the update at once for a manager decided before it starts, and nothing after the returned stop', () => {
    const cmp = setup(optIn('analytics'))
    cmp({ analytics: true })
    stop = googleConsentMode(consent!, { event: false })
    expect(commands().map((c) => c.slice(0, 2))).toEqual([
      ['consent', 'default'],
      ['consent', 'update'],
    ])
    expect(updates()).toEqual([only(['analytics_storage', 'security_storage'])])
    // event: false pushes no dataLayer event, only the two commands.
    expect((window as any).dataLayer).toHaveLength(2)
    stop()
    cmp({ analytics: false })
    expect(updates()).toHaveLength(1)
  })

  it('sends the all-denied update when the wait ends without a CMP answer (status default)', async () => {
    setup(optIn('analytics'), 10)
    stop = googleConsentMode(consent!)
    await new Promise((resolve) => setTimeout(resolve, 40))
    expect(consent!.get().status).toBe('default')
    expect(updates()).toEqual([only(['security_storage'])])
  })
})

describe('googleConsentMode called after Google’s tags were told to send data', () => {
  // Google's consent guide (developers.google.com/tag-platform/security/guides/consent): the default
  // must come before any command that sends data (gtag 'config' and 'event'), i.e. before gtag.js's
  // config lines and the Tag Manager snippet (which pushes the 'gtm.js' event); a type with no
  // default counts as granted. gtag.js reads only `arguments` objects; the Tag Manager snippet pushes
  // the 'gtm.js' event that starts its tags.
  function gtagArgs(..._: unknown[]) {
    // biome-ignore lint/complexity/noArguments: gtag.js reads only arguments objects
    return arguments
  }
  const late: [string, unknown, RegExp][] = [
    ["gtag('config')", gtagArgs('config', 'G-TEST'), /gtag\('config'\)/],
    ["gtag('event')", gtagArgs('event', 'page_view'), /gtag\('event'\)/],
    ['the Tag Manager snippet', { 'gtm.start': 1, event: 'gtm.js' }, /Tag Manager's 'gtm\.js'/],
  ]
  const fine: [string, unknown][] = [
    ["gtag('js')", gtagArgs('js', new Date(0))],
    ["an earlier gtag('consent', 'default')", gtagArgs('consent', 'default', { ad_storage: 'denied' })],
    ["gtag('set', 'ads_data_redaction')", gtagArgs('set', 'ads_data_redaction', true)],
    ['an array (gtag.js ignores it)', ['config', 'G-TEST']],
    ['a push without an event', { 'gtm.start': 1 }],
    ['an inherited event', Object.create({ event: 'gtm.js' })],
    ["consentry's own event", { event: 'consentry_consent_update' }],
    // OneTrust's stub pushes these on load (reference: OneTrust data layer objects).
    ["OneTrust's load events", { event: 'OneTrustLoaded', OnetrustActiveGroups: ',C0001,' }],
    ['a site event', { event: 'purchase', value: 3 }],
  ]
  const run = (entries: unknown[]) => {
    ;(window as any).dataLayer = [...entries]
    const errors: string[] = []
    setup(optIn('analytics'))
    const printed = vi.spyOn(console, 'error').mockImplementation(() => {})
    stop = googleConsentMode({ ...consent!, report: (error) => errors.push(`${error.code}: ${error.message}`) })
    return { errors, printed: printed.mock.calls.map((c) => String(c[0])), first: commands()[entries.filter(isArgs).length] }
  }
  for (const [name, entry, message] of late) {
    it(`after ${name}: reported once (onError and console), and the default is still pushed`, () => {
      const { errors, printed, first } = run([gtagArgs('js', new Date(0)), entry, { event: 'gtm.dom' }])
      expect(errors).toHaveLength(1)
      expect(errors[0]).toMatch(/^invalid-option: consentry: googleConsentMode\(\) ran after .* in dataLayer: hits sent before it had no consent default/)
      expect(errors[0]).toMatch(message)
      expect(printed).toEqual([errors[0]!.replace('invalid-option: ', '')])
      expect(first!.slice(0, 2)).toEqual(['consent', 'default'])
    })
  }
  for (const [name, entry] of fine) {
    it(`after ${name} only: nothing reported`, () => {
      const { errors, printed } = run([entry])
      expect(errors).toEqual([])
      expect(printed).toEqual([])
    })
  }
})
