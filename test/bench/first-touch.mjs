// What the first touch of each browser API the core uses at start-up costs (issue 16): in its own
// fresh page of real Chromium, after a warm-up script that reads document.cookie, one inline script
// touching the API once, timed with performance.now() (0.1 ms steps: means over ROUNDS, default 20,
// pages). The empty script is the floor to subtract. Run: node test/bench/first-touch.mjs
import { serve } from '../../examples/serve.mjs'
import { launchBrowser } from '../tools/chromium.mjs'
import { timeScripts } from './time-scripts.mjs'

const ROUNDS = Number(process.env.ROUNDS ?? 20)
const PROBES = [
  ['an empty script (the floor)', '0'],
  ['document.cookie, read again', 'document.cookie'],
  ['navigator.globalPrivacyControl', 'navigator.globalPrivacyControl'],
  ['a first regular expression', "/^[A-Za-z_][\\w.:-]{0,33}$/.test('analytics')"],
  ['crypto.randomUUID()', 'crypto.randomUUID()'],
  ['setTimeout', 'setTimeout(() => {})'],
  ["document.addEventListener('visibilitychange')", "document.addEventListener('visibilitychange', () => {})"],
  ["addEventListener('focus')", "addEventListener('focus', () => {})"],
  ['globalThis.cookieStore', 'globalThis.cookieStore'],
]

const [browser, server] = await Promise.all([launchBrowser(), serve({ port: 0, quiet: true })])
const sums = PROBES.map(() => 0)
try {
  for (let i = 0; i < ROUNDS; i++) {
    for (const [k, [, probe]] of PROBES.entries()) {
      const context = await browser.newContext()
      const page = await context.newPage()
      await page.goto(`${server.url}/test/bench/pages/blank.html`)
      const [t0, t1] = await page.evaluate(timeScripts, [probe])
      sums[k] += t1 - t0
      await context.close()
    }
  }
} finally {
  await browser.close()
  await server.close()
}
console.log(`first touch in a fresh page, mean of ${ROUNDS} pages each:`)
for (const [k, [label]] of PROBES.entries()) console.log(`${(sums[k] / ROUNDS).toFixed(2)} ms  ${label}`)
