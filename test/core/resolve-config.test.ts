import { afterEach, describe, expect, it, vi } from 'vitest'
import { isCategoryId, resolveConfig } from '../../src/core/resolve-config.js'
import { ConsentError } from '../../src/core/consent-error.js'
import { defineAdapter, type ConsentOptions } from 'consentry'

// resolveConfig is what createConsent reads its options through: development throws only the first
// problem, so these tests read the whole list (what production reports through onError, in order)
// and the configuration that is used instead of each bad value.
const ok = { id: 'analytics', name: 'Analytics', enforcement: 'opt-in' }
const resolve = (options: unknown) => resolveConfig(options as ConsentOptions)
const reports = (options: unknown) => resolve(options).problems.map((problem) => [problem.code, problem.message])
const problem = (option: string, rule: string, received: string) => ['invalid-option', `consentry: option "${option}" ${rule}; received ${received}`]
afterEach(() => void vi.restoreAllMocks())
const adapter = defineAdapter({ name: 'cmp', watch: () => () => {} })

describe('a complete, valid configuration', () => {
  const options = {
    categories: [
      { id: 'necessary', name: 'Necessary', description: 'Needed to run the site', enforcement: 'always', gpc: false },
      { id: 'analytics', name: 'Analytics', enforcement: 'opt-out', gpc: true },
      { id: 'ads', name: 'Ads', enforcement: 'opt-in' },
      { id: 'ads.email', name: 'Email ads', enforcement: 'opt-in', parent: 'ads' },
    ],
    destinations: { 'Google Analytics': ['analytics'] },
    unmapped: 'deny',
    policyVersion: '2025-01',
    adapters: [adapter],
    waitMs: 0,
    cookie: { name: 'site.consent-v2', expires: 30, path: '/shop/', domain: '.example.com' },
    cookies: { analytics: ['_ga'] },
    onError: () => {},
    regions: { EU: { mode: 'opt-in' } },
    region: 'FR',
  }

  it('is taken as given, with no report', () => {
    const { config, problems } = resolve(options)
    expect(problems).toEqual([])
    expect(config.categories).toEqual([
      { id: 'necessary', name: 'Necessary', description: 'Needed to run the site', enforcement: 'always', gpc: false },
      { id: 'analytics', name: 'Analytics', enforcement: 'opt-out', gpc: true },
      { id: 'ads', name: 'Ads', enforcement: 'opt-in' },
      { id: 'ads.email', name: 'Email ads', enforcement: 'opt-in', parent: 'ads' },
    ])
    expect({ ...config.destinations }).toEqual({ 'Google Analytics': ['analytics'] })
    expect([config.unmapped, config.policyVersion, config.adapters, config.waitMs]).toEqual(['deny', '2025-01', [adapter], 0])
    expect(config.cookie).toEqual({ name: 'site.consent-v2', expires: 30, path: '/shop/', domain: '.example.com' })
    expect(config.region.key).toBe('FR')
    expect({ ...config.cookies }).toEqual({ analytics: ['_ga'] })
  })

  it('fills in the defaults when only categories are given', () => {
    const { config, problems } = resolve({ categories: [ok] })
    expect(problems).toEqual([])
    expect([config.unmapped, config.policyVersion, config.adapters, config.waitMs]).toEqual(['allow', '1', [], 3000])
    expect(config.cookie).toEqual({ name: 'consentry', expires: 365, path: '/' })
    expect({ ...config.destinations }).toEqual({})
  })
})

describe('options that are not an object', () => {
  it.each([
    [undefined, 'undefined'],
    ['analytics', '"analytics"'],
  ])('%j: reported, then read as no options (no category)', (options, shown) => {
    const { config, problems } = resolve(options)
    expect(config.categories).toEqual([])
    expect(problems.map((p) => p.message)).toEqual([`consentry: option "options" must be an object; received ${shown}`, 'consentry: option "categories" must be a non-empty array; received undefined'])
  })
})

describe('unknown option names are reported with where they are', () => {
  it('at the top level, in a category and in cookie', () => {
    const options = { categories: [{ ...ok, enforcment: 'opt-out' }], cookei: {}, cookie: { nmae: 'x' } }
    expect(reports(options)).toEqual([
      problem('cookei', 'is not an option (misspelled?)', '{}'),
      problem('categories[0].enforcment', 'is not an option (misspelled?)', '"opt-out"'),
      problem('cookie.nmae', 'is not an option (misspelled?)', '"x"'),
    ])
  })
})

