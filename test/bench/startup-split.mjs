// Where the core file's start-up goes (issue 16): in fresh pages of real Chromium, the time to
// evaluate dist/consentry.core.min.js, then the first createConsent, then a second one (what is
// left once V8 has compiled the functions the first call used). Medians over ROUNDS (default 12);
// with PROFILE=<file> the last round is also recorded as a CPU profile (open it in DevTools). With
// CPU=1 each page is traced and the main thread's CPU time of the same three scripts is reported too
// (the trace's EvaluateScript thread durations): on a shared machine it moves far less with the load
// than the wall-clock times do, so an A/B of a start-up change reads better there.
// Needs `npm run build:lib` first. Run: node test/bench/startup-split.mjs
import { readFileSync, writeFileSync } from 'node:fs'
import { serve } from '../../examples/serve.mjs'
import { launchBrowser } from '../tools/chromium.mjs'
import { timeScripts } from './time-scripts.mjs'

const ROUNDS = Number(process.env.ROUNDS ?? 12)
const core = readFileSync(new URL('../../dist/consentry.core.min.js', import.meta.url), 'utf8')
// The same three categories as bench:speed's start-up rows.
const options = JSON.stringify({
  categories: [
    { id: 'necessary', name: 'Necessary', enforcement: 'always' },
    { id: 'analytics', name: 'Analytics', enforcement: 'opt-in' },
    { id: 'advertising', name: 'Advertising', enforcement: 'opt-in' },
  ],
})

const [browser, server] = await Promise.all([launchBrowser(), serve({ port: 0, quiet: true })])
const rounds = []
const cpu = []
try {
  for (let i = 0; i < ROUNDS; i++) {
    const context = await browser.newContext()
    const page = await context.newPage()
    await page.goto(`${server.url}/test/bench/pages/blank.html`)
    const cdp = process.env.PROFILE && i === ROUNDS - 1 ? await context.newCDPSession(page) : undefined
    if (cdp) await Promise.all([cdp.send('Profiler.enable'), cdp.send('Profiler.setSamplingInterval', { interval: 50 })]).then(() => cdp.send('Profiler.start'))
    if (process.env.CPU) await browser.startTracing(page, { categories: ['devtools.timeline'] })
    const create = `Consentry.createConsent(${options})`
    const t = await page.evaluate(timeScripts, [core, create, create])
    rounds.push([t[1] - t[0], t[2] - t[1], t[3] - t[2]])
    if (cdp) writeFileSync(process.env.PROFILE, JSON.stringify((await cdp.send('Profiler.stop')).profile))
    if (process.env.CPU) {
      const trace = JSON.parse((await browser.stopTracing()).toString())
      // The last three scripts the page evaluated: the core file, then createConsent twice.
      const scripts = (trace.traceEvents ?? trace).filter((e) => e.name === 'EvaluateScript' && e.ph === 'X' && e.tdur !== undefined)
      cpu.push(scripts.slice(-3).map((e) => e.tdur / 1000))
    }
    await context.close()
  }
} finally {
  await browser.close()
  await server.close()
}
const median = (k, of = rounds) =>
  of
    .map((r) => r[k])
    .sort((a, b) => a - b)
    [Math.floor(of.length / 2)].toFixed(2)
console.log(`core file, ${ROUNDS} fresh pages (medians): evaluate ${median(0)} ms, first createConsent ${median(1)} ms, second createConsent ${median(2)} ms`)
if (cpu.length) console.log(`main thread's CPU time, same pages (medians): evaluate ${median(0, cpu)} ms, first createConsent ${median(1, cpu)} ms, second createConsent ${median(2, cpu)} ms`)
