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
    await page.waitForFunction(loaded)
    await page.waitForFunction(() => (window as unknown as { consent: { get(): { status: string } } }).consent.get().status === 'decided')
    expect(await page.evaluate(() => (window as unknown as { consent: { get(): unknown } }).consent.get())).toMatchObject({ source: 'cmp', adapter: cmp, categoryPreferences: { analytics: false } })
    await page.waitForTimeout(150)
    expect(tagRequests()).toBe(before)

    const clicked = Date.now()
    await page.click('#accept')
    await page.waitForFunction(() => (window as { analyticsTagRan?: boolean }).analyticsTagRan === true)
    expect(Date.now() - clicked).toBeLessThan(2000)
    expect(tagRequests()).toBe(before + 1)
    expect(errors).toEqual([])
    await context.close()
  })
})
