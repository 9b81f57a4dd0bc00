// A decision stored in another tab reaches this one through the Cookie Store API's change event,
// without a focus or visibility change (the core file reads cookieStore after start-up, not during it).
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { startHarness, type Harness } from './browser.js'

let harness: Harness
beforeAll(async () => {
  harness = await startHarness()
})
afterAll(() => harness?.close())

type W = Window & {
  consent: { set(p: Record<string, boolean>): void; get(): { categoryPreferences: Record<string, boolean>; source: string } }
  Consentry: { createConsent(o: unknown): W['consent'] }
}

/** Two tabs of one browser context, each with `file` from dist/ and a manager of opt-in `ids`. */
async function twoTabs(file: string, ids: string[]) {
  const context = await harness.newContext()
  const [a, b] = [await context.newPage(), await context.newPage()]
  for (const page of [a, b]) {
    await page.goto(`${harness.server.url}/test/bench/pages/blank.html`)
    await page.addScriptTag({ path: new URL(`../../dist/${file}`, import.meta.url).pathname })
    await page.evaluate((list) => {
      const w = window as unknown as W
      w.consent = w.Consentry.createConsent({ categories: list.map((id) => ({ id, name: id, enforcement: 'opt-in' })) })
    }, ids)
  }
  return { context, a, b }
}

describe('cross-tab decisions (dist/consentry.core.min.js in Chromium)', () => {
  it('a tab follows a decision another tab stores, from the cookie change alone', async () => {
    const { context, a, b } = await twoTabs('consentry.core.min.js', ['analytics'])
    expect(await a.evaluate(() => (window as unknown as W).consent.get().categoryPreferences)).toEqual({ analytics: false })
    await b.evaluate(() => (window as unknown as W).consent.set({ analytics: true }))
    await a.waitForFunction(() => (window as unknown as W).consent.get().categoryPreferences.analytics === true, undefined, { timeout: 5000 })
    expect(await a.evaluate(() => (window as unknown as W).consent.get().source)).toBe('storage')
    await context.close()
  })
})

describe('cross-tab decisions when the clock went back (dist/consentry.iife.min.js in Chromium)', () => {
  it('a revoke made after the clock was set back reaches the other tab, and that tab does not store the grant again', async () => {
    const { context, a, b } = await twoTabs('consentry.iife.min.js', ['analytics', 'ads'])
    // Tab B grants while the system clock is an hour fast; the clock is then corrected.
    await b.evaluate(() => {
      const real = Date.now
      Date.now = () => real() + 3_600_000
      ;(window as unknown as W).consent.set({ analytics: true })
      Date.now = real
    })
    await a.waitForFunction(() => (window as unknown as W).consent.get().categoryPreferences.analytics === true, undefined, { timeout: 5000 })
    // Tab A revokes: its decision carries the earlier (corrected) time.
    await a.evaluate(() => (window as unknown as W).consent.set({ analytics: false }))
    await b.waitForFunction(() => (window as unknown as W).consent.get().categoryPreferences.analytics === false, undefined, { timeout: 5000 })
    // Tab B's next change starts from the revoke: the stored decision keeps analytics denied.
    await b.evaluate(() => (window as unknown as W).consent.set({ ads: true }))
    const stored = await a.evaluate(() => document.cookie)
    expect(stored).toMatch(/\|ads\|analytics\|/)
    await a.reload()
    await a.addScriptTag({ path: new URL('../../dist/consentry.iife.min.js', import.meta.url).pathname })
    const after = await a.evaluate(() => {
      const w = window as unknown as W
      const categories = ['analytics', 'ads'].map((id) => ({ id, name: id, enforcement: 'opt-in' }))
      return w.Consentry.createConsent({ categories }).get().categoryPreferences
    })
    expect(after).toEqual({ analytics: false, ads: true })
    await context.close()
  })
})