describe('categories', () => {
  const necessary = { id: 'necessary', name: 'Necessary', enforcement: 'always' }

  it.each([
    ['an empty list', [], problem('categories', 'must be a non-empty array', '[]')],
    ['not a list', { analytics: ok }, problem('categories', 'must be a non-empty array', '{"analytics":{"id":"analytics","name":"Analytics","enforcement":"opt-in"}}')],
  ])('%s: none are configured', (_, categories, report) => {
    const { config, problems } = resolve({ categories })
    expect(config.categories).toEqual([])
    expect(problems.map((p) => [p.code, p.message])).toEqual([report])
  })

  it.each([
    ['not an object', 'analytics', [problem('categories[0]', 'must be an object', '"analytics"')]],
    ['a number for an id', { ...ok, id: 5 }, [problem('categories[0].id', 'must be a string that does not start with a digit', '5')]],
    ['null for an id', { ...ok, id: null }, [problem('categories[0].id', 'must be a string that does not start with a digit', 'null')]],
    ['true for an id', { ...ok, id: true }, [problem('categories[0].id', 'must be a string that does not start with a digit', 'true')]],
    ['an id of 35 characters', { ...ok, id: 'a'.repeat(35) }, [problem('categories[0].id', 'must have fewer than 35 characters', `"${'a'.repeat(35)}"`)]],
    ['an id of 36 characters', { ...ok, id: 'a'.repeat(36) }, [problem('categories[0].id', 'must have fewer than 35 characters', `"${'a'.repeat(36)}"`)]],
    ['an id starting with a digit', { ...ok, id: '1st' }, [problem('categories[0].id', 'must be a string that does not start with a digit', '"1st"')]],
    ['an id with a space inside', { ...ok, id: 'ad tech' }, [problem('categories[0].id', 'may use only letters, digits, "_", "-", "." and ":"', '"ad tech"')]],
    ['an id with a semicolon at its end', { ...ok, id: 'ads;' }, [problem('categories[0].id', 'may use only letters, digits, "_", "-", "." and ":"', '"ads;"')]],
    ['the id "__proto__" (no plain object can hold it as its own key)', { ...ok, id: '__proto__' }, [problem('categories[0].id', 'must not be "__proto__"', '"__proto__"')]],
    ['a parent that is not a string', { ...ok, parent: 5 }, [problem('categories[0].parent', 'must be a category id', '5')]],
    ['its own parent', { ...ok, parent: 'analytics' }, [problem('categories[0].parent', 'must name another configured category', '"analytics"')]],
    ['an unknown parent', { ...ok, parent: 'ads' }, [problem('categories[0].parent', 'must name another configured category', '"ads"')]],
  ])('a category with %s is dropped', (_, category, report) => {
    const { config, problems } = resolve({ categories: [category, { id: 'necessary', name: 'Necessary', enforcement: 'always' }] })
    expect(config.categories.map((c) => c.id)).toEqual(['necessary'])
    expect(problems.map((p) => [p.code, p.message])).toEqual(report)
  })

  it('a category id is checked exactly as /^[A-Za-z_][\\w.:-]{0,33}$/ (without a regular expression), for every UTF-16 code unit', () => {
    const spec = /^[A-Za-z_][\w.:-]{0,33}$/
    const differ: string[] = []
    for (let code = 0; code <= 0xffff; code++) {
      const c = String.fromCharCode(code)
      for (const id of [c, `${c}a`, `a${c}`, `a${c}b`, `_${c}`]) if (isCategoryId(id) !== spec.test(id)) differ.push(JSON.stringify(id))
    }
    for (const id of ['', 'a'.repeat(34), 'a'.repeat(35), `a${'1'.repeat(33)}`, 'a\n', 'a\u{1F600}', '\u{1F600}']) if (isCategoryId(id) !== spec.test(id)) differ.push(JSON.stringify(id))
    expect(differ).toEqual([])
    expect(isCategoryId('a'.repeat(34))).toBe(true)
    expect(isCategoryId('a'.repeat(35))).toBe(false)
  })

  it.each([
    ['next to each other', [ok, { ...ok, enforcement: 'always' }, necessary], [1]],
    ['apart, three times', [ok, necessary, { ...ok, enforcement: 'opt-out' }, { ...ok, enforcement: 'always' }], [2, 3]],
  ])('a duplicate id %s drops every copy', (_, categories, duplicates) => {
    const { config, problems } = resolve({ categories })
    expect(config.categories.map((c) => c.id)).toEqual(['necessary'])
    expect(problems.map((p) => p.message)).toEqual(duplicates.map((i) => `consentry: option "categories[${i}].id" must be unique (ids are case-sensitive); received "analytics"`))
  })

  it('a topic under a topic is dropped, the topic under its purpose stays', () => {
    const { config, problems } = resolve({
      categories: [ok, { id: 't1', name: 'T1', enforcement: 'opt-in', parent: 'analytics' }, { id: 't2', name: 'T2', enforcement: 'opt-in', parent: 't1' }],
    })
    expect(config.categories.map((c) => c.id)).toEqual(['analytics', 't1'])
    expect(problems.map((p) => p.message)).toEqual(['consentry: option "categories[2].parent" must name a purpose, not a topic (one level of nesting); received "t1"'])
  })

  it.each([
    ['a missing name', { id: 'a', enforcement: 'opt-in' }, { id: 'a', name: 'a', enforcement: 'opt-in' }, [problem('categories[0].name', 'must be a non-empty string', 'undefined')]],
    ['an empty name', { ...ok, name: '' }, { ...ok, name: 'analytics' }, [problem('categories[0].name', 'must be a non-empty string', '""')]],
    ['a number for a name', { ...ok, name: 5 }, { ...ok, name: 'analytics' }, [problem('categories[0].name', 'must be a non-empty string', '5')]],
    ['an unknown enforcement', { ...ok, enforcement: 'restrictive' }, ok, [problem('categories[0].enforcement', 'must be one of opt-in, opt-out, always', '"restrictive"')]],
    ['no enforcement', { id: 'analytics', name: 'Analytics' }, ok, [problem('categories[0].enforcement', 'must be one of opt-in, opt-out, always', 'undefined')]],
    ['a description that is not a string', { ...ok, description: 5 }, ok, [problem('categories[0].description', 'must be a string', '5')]],
    ['a gpc that is not a boolean', { ...ok, enforcement: 'opt-out', gpc: 'no' }, { ...ok, enforcement: 'opt-out', gpc: true }, [problem('categories[0].gpc', 'must be a boolean', '"no"')]],
  ])('a category with %s is kept, read restrictively', (_, category, expected, report) => {
    const { config, problems } = resolve({ categories: [category] })
    expect(config.categories).toEqual([expected])
    expect(problems.map((p) => [p.code, p.message])).toEqual(report)
  })

  it('an id of 34 characters is taken', () => {
    const { config, problems } = resolve({ categories: [{ ...ok, id: 'a'.repeat(34) }] })
    expect(problems).toEqual([])
    expect(config.categories.map((c) => c.id)).toEqual(['a'.repeat(34)])
  })

  it('each enforcement model and a gpc of false are taken as given', () => {
    const categories = ['opt-in', 'opt-out', 'always'].map((enforcement, i) => ({ id: `c${i}`, name: `C${i}`, enforcement, gpc: false }))
    const { config, problems } = resolve({ categories })
    expect(problems).toEqual([])
    expect(config.categories).toEqual(categories)
  })
})

