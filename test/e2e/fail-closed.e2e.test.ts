// Issue 12, classes 1–4 and 9, on the artifact a site runs: the production script tag (and the
// ESM build with no bundler) in real Chromium. Each page records what reached onError, what the
// console printed and every error thrown into the page.
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { BrowserContext, Page } from 'playwright-core'
import { startHarness, type Harness } from './browser.js'

let harness: Harness
beforeAll(async () => {
  harness = await startHarness()
})
afterAll(() => harness?.close())

declare global {
  interface Window {
    errors: { code: string; message: string }[]
    ran: string[]
  }
}

const BLANK = '/test/bench/pages/blank.html'

/** A blank page with the production script tag, after `before` ran (a hostile script, say). */
async function open(context?: BrowserContext, before = '', path = BLANK): Promise<{ page: Page; thrown: string[]; consoleErrors: string[] }> {
  const page = await (context ?? (await harness.newContext())).newPage()
  const thrown: string[] = []
  const consoleErrors: string[] = []
  page.on('pageerror', (error) => thrown.push(error.message))
  page.on('console', (message) => message.type() === 'error' && consoleErrors.push(message.text()))
  await page.addInitScript(`window.errors = []; window.ran = []; ${before}`)
  await page.goto(`${harness.server.url}${path}`)
  await page.addScriptTag({ url: '/dist/consentry.iife.min.js' })
  return { page, thrown, consoleErrors }
}

const POLLUTE = `
  for (const key of ['analytics', 'ads', 'embeds', 'enforcement', 'unmapped', 'GA', 'constructor2'])
    Object.prototype[key] = key === 'enforcement' ? 'opt-out' : key === 'unmapped' ? 'allow' : key === 'GA' ? ['analytics'] : true
`

describe('production builds fail closed on bad configuration (class 1)', () => {
  // One page for the whole table: each case creates and destroys its own manager.
  let shared: Awaited<ReturnType<typeof open>>
  beforeAll(async () => {
    shared = await open()
  })
  afterAll(() => shared.page.context().close())
  const fresh = async () => {
    await shared.page.evaluate(() => (window.errors = []))
    return shared
  }
  const cases: [string, string, RegExp][] = [
    ['enforcement in capitals', `{ categories: [{ id: 'analytics', name: 'A', enforcement: 'OPT-IN' }] }`, /categories\[0\]\.enforcement/],
    ['enforcement with an underscore', `{ categories: [{ id: 'analytics', name: 'A', enforcement: 'opt_out' }] }`, /categories\[0\]\.enforcement/],
    ['enforcement missing', `{ categories: [{ id: 'analytics', name: 'A' }] }`, /categories\[0\]\.enforcement/],
    ['enforcement misspelled key', `{ categories: [{ id: 'analytics', name: 'A', enforcment: 'opt-out' }] }`, /categories\[0\]\.enforcment/],
    ['always in capitals', `{ categories: [{ id: 'analytics', name: 'A', enforcement: 'ALWAYS' }] }`, /categories\[0\]\.enforcement/],
    ['gpc as a string', `{ categories: [{ id: 'analytics', name: 'A', enforcement: 'opt-in', gpc: 'no' }] }`, /categories\[0\]\.gpc/],
    ['duplicate ids', `{ categories: [{ id: 'analytics', name: 'A', enforcement: 'opt-in' }, { id: 'analytics', name: 'B', enforcement: 'always' }] }`, /categories\[1\]\.id/],
    ['topic of an unknown purpose', `{ categories: [{ id: 'analytics', name: 'A', enforcement: 'always', parent: 'nope' }] }`, /categories\[0\]\.parent/],
  ]
  it.each(cases)('%s: nothing is granted and onError names the option', async (_, options, option) => {
    const { page, thrown } = await fresh()
    const result = await page.evaluate((text) => {
      const consent = window.Consentry!.createConsent({ ...(0, eval)(`(${text})`), cookie: false, onError: (e: { code: string; message: string }) => window.errors.push(e) })
      const granted = consent.isGranted('analytics')
      consent.destroy()
      return { granted, errors: window.errors.map((e) => `${e.code} ${e.message}`) }
    }, options)
    expect(result.granted).toBe(false)
    expect(result.errors.some((e) => e.startsWith('invalid-option') && option.test(e))).toBe(true)
    expect(thrown).toEqual([])
  })

  it.each([
    ['an empty category list', `{ GA: [] }`, 'deny'],
    ['an unknown category', `{ GA: ['analytic'] }`, 'deny'],
    ['a string', `{ GA: 'analytics' }`, 'allow'],
    ['an unknown category under unmapped allow', `{ GA: ['nope', 'analytics'] }`, 'allow'],
  ])('a destination mapped to %s never loads (unmapped %s)', async (_, destinations, unmapped) => {
    const { page } = await fresh()
    const result = await page.evaluate(
      ([mapping, mode]) => {
        const consent = window.Consentry!.createConsent({
          categories: [{ id: 'analytics', name: 'A', enforcement: 'opt-out' }],
          destinations: (0, eval)(`(${mapping})`),
          unmapped: mode as 'deny',
          cookie: false,
          onError: (e) => window.errors.push(e),
        })
        const allowed = consent.allows('GA')
        consent.destroy()
        return { allowed, codes: window.errors.map((e) => e.code) }
      },
      [destinations, unmapped],
    )
    expect(result.allowed).toBe(false)
    expect(result.codes).toContain('invalid-option')
  })

  it('an unknown unmapped value is read as deny', async () => {
    const { page } = await fresh()
    const allowed = await page.evaluate(() => {
      const consent = window.Consentry!.createConsent({
        categories: [{ id: 'a', name: 'A', enforcement: 'opt-out' }],
        unmapped: 'Allow' as 'allow',
        cookie: false,
        onError: (e) => window.errors.push(e),
      })
      const answer = [consent.allows('Unmapped'), window.errors.map((e) => e.message).join()]
      consent.destroy()
      return answer
    })
    expect(allowed[0]).toBe(false)
    expect(allowed[1]).toMatch(/"unmapped"/)
  })
})

