import { execFile } from 'node:child_process'
import { fileURLToPath } from 'node:url'
import { beforeAll, describe, expect, it } from 'vitest'

// The benches are not part of `npm test` (timings are noisy), but a broken bench must fail CI:
// each runs here in a tiny mode (one round, few events) and its table must carry every row with
// numbers. Needs dist/ (npm test builds first).
const root = fileURLToPath(new URL('../../', import.meta.url))
const TINY = { ROUNDS: '1', N: '20', WIDGET_CYCLES: '20', STAMP_EVENTS: '2000' }

function run(script: string, env: Record<string, string> = {}): Promise<string> {
  return new Promise((resolve, reject) =>
    execFile(process.execPath, [script], { cwd: root, env: { ...process.env, ...TINY, ...env }, timeout: 90_000, maxBuffer: 4 << 20 }, (error, stdout, stderr) =>
      error ? reject(new Error(`${script} failed: ${error.message}\n${stderr}`)) : resolve(stdout),
    ),
  )
}

/** The body rows of the markdown table in `text`, as cells (the header and its rule left out). */
const rowsOf = (text: string) => {
  const lines = text.split('\n')
  return lines
    .filter((line, i) => line.startsWith('|') && !line.startsWith('| ---') && !lines[i + 1]?.startsWith('| ---'))
    .map((line) =>
      line
        .slice(1, -1)
        .split('|')
        .map((cell) => cell.trim()),
    )
}

let size = ''
let speed = ''
beforeAll(async () => {
  ;[size, speed] = await Promise.all([run('test/bench/size.bench.mjs'), run('test/bench/speed.bench.mjs')])
}, 120_000)

describe('npm run bench:size (tiny mode is the full run)', () => {
  const expected = [
    /^core\b/,
    /^widget\b.*CSS inside the JS/,
    /^full script tag/,
    /segment/,
    /rudderstack/,
    /google-consent-mode/,
    ...['onetrust', 'trustarc', 'ketch', 'custom', 'tcf', 'gpp'].map((name) => new RegExp(`^adapter ${name}\\b`)),
    /^core, bundled as a site ships it/,
    /^core \+ OneTrust adapter/,
    /^core \+ widget/,
    /^a typical npm site/,
    /^@segment\/analytics-consent-tools/,
    /^vanilla-cookieconsent .*: JS \(/,
    /^vanilla-cookieconsent .*: CSS/,
    /^vanilla-cookieconsent .*: JS \+ CSS/,
    /^klaro .*: main/,
    /^c15t /,
    /^script tag: core file/,
    /^script tag: OneTrust \+ Google Consent Mode site/,
  ]

  it.each(expected.map((pattern) => [String(pattern), pattern] as const))('has a row %s with minified, gzip and brotli sizes', (_, pattern) => {
    const row = rowsOf(size).find(([, label]) => pattern.test(label ?? ''))
    expect(row, `no row matches ${pattern}`).toBeDefined()
    expect(row!.slice(2, 5)).toEqual([expect.stringMatching(/^\d+\.\d\d KB$/), expect.stringMatching(/^\d+\.\d\d KB$/), expect.stringMatching(/^\d+\.\d\d KB$/)])
  })

  it('marks every target row as met or missed', () => {
    const targeted = rowsOf(size).filter((row) => row[5] !== '')
    // at least: core, core bundled, widget, full script tag, six adapters
    expect(targeted.length).toBeGreaterThanOrEqual(10)
    for (const row of targeted) expect(row[5]).toMatch(/^(✅ ≤|❌ .* over by) /)
  })
})

describe('npm run bench:speed (ROUNDS=1, N=20)', () => {
  const expected: [string, RegExp][] = [
    ...['OneTrust', 'TrustArc', 'Ketch', 'custom', 'TCF', 'GPP'].map((name): [string, RegExp] => ['decision latency', new RegExp(`^${name} adapter \\+ gateScripts`)]),
    ['decision latency', /^OneTrust adapter \+ withSegment/],
    ['decision latency', /^@segment\/analytics-consent-tools, OneTrust-wrapper style/],
    ['decision latency', /^floor: .* adds the tag/],
    ['decision latency', /^floor: .* analytics-next load\(\)/],
    ['start-up', /^consentry script tag \+ createConsent$/],
    ['start-up', /^floor: one bare document\.cookie read$/],
    ['start-up', /^consentry core file/],
    ['start-up', /mountPreferenceCenter/],
    ['start-up', /^@segment\/analytics-consent-tools/],
    ['start-up', /^vanilla-cookieconsent/],
    ['pipeline', /^analytics-next alone$/],
    ['pipeline', /consent-tools/],
    ['pipeline', /withSegment/],
    ['pipeline, consent layer alone', /^consentry withSegment/],
    ['pipeline, consent layer alone', /^@segment\/analytics-consent-tools/],
    ['stamp()', /^consent\.stamp/],
    ['memory', /^widget: heap growth/],
    ['memory', /^pre-consent buffer .*: 150 calls small/],
    ['memory', /^pre-consent buffer .*: 100 calls of ~2 KB each/],
  ]

  it.each(expected)('has a %s row %s with a measured number', (section, pattern) => {
    const row = rowsOf(speed).find(([s, label]) => (s === section || s!.startsWith(`${section} (`)) && pattern.test(label ?? ''))
    expect(row, `no ${section} row matches ${pattern}`).toBeDefined()
    expect(row![2]).toMatch(/^-?\d+(\.\d+)? (ms|µs\/event|ns\/event|KB|held)/)
  })

  it('has no other rows, and names the machine and the settings', () => {
    expect(rowsOf(speed)).toHaveLength(expected.length)
    expect(speed).toMatch(/cores, load average [\d.]+ · Node v\d+.* · Chromium \d+.* · ROUNDS=1 \(start-up 2, pipeline 1\), N=20/)
  })

  it('shows the pre-consent buffer within its bounds and every dropped call counted', () => {
    const buffers = rowsOf(speed).filter(([, label]) => label!.startsWith('pre-consent buffer'))
    for (const row of buffers) expect(row[4]).toMatch(/^✅/)
  })
})

describe('node test/bench/startup-split.mjs (ROUNDS=1)', () => {
  it("prints the core file's evaluation, first and second createConsent, each a number of ms", async () => {
    const out = await run('test/bench/startup-split.mjs', { CPU: '' })
    expect(out).toMatch(/evaluate \d+\.\d\d ms, first createConsent \d+\.\d\d ms, second createConsent \d+\.\d\d ms/)
    expect(out).not.toMatch(/CPU time/)
  }, 60_000)

  it('with CPU=1, prints the main thread CPU time of the same three scripts too', async () => {
    const out = await run('test/bench/startup-split.mjs', { CPU: '1' })
    expect(out).toMatch(/CPU time, same pages \(medians\): evaluate \d+\.\d\d ms, first createConsent \d+\.\d\d ms, second createConsent \d+\.\d\d ms/)
  }, 60_000)
})

describe('node test/bench/first-touch.mjs (ROUNDS=1)', () => {
  it('prints a number of ms for the floor and each browser API', async () => {
    const lines = (await run('test/bench/first-touch.mjs')).trim().split('\n').slice(1)
    expect(lines).toHaveLength(9)
    for (const line of lines) expect(line).toMatch(/^\d+\.\d\d ms {2}\S/)
  }, 60_000)
})
