// googleConsentMode's options, checked in every build: from code (the calls a site can get wrong)
// and fuzzed. Nothing throws into the caller, every problem is reported, and nothing invalid is
// read as a grant: a type is granted only when a valid mapping names configured categories.
import { afterEach, describe, expect, it } from 'vitest'
import { createConsent, type ConsentError, type ConsentManager } from 'consentry'
import { googleConsentMode } from '../../src/google-consent-mode/index.js'
import { checkOptions, TYPES } from '../../src/google-consent-mode/check-options.js'
import { garbage, pick, random } from '../fuzz/generate.js'

let consent: ConsentManager | undefined
afterEach(() => {
  consent?.destroy()
  delete (window as any).dataLayer
})

/** Every category opt-out with no CMP: all granted, so any type Google gets as granted was mapped to them. */
function setup() {
  const errors: ConsentError[] = []
  consent = createConsent({
    categories: [
      { id: 'analytics', name: 'Analytics', enforcement: 'opt-out' },
      { id: 'marketing', name: 'Marketing', enforcement: 'opt-out' },
    ],
    waitMs: 0,
    cookie: false,
    onError: (error) => errors.push(error),
  })
  return errors
}
const consentCommands = () => ((window as any).dataLayer as IArguments[]).filter((e) => e[0] === 'consent').map((e) => [e[1], { ...e[2] }])
const granted = () =>
  Object.entries(consentCommands().at(-1)![1] as Record<string, unknown>)
    .filter(([, v]) => v === 'granted')
    .map(([k]) => k)

describe('googleConsentMode from code: invalid options are reported, never thrown, never granted', () => {
  it.each([
    ['a mapping entry that is a string, not an array', { mapping: { analytics_storage: 'analytics' } }, /"googleConsentMode\.mapping\.analytics_storage" must be true or a non-empty array/],
    ['a category id no category has', { mapping: { analytics_storage: ['Analytics'] } }, /"googleConsentMode\.mapping\.analytics_storage" must name configured category ids/],
    ['a misspelled "mapping"', { Mapping: { analytics_storage: ['analytics'] } }, /"googleConsentMode\.Mapping" is not an option/],
    ['a misspelled option next to no mapping', { waitForUpdat: 500 }, /"googleConsentMode\.waitForUpdat" is not an option/],
    ['mapping not an object', { mapping: ['analytics'] }, /"googleConsentMode\.mapping" must be an object/],
    ['options not an object', 'analytics', /"googleConsentMode\.options" must be an object/],
  ])('%s: reported, and no type is granted but what a valid mapping names', async (_, options, message) => {
    const errors = setup()
    expect(() => googleConsentMode(consent!, options as never)).not.toThrow()
    await new Promise((r) => setTimeout(r, 10))
    expect(consent!.get().categoryPreferences).toEqual({ analytics: true, marketing: true })
    expect(errors.map((e) => e.message).join('\n')).toMatch(message)
    expect(errors.every((e) => e.code === 'invalid-option')).toBe(true)
    // The default guess would grant analytics_storage and the ad types here; nothing may be guessed.
    expect(granted()).toEqual([])
  })

  it.each([
    ['region: "DE" (a string, not an array)', { region: 'DE' }, 'region'],
    ['region with a lower-case code, a name and an empty string', { region: ['UK', 'eu', 'Germany', ''] }, 'region'],
    ['waitForUpdate as a string', { waitForUpdate: '500' }, 'waitForUpdate'],
    ['waitForUpdate above setTimeout’s maximum', { waitForUpdate: 2 ** 31 }, 'waitForUpdate'],
    ['event: ""', { event: '' }, 'event'],
  ])('%s: reported, and the default is used', (_, options, key) => {
    const errors = setup()
    googleConsentMode(consent!, { mapping: { analytics_storage: ['analytics'] }, ...options } as never)
    expect(errors.map((e) => e.message).join('\n')).toMatch(new RegExp(`"googleConsentMode\\.${key}" must be`))
    const [, first] = consentCommands()[0]!
    expect(first).toMatchObject({ wait_for_update: 500 })
    // No region: the denied default applies everywhere (a region list would exempt the rest).
    expect(first).not.toHaveProperty('region')
    expect(((window as any).dataLayer as unknown[]).filter((e) => !(e as IArguments)[0] && (e as { event?: string }).event).map((e) => (e as { event: string }).event)).not.toContain('')
  })

  it.each([Number.POSITIVE_INFINITY, Number.NaN])('a waitForUpdate of %s is reported as given (JSON would print null)', (value) => {
    const errors = setup()
    googleConsentMode(consent!, { mapping: { analytics_storage: ['analytics'] }, waitForUpdate: value })
    expect(errors.map((e) => e.message)).toEqual([expect.stringMatching(new RegExp(`"googleConsentMode\\.waitForUpdate" must be .*; received ${value}$`))])
  })

  it('dataLayerName naming a global that is not an array (location, name, document) is reported and dataLayer is used', () => {
    for (const name of ['location', 'name', 'document', 'constructor', '__proto__', 'not an identifier']) {
      const errors = setup()
      const before = location.href
      googleConsentMode(consent!, { mapping: { analytics_storage: ['analytics'] }, dataLayerName: name })
      expect(errors.map((e) => e.message).join('\n')).toMatch(/"googleConsentMode\.dataLayerName" must be an identifier/)
      expect(location.href).toBe(before)
      expect(consentCommands()[0]![0]).toBe('default')
      consent!.destroy()
      delete (window as any).dataLayer
    }
  })

  it('a valid renamed dataLayer (absent, or an array already) is used as given', () => {
    setup()
    ;(window as any).gtmLayer = [{ early: true }]
    googleConsentMode(consent!, { mapping: { analytics_storage: ['analytics'] }, dataLayerName: 'gtmLayer', region: ['DE', 'US-CA'] })
    expect((window as any).gtmLayer[0]).toEqual({ early: true })
    expect(Array.from((window as any).gtmLayer[1] as IArguments)[2]).toMatchObject({ region: ['DE', 'US-CA'] })
    delete (window as any).gtmLayer
  })

  it('no manager: reported on the console, nothing thrown or pushed', () => {
    expect(() => googleConsentMode(undefined as never)).not.toThrow()
    expect((window as any).dataLayer).toBeUndefined()
  })
})