describe('inherited and odd values never grant (class 2)', () => {
  it('with Object.prototype polluted, categories the CMP left out stay denied and their gated tag never runs', async () => {
    const { page, thrown } = await open(undefined, POLLUTE)
    await page.evaluate(() => {
      const tag = document.createElement('script')
      tag.type = 'text/plain'
      tag.dataset.consent = 'analytics'
      tag.text = "window.ran.push('analytics tag')"
      document.body.append(tag)
      const { createConsent, gateScripts } = window.Consentry!
      const consent = createConsent({
        categories: [
          { id: 'necessary', name: 'N', enforcement: 'always' },
          { id: 'analytics', name: 'A', enforcement: 'opt-in' },
          { id: 'ads', name: 'Ads', enforcement: 'opt-in' },
        ],
        // The CMP mentions only `necessary`; `analytics` and `ads` come from the prototype.
        adapters: [{ name: 'cmp', watch: (emit) => (emit({ necessary: true }), () => {}) }],
        unmapped: 'deny',
        cookie: false,
        onError: (e) => window.errors.push(e),
      })
      gateScripts(consent)
      ;(window as unknown as { consent: typeof consent }).consent = consent
    })
    const state = await page.evaluate(() => {
      const consent = (window as unknown as { consent: import('consentry').ConsentManager }).consent
      return { prefs: { ...consent.get().categoryPreferences }, ga: consent.allows('GA'), analytics: consent.isGranted('analytics') }
    })
    expect(state).toEqual({ prefs: { necessary: true, analytics: false, ads: false }, ga: false, analytics: false })
    await page.waitForTimeout(100)
    expect(await page.evaluate(() => window.ran)).toEqual([])
    expect(thrown).toEqual([])
    await page.context().close()
  })

  it('inherited grants, throwing getters and hostile Proxies in a reading grant nothing and throw nothing into the page', async () => {
    const { page, thrown } = await open()
    const results = await page.evaluate(() => {
      const readings: Record<string, () => unknown> = {
        inherited: () => Object.create({ analytics: true, ads: true }),
        getter: () =>
          Object.defineProperty({}, 'analytics', {
            enumerable: true,
            get: () => {
              throw new Error('getter')
            },
          }),
        proxy: () =>
          new Proxy(
            {},
            {
              get: () => {
                throw new Error('get')
              },
              has: () => {
                throw new Error('has')
              },
              ownKeys: () => {
                throw new Error('keys')
              },
              getOwnPropertyDescriptor: () => {
                throw new Error('descriptor')
              },
            },
          ),
        truthy: () => ({ analytics: 'true', ads: 1 }),
      }
      return Object.entries(readings).map(([name, make]) => {
        const consent = window.Consentry!.createConsent({
          categories: [
            { id: 'analytics', name: 'A', enforcement: 'opt-in' },
            { id: 'ads', name: 'Ads', enforcement: 'opt-out' },
          ],
          adapters: [{ name, watch: (emit) => (emit(make() as Record<string, boolean>), () => {}) }],
          cookie: false,
          onError: (e) => window.errors.push(e),
        })
        const result = [name, consent.get().status, consent.isGranted('analytics'), consent.isGranted('ads')]
        consent.destroy()
        return result
      })
    })
    for (const [name, status, analytics, ads] of results) {
      expect([name, status, analytics, ads]).toEqual([name, 'decided', false, false])
    }
    expect(thrown).toEqual([])
    await page.context().close()
  })

  it('prototype names are neither categories nor destinations: allows/isGranted("constructor") answer false', async () => {
    const { page, thrown } = await open()
    const answers = await page.evaluate(() => {
      const consent = window.Consentry!.createConsent({ categories: [{ id: 'a', name: 'A', enforcement: 'always' }], destinations: { GA: ['a'] }, unmapped: 'deny', cookie: false })
      const names = ['constructor', '__proto__', 'toString', 'hasOwnProperty', 'valueOf']
      const out = names.flatMap((name) => [consent.allows(name), consent.isGranted(name)])
      consent.set({ constructor: true, __proto__: true } as unknown as Record<string, boolean>)
      return [...out, consent.allows('GA')]
    })
    expect(answers).toEqual([...Array(10).fill(false), true])
    expect(thrown).toEqual([])
    await page.context().close()
  })
})