describe('destinations', () => {
  it('not an object: reported, and no destination is mapped', () => {
    const { config, problems } = resolve({ categories: [ok], destinations: 'analytics' })
    expect({ ...config.destinations }).toEqual({})
    expect(problems.map((p) => p.message)).toEqual(['consentry: option "destinations" must be an object of destination name → category ids; received "analytics"'])
  })

  it('a bad mapping still names the destination, with no category that could allow it', () => {
    const { config, problems } = resolve({ categories: [ok], destinations: { GA: [], Ads: ['ads'], Both: ['analytics', 'ads'], Hotjar: 'analytics', Mixpanel: ['analytics'] } })
    expect({ ...config.destinations }).toEqual({ GA: [], Ads: [], Both: [], Hotjar: [], Mixpanel: ['analytics'] })
    expect(problems.map((p) => p.message)).toEqual([
      'consentry: option "destinations.GA" must be a non-empty array of category ids; received []',
      'consentry: option "destinations.Ads" must list configured category ids only; received "ads"',
      'consentry: option "destinations.Both" must list configured category ids only; received "ads"',
      'consentry: option "destinations.Hotjar" must be a non-empty array of category ids; received "analytics"',
    ])
  })
})

describe('cookie', () => {
  const defaults = { name: 'consentry', expires: 365, path: '/' }

  it('false turns the cookie off', () => expect(resolve({ categories: [ok], cookie: false }).config.cookie).toBe(false))

  it('not an object: reported, and the default cookie is used', () => {
    const { config, problems } = resolve({ categories: [ok], cookie: 'consent' })
    expect(config.cookie).toEqual(defaults)
    expect(problems.map((p) => p.message)).toEqual(['consentry: option "cookie" must be an object or false; received "consent"'])
  })

  it.each([
    ['name', ['consent', 'my.consent-2_x', 'A']],
    ['path', ['/', '/shop', '/a/b-c.d~e%20_f/']],
    ['domain', ['example.com', '.example.com', 'localhost', 'www.my-shop.co.uk', 'a.b']],
  ])('valid values of %s are used', (key, values) => {
    for (const value of values) {
      const { config, problems } = resolve({ categories: [ok], cookie: { [key]: value } })
      expect(problems).toEqual([])
      expect(config.cookie).toEqual({ ...defaults, [key]: value })
    }
  })

  it.each([
    ['name', 'must use only letters, digits, "_", "-" and "."', ['a;b', ';a', 'a;', 'a b', '', ';', 5, ['consent']]],
    ['expires', 'must be a number of days > 0, at most 1000000', [0, -1, Number.POSITIVE_INFINITY, Number.NaN, '30', 1e6 + 1, 1e9, Number.MAX_VALUE]],
    ['path', 'must start with "/" and use only URL path characters', ['x', 'x/', '/a;b', '/a b', '/;', ';/', '//;', 5, ['/shop']]],
    ['domain', 'must be a domain name', ['a b.com', 'example.com;x', 'x;example.com', '..example.com', 'example..com', 'example.com.', '.', ';', 'a.;', ';.a', '', 5]],
  ])('invalid values of %s are reported, and the default is used', (key, rule, values) => {
    for (const value of values) {
      const { config, problems } = resolve({ categories: [ok], cookie: { [key]: value } })
      expect(config.cookie).toEqual(defaults)
      // A number as written (JSON would print Infinity and NaN as null).
      expect(problems.map((p) => p.message)).toEqual([`consentry: option "cookie.${key}" ${rule}; received ${typeof value === 'number' ? value : JSON.stringify(value)}`])
    }
  })
})