describe('checkOptions (3,000 fuzzed option objects)', () => {
  const KEYS = ['mapping', 'Mapping', 'waitForUpdate', 'region', 'dataLayerName', 'event', '__proto__', ...TYPES, 'analytics', 'nope']
  it('never throws; keeps only valid values; an invalid or doubtful mapping maps nothing', { timeout: 120_000 }, () => {
    const rand = random(31)
    for (let run = 0; run < 3_000; run++) {
      const options =
        rand() < 0.5
          ? garbage(rand, KEYS)
          : { mapping: { [pick(rand, [...TYPES, 'x'])]: pick(rand, [['analytics'], ['Analytics'], [], 'analytics', true, [1]]) }, [pick(rand, KEYS)]: garbage(rand, KEYS) }
      const notes: string[] = []
      const checked = checkOptions(options, ['analytics', 'marketing'], (key) => notes.push(key))
      for (const [type, ids] of Object.entries(checked.mapping ?? {})) {
        expect(TYPES).toContain(type)
        expect(ids === true || (Array.isArray(ids) && ids.length > 0 && ids.every((id) => id === 'analytics' || id === 'marketing'))).toBe(true)
      }
      // The default guess only when options were readable, valid, and had no mapping at all.
      if (checked.mapping === undefined) expect(notes).toEqual([])
      expect(checked.waitForUpdate >= 0 && checked.waitForUpdate <= 2147483647).toBe(true)
      for (const code of checked.region ?? []) expect(code).toMatch(/^[A-Z]{2}(-[A-Z0-9]{1,3})?$/)
      expect(checked.dataLayerName).toMatch(/^[A-Za-z_$][\w$]*$/)
      expect(checked.event === false || (typeof checked.event === 'string' && checked.event !== '')).toBe(true)
    }
  })
})