describe('storage cannot bring a withdrawal back (class 3)', () => {
  const categories = `[{ id: 'analytics', name: 'A', enforcement: 'opt-in' }]`
  const start = (cookie: string) => `window.consent = Consentry.createConsent({ categories: ${categories}, cookie: ${cookie}, onError: (e) => window.errors.push(e) })`

  it('two cookies left by a changed path: the newest decision wins and the stale copy is removed', async () => {
    const context = await harness.newContext()
    // The site used to store under /test/, then moved the cookie to /.
    const old = (await open(context)).page
    await old.evaluate(`${start("{ path: '/test/' }")}; consent.set({ analytics: true })`)
    const moved = (await open(context)).page
    expect(await moved.evaluate(`${start("{ path: '/' }")}; consent.isGranted('analytics')`)).toBe(true)
    await moved.evaluate(`consent.set({ analytics: false })`)
    const next = (await open(context)).page
    expect(await next.evaluate(`${start("{ path: '/' }")}; [consent.get().status, consent.isGranted('analytics'), document.cookie.split('consentry=').length - 1]`)).toEqual(['decided', false, 1])
    await context.close()
  })

  it('a stale second tab neither keeps a grant withdrawn in another tab nor writes it back', async () => {
    const context = await harness.newContext()
    const categories2 = `[{ id: 'analytics', name: 'A', enforcement: 'opt-in' }, { id: 'ads', name: 'Ads', enforcement: 'opt-in' }]`
    const begin = `window.consent = Consentry.createConsent({ categories: ${categories2}, onError: (e) => window.errors.push(e) })`
    const a = (await open(context)).page
    await a.evaluate(`${begin}; consent.set({ analytics: true })`)
    const b = (await open(context)).page
    expect(await b.evaluate(`${begin}; consent.isGranted('analytics')`)).toBe(true)
    await b.evaluate(`consent.set({ analytics: false })`)
    // Tab A did not look yet; its next write must build on B's newer decision.
    await a.evaluate(`consent.set({ ads: true })`)
    expect(await a.evaluate(`[consent.isGranted('analytics'), consent.isGranted('ads')]`)).toEqual([false, true])
    const c = (await open(context)).page
    expect(await c.evaluate(`${begin}; [consent.isGranted('analytics'), consent.isGranted('ads')]`)).toEqual([false, true])
    await context.close()
  })

  it('a tab that only watches picks up a withdrawal made in another tab without a reload', async () => {
    const context = await harness.newContext()
    const a = (await open(context)).page
    await a.evaluate(`${start('{}')}; consent.set({ analytics: true })`)
    const b = (await open(context)).page
    await b.evaluate(`${start('{}')}; consent.set({ analytics: false })`)
    await a.bringToFront()
    await a.evaluate(`dispatchEvent(new Event('focus'))`)
    await a.waitForFunction(`consent.isGranted('analytics') === false`, undefined, { timeout: 5000 })
    await context.close()
  })

  it('a decision too large for a cookie is reported, and an older grant cannot take its place', async () => {
    const context = await harness.newContext()
    const many = `Array.from({ length: 160 }, (_, i) => ({ id: 'category_with_a_long_name_' + String(i).padStart(3, '0'), name: 'C', enforcement: 'opt-in' }))`
    const begin = `window.consent = Consentry.createConsent({ categories: ${many}, onError: (e) => window.errors.push(e) })`
    const first = (await open(context)).page
    await first.evaluate(`${begin}; consent.set({ category_with_a_long_name_000: true })`)
    const second = (await open(context)).page
    const result = await second.evaluate(`${begin}; consent.set(Object.fromEntries(consent.categories.map((c, i) => [c.id, i > 0]))); window.errors.map((e) => e.code + ' ' + e.message)`)
    expect((result as string[]).some((e) => /^invalid-cookie .*did not keep the decision cookie/.test(e))).toBe(true)
    const third = (await open(context)).page
    expect(await third.evaluate(`${begin}; [consent.get().status, consent.isGranted('category_with_a_long_name_000')]`)).toEqual(['default', false])
    await context.close()
  })
})

