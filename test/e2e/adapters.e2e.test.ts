import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { startHarness, type Harness } from './browser.js'

// Real Chromium against dist/: a fake CMP script served locally, loaded before and after
// consentry; the gated analytics tag must not be requested until the CMP grants "analytics",
// and must be requested right after it does.
const TAG = 'https://analytics.example.com/tag.js'
let harness: Harness

beforeAll(async () => {
  harness = await startHarness((url) => (url.href === TAG ? { body: 'window.analyticsTagRan = true' } : undefined))
})
afterAll(async () => harness?.close())

const tagRequests = () => harness.requests.filter((request) => request.url() === TAG).length

/**
 * Which demo pages there are (CMP plus query), how to tell that the CMP's full API has loaded,
 * and the status before the visitor's click: a CMP's pre-choice defaults are never `decided`.
 */
const cmps: [string, string, string][] = [
  ['onetrust', 'typeof window.OneTrust.GetDomainData === "function"', 'default'],
  ['trustarc', '!!(window.truste && window.truste.cma)', 'default'],
  // TrustArc's standard EU banner: implied behaviour under the EU manager still grants nothing.
  ['trustarc&behavior=implied&manager=eu', '!!(window.truste && window.truste.cma)', 'default'],
  ['ketch', '!!(window.semaphore && window.semaphore.loaded)', 'default'],
  ['tcf', 'window.__fakeTcfLoaded === true', 'decided'],
  ['gpp', 'window.__fakeGppLoaded === true', 'decided'],
  // A US state section added after id 22 (Minnesota, 23), opted out: "analytics" is opt-out there.
  ['gpp&section=usmn', 'window.__fakeGppLoaded === true', 'decided'],
  ['gpp&section=usri', 'window.__fakeGppLoaded === true', 'decided'],
]

describe.each(cmps)('%s demo page in Chromium (production script tag)', (query, loaded, statusBefore) => {
  const cmp = query.split('&')[0]!
  it.each(['cmp-first', 'consentry-first'])('%s: the gated tag waits for the CMP’s grant, then loads at once', async (order) => {
    const context = await harness.newContext()
    const page = await context.newPage()
    const errors: string[] = []
    page.on('pageerror', (error) => errors.push(error.message))
    const before = tagRequests()
    await page.goto(`${harness.server.url}/examples/adapters/?cmp=${query}&order=${order}`)
    const state = () => page.evaluate(() => (window as unknown as { consent: { get(): unknown } }).consent.get())
    await page.waitForFunction(loaded)
    expect(await page.evaluate(() => Object.keys((window as unknown as { Consentry: { adapters: object } }).Consentry.adapters).sort())).toEqual([
      'customAdapter',
      'gpp',
      'ketch',
      'oneTrust',
      'tcf',
      'trustArc',
    ])
    // Past the consentry wait (setup.js: waitMs 1000), so a silent adapter would show the defaults.
    await page.waitForTimeout(1200)
    // Before the grant: fail-closed; OneTrust before the banner closes, TrustArc's and Ketch's
    // defaults are CMP answers without a choice (`default`), the IAB CMPs' stored "no" decides.
    expect(await state()).toMatchObject({ status: statusBefore, categoryPreferences: { analytics: false } })
    expect(tagRequests()).toBe(before)

    const clicked = Date.now()
    await page.click('#accept')
    await page.waitForFunction(() => (window as { analyticsTagRan?: boolean }).analyticsTagRan === true)
    expect(Date.now() - clicked).toBeLessThan(2000)
    expect(tagRequests()).toBe(before + 1)
    expect(await state()).toMatchObject({ status: 'decided', source: 'cmp', adapter: cmp, categoryPreferences: { analytics: true } })
    expect(errors).toEqual([])
    await context.close()
  })
})

describe('adapter options on the production script tag', () => {
  it('a malformed option never throws, is reported once as invalid-option naming adapter and option, and grants nothing', async () => {
    const context = await harness.newContext()
    const page = await context.newPage()
    await page.goto(`${harness.server.url}/examples/adapters/?cmp=onetrust&order=cmp-first`)
    await page.waitForFunction('typeof window.OneTrust.GetDomainData === "function"')
    const results = await page.evaluate(() => {
      const { adapters } = (window as unknown as { Consentry: { adapters: Record<string, (options: unknown) => { watch(emit: (r: unknown) => void, context: unknown): () => void }> } }).Consentry
      const bad: [string, unknown, string][] = [
        ['oneTrust', { groups: { analytics: 5 } }, 'groups'],
        ['oneTrust', { groups: { analytics: 'C0002' }, consentModel: 'OPT-OUT' }, 'consentModel'],
        ['trustArc', { buckets: { analytics: '2' } }, 'buckets'],
        ['ketch', { purposes: { analytics: [] } }, 'purposes'],
        ['tcf', { purposes: { analytics: 1 }, vendors: { ads: 755 } }, 'purposes'],
        ['gpp', { optOuts: null }, 'optOuts'],
      ]
      return bad.map(([name, options, option]) => {
        const seen: string[] = []
        try {
          const adapter = adapters[name]!(options)
          const stop = adapter.watch((reading) => seen.push(`emit ${JSON.stringify(reading)}`), {
            categories: [{ id: 'analytics', name: 'A', enforcement: 'opt-out' }],
            report: (error: { code: string; message: string }) => seen.push(`${error.code} ${error.message.includes(`${name}({ ${option} })`)}`),
            undecided: (reading: unknown) => seen.push(`undecided ${JSON.stringify(reading)}`),
          })
          stop()
        } catch (error) {
          seen.push(`threw ${String(error)}`)
        }
        return seen
      })
    })
    expect(results).toEqual(Array.from({ length: 6 }, () => ['invalid-option true', 'undecided {}']))
    await context.close()
  })
})
