// Issue 12: at least 10,000 mutated option objects against the production script tag in Chromium,
// half of them on a page whose Object.prototype another script has polluted (`npm run fuzz`, or
// FUZZ_FULL=1; FUZZ_ROUNDS sets the rounds per page). `npm test` runs 1,500 per page: the mutator
// is seeded, so that is the start of the same sequence, and it reaches every mutation kind.
// The mutator and its oracle run in the page (test/fuzz/options-mutator.js); this file only sets
// the pages up.
import { readFileSync } from 'node:fs'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { startHarness, type Harness } from '../e2e/browser.js'

const ROUNDS = Number(process.env.FUZZ_ROUNDS ?? (process.env.FUZZ_FULL ? 5000 : 1500))
const mutator = readFileSync(new URL('./options-mutator.js', import.meta.url), 'utf8')
const POLLUTE = `for (const [key, value] of Object.entries({ analytics: true, ads: true, news: true, necessary: true, enforcement: 'always', unmapped: 'allow', GA: ['analytics'], Unmapped: ['necessary'], id: 'ads', parent: 'necessary', source: 'user' })) Object.prototype[key] = value`

let harness: Harness
beforeAll(async () => {
  harness = await startHarness()
})
afterAll(() => harness?.close())

interface Result {
  counts: Record<string, number>
  violations: unknown[]
}

async function fuzz(seed: number, before: string): Promise<{ result: Result; thrown: string[] }> {
  const context = await harness.newContext()
  const page = await context.newPage()
  const thrown: string[] = []
  page.on('pageerror', (error) => thrown.push(error.message))
  await page.addInitScript(before)
  await page.goto(`${harness.server.url}/test/bench/pages/blank.html`)
  await page.addScriptTag({ url: '/dist/consentry.iife.min.js' })
  await page.addScriptTag({ content: mutator })
  // The production build reports through onError, console.warn by default: keep the log quiet.
  await page.evaluate(() => (console.warn = () => {}))
  const result = await page.evaluate(([s, n]) => (window as unknown as { fuzzOptions(seed: number, rounds: number): Result }).fuzzOptions(s, n), [seed, ROUNDS] as const)
  await context.close()
  return { result, thrown }
}

describe(`fuzzed options on the production script tag (${2 * ROUNDS} objects)`, () => {
  it.each([
    ['a clean page', ''],
    ['a page with Object.prototype polluted', POLLUTE],
  ])('on %s nothing beyond always, explicit decisions and exactly-opt-out defaults is granted, and nothing throws', async (name, before) => {
    const { result, thrown } = await fuzz(name.length * 7919, before)
    console.info(`options fuzz on ${name}: ${JSON.stringify(result.counts)}`)
    if (result.violations.length) console.info(JSON.stringify(result.violations))
    expect(result.violations).toEqual([])
    expect(result.counts).toMatchObject({ rounds: ROUNDS, threw: 0, overGranted: 0, overAllowed: 0 })
    // The mutations are real: most rounds are invalid and say so.
    expect(result.counts.reported).toBeGreaterThan(ROUNDS / 3)
    expect(thrown).toEqual([])
  })
})