describe('a second copy on the page (class 4)', () => {
  it('asking for other categories: its gates fail closed and it reports loudly, even with the same version', async () => {
    const { page, thrown, consoleErrors } = await open()
    const result = await page.evaluate(() => {
      const { createConsent, gateScripts } = window.Consentry!
      const first = createConsent({ categories: [{ id: 'analytics', name: 'A', enforcement: 'opt-in' }], cookie: false })
      const tag = document.createElement('script')
      tag.type = 'text/plain'
      tag.dataset.consent = 'embeds'
      tag.text = "window.ran.push('embed')"
      document.body.append(tag)
      const second = createConsent({
        categories: [
          { id: 'analytics', name: 'A', enforcement: 'opt-in' },
          { id: 'embeds', name: 'E', enforcement: 'opt-out' },
        ],
        destinations: { YouTube: ['embeds'] },
        cookie: false,
        onError: (e) => window.errors.push(e),
      })
      gateScripts(second)
      first.set({ analytics: true })
      return { analytics: second.isGranted('analytics'), embeds: second.isGranted('embeds'), youtube: second.allows('YouTube'), codes: window.errors.map((e) => e.code) }
    })
    expect(result).toEqual({ analytics: true, embeds: false, youtube: false, codes: ['invalid-option'] })
    expect(await page.evaluate(() => window.ran)).toEqual([])
    expect(consoleErrors.some((text) => /called again for cookie "consentry"/.test(text))).toBe(true)
    expect(thrown).toEqual([])
    await page.context().close()
  })

  it('defining a shared category less strictly does not widen it', async () => {
    const { page } = await open()
    const granted = await page.evaluate(() => {
      const { createConsent } = window.Consentry!
      createConsent({ categories: [{ id: 'analytics', name: 'A', enforcement: 'opt-in' }], cookie: false, waitMs: 0 })
      const second = createConsent({ categories: [{ id: 'analytics', name: 'A', enforcement: 'opt-out' }], cookie: false, onError: () => {} })
      return second.isGranted('analytics')
    })
    expect(granted).toBe(false)
    await page.context().close()
  })
})

