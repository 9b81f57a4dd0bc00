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

/** Which CMPs have a demo page, and how to tell that the CMP's full API has loaded. */
const cmps: [string, string][] = [
  ['onetrust', 'typeof window.OneTrust.GetDomainData === "function"'],
  ['trustarc', '!!(window.truste && window.truste.cma)'],
  ['ketch', '!!(window.semaphore && window.semaphore.loaded)'],
  ['tcf', 'window.__fakeTcfLoaded === true'],
  ['gpp', 'window.__fakeGppLoaded === true'],
]

describe.each(cmps)('%s demo page in Chromium', (cmp, loaded) => {
  it.each(['cmp-first', 'consentry-first'])('%s: the gated tag waits for the CMP’s grant, then loads at once', async (order) => {
    const context = await harness.newContext()
    const page = await context.newPage()
    const errors: string[] = []
    page.on('pageerror', (error) => errors.push(error.message))
    const before = tagRequests()
    await page.goto(`${harness.server.url}/examples/adapters/?cmp=${cmp}&order=${order}`)
    const state = () => page.evaluate(() => (window as unknown as { consent: { get(): unknown } }).consent.get())
    await page.waitForFunction(loaded)
    expect(await page.evaluate(() => Object.keys((window as unknown as { Consentry: { adapters: object } }).Consentry.adapters).sort())).toEqual(['customAdapter', 'gpp', 'ketch', 'oneTrust', 'tcf', 'trustArc'])
    await page.waitForTimeout(150)
    // Before the grant: fail-closed (OneTrust's first visit under opt-in stays pending until the
    // banner closes; the others report their "nothing granted" state).
    expect(await state()).toMatchObject({ categoryPreferences: { analytics: false } })
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