describe('policyVersion, adapters, waitMs and unmapped', () => {
  it.each([
    ['a number', 2, '2'],
    ['an empty string', '', '""'],
  ])('policyVersion %s: reported and read as "invalid"', (_, policyVersion, shown) => {
    const { config, problems } = resolve({ categories: [ok], policyVersion })
    expect(config.policyVersion).toBe('invalid')
    expect(problems.map((p) => p.message)).toEqual([`consentry: option "policyVersion" must be a non-empty string; received ${shown}`])
  })

  it('adapters not in a list: reported, and no adapter runs', () => {
    const { config, problems } = resolve({ categories: [ok], adapters: adapter })
    expect(config.adapters).toEqual([])
    expect(problems.map((p) => p.message)).toEqual([expect.stringMatching(/^consentry: option "adapters" must be an array of adapters; received /)])
  })

  it('each entry that is not an adapter is reported and left out', () => {
    const arrayDressedUp = Object.assign([], { name: 'array', watch: () => () => {} })
    const adapters = [null, 'cmp', arrayDressedUp, { name: 'no watch' }, { watch: () => () => {} }, { name: 5, watch: () => () => {} }, adapter]
    const { config, problems } = resolve({ categories: [ok], adapters })
    expect(config.adapters).toEqual([adapter])
    expect(problems.map((p) => p.message.replace(/; received .*/, ''))).toEqual([0, 1, 2, 3, 4, 5].map((i) => `consentry: option "adapters[${i}]" must be an adapter ({ name, watch })`))
  })

  // Above 2^31-1 ms setTimeout fires at once: the CMP would get no time at all.
  it.each([-1, Number.POSITIVE_INFINITY, Number.NaN, '10', 2 ** 31, 2 ** 53])('waitMs %s: reported and read as 3000', (waitMs) => {
    const { config, problems } = resolve({ categories: [ok], waitMs })
    expect(config.waitMs).toBe(3000)
    expect(problems.map((p) => p.message)).toEqual([
      `consentry: option "waitMs" must be a number of milliseconds from 0 to 2147483647; received ${typeof waitMs === 'number' ? waitMs : JSON.stringify(waitMs)}`,
    ])
  })

  it.each(['block', 'Deny', null])('unmapped %s: reported and read as deny', (unmapped) => {
    const { config, problems } = resolve({ categories: [ok], unmapped })
    expect(config.unmapped).toBe('deny')
    expect(problems.map((p) => p.message)).toEqual([`consentry: option "unmapped" must be "allow" or "deny"; received ${JSON.stringify(unmapped)}`])
  })
})

describe('onError', () => {
  const error = new ConsentError('cmp-timeout', 'consentry: test')

  it('receives each report', () => {
    const seen: unknown[] = []
    resolve({ categories: [ok], onError: (e: unknown) => seen.push(e) }).config.onError(error)
    expect(seen).toEqual([error])
  })

  it.each([
    ['missing', undefined, []],
    ['not a function', 'log', [problem('onError', 'must be a function', '"log"')]],
  ])('%s: reports go to console.warn', (_, onError, report) => {
    const warn = vi.spyOn(console, 'warn').mockImplementation(() => {})
    const { config, problems } = resolve({ categories: [ok], onError })
    expect(problems.map((p) => [p.code, p.message])).toEqual(report)
    config.onError(error)
    expect(warn.mock.calls).toEqual([[error]])
  })

  it('one that throws does not throw into the page', () => {
    const { config } = resolve({
      categories: [ok],
      onError: () => {
        throw new Error('broken handler')
      },
    })
    expect(config.onError(error)).toBeUndefined()
  })
})