describe('the ESM build in a browser with no bundler (class 9)', () => {
  it('withSegment and withRudderStack given options that are not an object report invalid-option, throw nothing and hold until consent', async () => {
    const from = harness.requests.length
    const { page, thrown } = await open()
    await page.addScriptTag({ url: '/node_modules/@segment/analytics-next/dist/umd/index.js' })
    await page.addScriptTag({ url: '/node_modules/@rudderstack/analytics-js/dist/npm/modern/bundled/umd/index.js' })
    const messages = await page.evaluate(() => {
      const w = window as any
      const RudderAnalytics = w.rudderanalytics.RudderAnalytics
      delete w.rudderanalytics
      for (const options of [null, 'opt-out', ['model'], 1]) {
        const consent = w.Consentry.createConsent({
          categories: [{ id: 'a', name: 'A', enforcement: 'opt-in' }],
          cookie: false,
          onError: (e: { code: string; message: string }) => window.errors.push(e),
        })
        const segment = w.Consentry.withSegment(new w.AnalyticsNext.AnalyticsBrowser(), consent, options)
        segment.load({ writeKey: 'KEY' })
        segment.track('x')
        const rudder = w.Consentry.withRudderStack(new RudderAnalytics(), consent, options)
        rudder.load('KEY', 'https://dataplane.rudder.test')
        rudder.track('y')
      }
      return window.errors.map((e) => `${e.code} ${e.message}`)
    })
    // RudderStack's constructor returns its one instance, and createConsent the page's one manager:
    // after the first, each withRudderStack() here wraps the same SDK for the same manager again,
    // which is reported and ignored (it would stamp every call twice).
    const again = 'invalid-option consentry: withRudderStack() was called again on the same SDK with the same manager; ignored (it would track every change twice)'
    expect(messages).toEqual(
      ['null', 'string', 'an array', 'number'].flatMap((kind, i) => [
        ...['withSegment', 'withRudderStack'].map((name) => `invalid-option consentry: ${name}(): options must be an object, received ${kind}; the defaults are used`),
        ...(i ? [again] : []),
      ]),
    )
    await page.waitForTimeout(1000)
    // Opt-in by default: neither SDK loaded or sent anything before consent.
    expect(harness.requests.slice(from).filter((r) => !['127.0.0.1', 'localhost'].includes(new URL(r.url()).hostname))).toEqual([])
    expect(thrown).toEqual([])
    await page.context().close()
  })

  it('imports every browser entry, and reports invalid options instead of throwing', async () => {
    const { page, thrown } = await open()
    const entries = ['index', 'widget', 'segment', 'rudderstack', 'google-consent-mode', ...['onetrust', 'trustarc', 'ketch', 'custom', 'tcf', 'gpp'].map((a) => `adapters/${a}/index`)]
    // A module script, not page.evaluate: the test runner would rewrite a dynamic import() there.
    await page.addScriptTag({
      type: 'module',
      content: `
        const names = ${JSON.stringify(entries)}
        // Call every exported function once, as a page would: a bare process reference shows as a ReferenceError.
        const call = (name, m) => Object.entries(m).filter(([key, f]) => typeof f === 'function' && key !== 'createConsent').flatMap(([key, f]) => {
          try { f() } catch (e) { if (e instanceof ReferenceError) return [name + '.' + key + ': ' + e.message] }
          return []
        })
        const loaded = await Promise.all(names.map((name) => import('/dist/' + name + '.js').then((m) => call(name, m), (e) => [name + ': ' + e.message])))
        const { createConsent } = await import('/dist/index.js')
        const consent = createConsent({ categories: [{ id: 'a', name: 'A', enforcement: 'OPT-IN' }], cookie: false, onError: (e) => window.errors.push(e) })
        window.result = { loaded, granted: consent.isGranted('a'), codes: window.errors.map((e) => e.code) }
      `,
    })
    await page.waitForFunction(() => 'result' in window)
    const result = (await page.evaluate(() => (window as unknown as { result: unknown }).result)) as { loaded: string[][] }
    expect(result.loaded.flat()).toEqual([])
    expect(result).toMatchObject({ granted: false, codes: ['invalid-option'] })
    expect(thrown).toEqual([])
    await page.context().close()
  })
})
