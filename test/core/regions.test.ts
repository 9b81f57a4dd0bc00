import { readFileSync } from 'node:fs'
import Cookies from 'js-cookie'
import ts from 'typescript'
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import { createConsent, isConsentError, regionFromCmp, type ConsentManager, type ConsentOptions } from 'consentry'
import { make, setGpc } from './setup.js'

// The Regions page (src/REGIONS.md): its worked configuration is read from the page, and each
// row of its table is one test, so the page cannot drift from what the code does.
const page = readFileSync(`${process.cwd()}/src/REGIONS.md`, 'utf8')
const optionsText = /const options: ConsentOptions = (\{[\s\S]*?\n\})\n/.exec(page)?.[1]
if (!optionsText) throw new Error('src/REGIONS.md lost its "const options: ConsentOptions = {…}" block')
const pageOptions = new Function(`return ${optionsText}`)() as Pick<ConsentOptions, 'categories' | 'regions'>
const table = page.slice(page.indexOf('| `region` |'), page.indexOf('## Rules'))
const rows = table
  .split('\n')
  .slice(2)
  .filter((line) => line.startsWith('|'))
  .map((line) => {
    const cells = line
      .split('|')
      .slice(1, -1)
      .map((cell) => cell.trim())
    const ids = (cell: string) => (/`([^`]*)`/.exec(cell)?.[1] ?? '').split(', ')
    const region = /^`([^`]+)`/.exec(cells[0] ?? '')?.[1]
    return { row: cells[0] ?? '', region, malformed: (cells[0] ?? '').includes('malformed'), granted: ids(cells[2] ?? ''), withGpc: ids(cells[3] ?? ''), mode: /^`([^`]*)`/.exec(cells[4] ?? '')?.[1] }
  })
// Production: problems are reported and read restrictively instead of thrown.
beforeEach(() => void vi.stubEnv('NODE_ENV', 'production'))
afterEach(() => void vi.unstubAllEnvs())

const granted = (consent: { get(): { categoryPreferences: Record<string, boolean> } }) =>
  Object.entries(consent.get().categoryPreferences)
    .filter(([, on]) => on)
    .map(([id]) => id)

describe('the Regions page, row by row', () => {
  it('has the table rows', () => expect(rows.length).toBe(10))

  it.each(rows)('$row', ({ region, malformed, granted: expected, withGpc, mode }) => {
    const options = { ...pageOptions, cookie: false as const, ...(region === undefined ? {} : { region }) }
    const errors: string[] = []
    const quiet = createConsent({ ...options, onError: (error) => errors.push(`${error.code}: ${error.message}`) })
    expect(granted(quiet)).toEqual(expected)
    // What the widget shows follows the mode (test/widget covers each mode in Chromium).
    expect(quiet.get().mode).toBe(mode)
    quiet.destroy()
    // Malformed input is reported naming the option; nothing else is.
    expect(errors).toEqual(malformed ? [expect.stringMatching(/^invalid-option: consentry: option "region"/)] : [])
    setGpc(true)
    const gpc = createConsent({ ...options, onError: () => {} })
    expect(granted(gpc)).toEqual(withGpc)
    gpc.destroy()
  })
})

const strict = [
  { id: 'necessary', name: 'Necessary', enforcement: 'always' },
  { id: 'analytics', name: 'Analytics', enforcement: 'opt-out' },
  { id: 'advertising', name: 'Advertising', enforcement: 'opt-out' },
] as const

describe('malformed regions fail closed and are reported, in production too', () => {
  it.each([
    ['regions not an object', 'opt-in', /"regions" must be an object/],
    ['a key that is no region', { California: { mode: 'opt-out' } }, /"regions\.California" is not an ISO 3166 code/],
    ['a lower-case group', { eu: { mode: 'opt-out' } }, /"regions\.eu" is not/],
    ['an inherited-looking key', JSON.parse('{"__proto__": {"mode": "none"}}'), /"regions\.__proto__" is not/],
    ['a misspelled rule option', { '*': { enforcment: { analytics: 'opt-out' } } }, /"regions\.\*\.enforcment" is not a region rule option/],
    ['an unknown category', { '*': { enforcement: { analytic: 'opt-out' } } }, /"regions\.\*\.enforcement\.analytic" must name a configured category/],
    ['an unknown enforcement', { '*': { enforcement: { analytics: 'optout' } } }, /"regions\.\*\.enforcement\.analytics" must be one of/],
    ['an unknown mode', { '*': { mode: 'notice' } }, /"regions\.\*\.mode" must be one of none, opt-out, opt-in/],
    ['gpc not a boolean', { '*': { gpc: 'no' } }, /"regions\.\*\.gpc" must be a boolean/],
    ['a rule that is not an object', { '*': 'opt-out' }, /"regions\.\*" must be an object/],
    ['a null mode (not a missing one)', { '*': { mode: null, enforcement: { analytics: 'opt-out' } } }, /"regions\.\*\.mode" must be one of/],
    ['a null enforcement (not a missing one)', { '*': { mode: 'none', enforcement: null } }, /"regions\.\*\.enforcement" must be an object/],
  ] as [string, unknown, RegExp][])('%s: every consent category opt-in for a visitor in BR', (_, regions, message) => {
    const errors: Error[] = []
    const consent = createConsent({ categories: [...strict], regions: regions as ConsentOptions['regions'], region: 'BR', cookie: false, onError: (error) => errors.push(error) })
    expect(consent.categories.map((c) => c.enforcement)).toEqual(['always', 'opt-in', 'opt-in'])
    expect(granted(consent)).toEqual(['necessary'])
    expect(errors.map((e) => [isConsentError(e) && e.code, e.message])).toEqual([['invalid-option', expect.stringMatching(message)]])
    consent.destroy()
  })

  it('inherited rule options are not options: the rule is read as written (empty), nothing widened', () => {
    const rule = Object.create({ mode: 'none', enforcement: { analytics: 'always', advertising: 'always' }, gpc: false })
    const consent = createConsent({ categories: [...strict, { id: 'ads2', name: 'Ads 2', enforcement: 'opt-in' }], regions: { '*': rule }, region: 'BR', cookie: false })
    expect(consent.categories.map((c) => c.enforcement)).toEqual(['always', 'opt-out', 'opt-out', 'opt-in'])
    consent.destroy()
  })

  it('a malformed region is never read as a laxer one (fuzz)', () => {
    const regions = { EEA: { mode: 'opt-in' as const, enforcement: { analytics: 'opt-in' as const, advertising: 'opt-in' as const } }, '*': { mode: 'none' as const } }
    const values: unknown[] = [
      null,
      0,
      1,
      true,
      {},
      [],
      ['BR'],
      'B',
      'BRA',
      'B1',
      'br ',
      ' ',
      '',
      'XX',
      'ZZ',
      'T1',
      'A1',
      'AP',
      'EU-',
      'US-',
      'US-CALIF',
      'toString',
      '__proto__',
      'constructor',
      'QZ',
      'XK',
      new String('BR'),
    ]
    for (let i = 0; i < 200; i++) values.push(String.fromCharCode(...Array.from({ length: 1 + (i % 6) }, () => 32 + Math.floor(Math.random() * 95))))
    for (const region of values) {
      const consent = createConsent({ categories: [...strict], regions, region: region as string, cookie: false, onError: () => {} })
      const valid = typeof region === 'string' && /^[A-Za-z]{2}(-[A-Za-z0-9]{1,3})?$/.test(region.trim()) && !/^(AA|AP|EU|Q[M-Z]|X[A-Z]|ZZ)$/i.test(region.trim())
      // Only a real region code may get the laxer "*" rule.
      if (!valid) expect(granted(consent), String(region)).toEqual(['necessary'])
      consent.destroy()
    }
  })

  it('a hostile region value (throwing Proxy) is reported, never thrown into the page', () => {
    const hostile = new Proxy(
      {},
      {
        get: () => {
          throw new Error('hostile')
        },
      },
    )
    const errors: Error[] = []
    const regions = { EEA: { enforcement: { analytics: 'opt-in' as const, advertising: 'opt-in' as const } }, '*': { mode: 'none' as const } }
    const consent = createConsent({ categories: [...strict], regions, region: hostile as unknown as string, cookie: false, onError: (error) => errors.push(error) })
    expect(granted(consent)).toEqual(['necessary'])
    expect(errors.map((e) => e.message)).toEqual([expect.stringMatching(/option "region" must be an ISO 3166/)])
    consent.destroy()
  })

  it('development throws the first problem', () => {
    vi.stubEnv('NODE_ENV', 'development')
    expect(() => createConsent({ categories: [...strict], regions: { Europe: {} } })).toThrow(/"regions\.Europe"/)
  })
})

describe('a stored decision remembers its region', () => {
  const regions = JSON.parse(JSON.stringify(pageOptions.regions)) as NonNullable<ConsentOptions['regions']>
  const categories = pageOptions.categories
  /** A manager for one page view, gone before the next (one manager per page and cookie). */
  const visit = (options: Partial<ConsentOptions>, act?: (consent: ConsentManager) => void) => {
    const { consent } = make({ categories, ...options })
    act?.(consent)
    const state = consent.get()
    consent.destroy()
    return state
  }
  const decide = (region: string | undefined, preferences: Record<string, boolean>) => visit({ regions, ...(region ? { region } : {}) }, (consent) => consent.set(preferences))

  it('moving to a stricter region asks again', () => {
    decide('US-CA', { advertising: false }) // analytics stays granted by California's opt-out default
    const state = visit({ regions, region: 'FR' })
    expect(state).toMatchObject({ status: 'default', mode: 'opt-in' })
    expect(Object.entries(state.categoryPreferences).filter(([, on]) => on)).toEqual([['necessary', true]])
  })

  it('moving to a region at most as strict keeps the decision', () => {
    decide('FR', { analytics: true })
    expect(visit({ regions, region: 'US-CA' })).toMatchObject({ status: 'decided', source: 'storage', mode: 'opt-out', categoryPreferences: { analytics: true, advertising: false } })
    expect(visit({ regions, region: 'BR' })).toMatchObject({ status: 'decided', source: 'storage', mode: 'none' })
  })

  it('the same rule keeps it: a decision from Texas stands in California (both US-STATES-WITH-LAW)', () => {
    decide('US-TX', { advertising: false })
    expect(visit({ regions, region: 'US-CA' })).toMatchObject({ status: 'decided', source: 'storage' })
  })

  it('a decision from a visitor whose region was not known was made under the strictest rule: it stands everywhere', () => {
    decide(undefined, { analytics: true })
    expect(document.cookie).toContain('@!|')
    for (const region of ['FR', 'US-CA', 'BR']) expect(visit({ regions, region }).status, region).toBe('decided')
  })

  it('a decision from before regions were configured was made under the categories as configured', () => {
    visit({}, (consent) => consent.set({ analytics: true }))
    // The categories are opt-in, as strict as the EEA rule: it stands in FR and (laxer) in BR.
    expect(visit({ regions, region: 'FR' }).status).toBe('decided')
    expect(visit({ regions, region: 'BR' }).status).toBe('decided')
  })

  it('a stored region that is no place (a damaged or edited cookie) never stands', () => {
    decide('BR', { analytics: true })
    const value = Cookies.get('consentry') as string
    // Re-sign the edited body the way the cookie format does (see decision-codec.ts: FNV-1a, base 36).
    const body = value.slice(0, value.lastIndexOf('|')).replace('@BR|', '@ZZZ-1|')
    let hash = 0x811c9dc5
    for (let i = 0; i < body.length; i++) hash = Math.imul(hash ^ body.charCodeAt(i), 0x01000193)
    Cookies.set('consentry', `${body}|${(hash >>> 0).toString(36)}`, { path: '/' })
    expect(visit({ regions, region: 'BR' }).status).toBe('default')
  })
})

describe('the page\u2019s regionFromHeaders example', () => {
  const code = /```ts\n(\/\/ The visitor's region from CloudFront[\s\S]*?)```/.exec(page)?.[1]
  if (!code) throw new Error('src/REGIONS.md lost its regionFromHeaders block')
  const js = ts.transpileModule(`${code}\nreturn regionFromHeaders`, { compilerOptions: { target: ts.ScriptTarget.ES2022 } }).outputText
  const regionFromHeaders = new Function(js)() as (headers: Headers) => string | undefined

  it.each([
    [{ 'CloudFront-Viewer-Country': 'US', 'CloudFront-Viewer-Country-Region': 'CA' }, 'US-CA'],
    [{ 'x-vercel-ip-country': 'FR' }, 'FR'],
    [{ 'x-vercel-ip-country': 'US', 'x-vercel-ip-country-region': 'TX' }, 'US-TX'],
    [{}, undefined],
  ])('%j → %s, which the manager places', (headers, region) => {
    const found = regionFromHeaders(new Headers(headers))
    expect(found).toBe(region)
    const consent = createConsent({ ...pageOptions, region: found, cookie: false })
    expect(consent.get().mode).toBe(region === undefined || region === 'FR' ? 'opt-in' : 'opt-out')
    consent.destroy()
  })
})

describe('regionFromCmp', () => {
  it.each([
    [{ gdprApplies: true }, 'EEA'],
    [{ gdprApplies: false }, undefined],
    [{ gdprApplies: 'true' }, undefined],
    [{ applicableSections: [2] }, 'EEA'],
    [{ applicableSections: [8] }, 'US-CA'],
    [{ applicableSections: [7] }, 'US-STATES-WITH-LAW'],
    [{ applicableSections: [22] }, 'US-TN'],
    // @iabgpp/cmpapi's Sections: 11 is usut, 12 usct, 23 to 27 the newer states.
    [{ applicableSections: [11] }, 'US-UT'],
    [{ applicableSections: [12] }, 'US-CT'],
    [{ applicableSections: [23] }, 'US-MN'],
    [{ applicableSections: [27] }, 'US-RI'],
    [{ applicableSections: [6] }, 'US-STATES-WITH-LAW'],
    [{ applicableSections: [7, 8] }, 'US-CA'],
    [{ applicableSections: [8, 9] }, 'US-STATES-WITH-LAW'],
    [{ applicableSections: [-1] }, undefined],
    [{ applicableSections: [0] }, undefined],
    [{ applicableSections: [28] }, undefined],
    [null, undefined],
    ['EEA', undefined],
    [{ applicableSections: '8' }, undefined],
    [Object.create({ gdprApplies: true }), undefined],
    [{}, undefined],
  ])('%j → %s', (answer, region) => {
    expect(regionFromCmp(answer)).toBe(region)
  })

  it('a CMP region given as a group gets every rule that may apply in it, strictest first', () => {
    const regions = {
      'US-CA': { mode: 'opt-out' as const, enforcement: { analytics: 'opt-out' as const } },
      'US-VA': { mode: 'opt-out' as const, enforcement: { analytics: 'opt-out' as const, advertising: 'opt-out' as const } },
      '*': { mode: 'none' as const, enforcement: { analytics: 'always' as const, advertising: 'always' as const } },
    }
    const consent = createConsent({ categories: pageOptions.categories, regions, region: regionFromCmp({ applicableSections: [7] }), cookie: false })
    expect(consent.categories.map((c) => c.enforcement)).toEqual(['always', 'opt-out', 'opt-in'])
    consent.destroy()
  })
})
