// `npm run bench:ledger`: imports generated consent tables through the built `consentry/ledger`
// (streamed from a file, every row validated) and reports rows/s and peak memory. Each scenario
// runs in its own process so its peak RSS is its own. Not part of `npm test`.
import { spawnSync } from 'node:child_process'
import { createReadStream, createWriteStream, mkdtempSync, rmSync, statSync } from 'node:fs'
import { cpus, loadavg, tmpdir } from 'node:os'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'

const OPTIONS = ['Newsletter', 'Product updates', 'Events', 'Surveys']
const PROFILE = {
  id: 'bench',
  name: 'Bench',
  purposes: [
    {
      id: 'commercial',
      name: 'Commercial',
      type: 'commercial',
      enforcement: 'non-restrictive',
      topics: OPTIONS.map((name) => ({ id: name.toLowerCase().replace(/ /g, '-'), name, enforcement: 'restrictive' })),
    },
    { id: 'transactional', name: 'Transactional', type: 'transactional', enforcement: 'disabled' },
  ],
}

/** Writes `rows` seed-shaped rows over `people` contact points (people × 4 must not be a multiple of 7919); the same subject keeps its Consent ID. */
async function generate(file, rows, people) {
  const out = createWriteStream(file)
  const start = Date.UTC(2024, 0, 1)
  let buffer = 'Consent ID,Email,Consent option,Consent value,Date\n'
  // mulberry32: a fixed seed keeps every run on the same table.
  let seed = 42
  const random = () => {
    seed = (seed + 0x6d2b79f5) | 0
    let t = Math.imul(seed ^ (seed >>> 15), 1 | seed)
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296
  }
  for (let i = 0; i < rows; i++) {
    // Every subject (person × option) is hit once before any repeats, in a scattered order, so
    // scenarios with the same people hold the same subjects whatever their row count.
    const subject = (i * 7919) % (people * OPTIONS.length)
    const person = Math.floor(subject / OPTIONS.length)
    const option = subject % OPTIONS.length
    const id = subject + 1
    buffer += `${id},Person.${person}@Example.com ,${OPTIONS[option]},${random() < 0.5 ? 'True' : 'False'},${new Date(start + i * 1000).toISOString()}\n`
    if (buffer.length > 1 << 20) {
      if (!out.write(buffer)) await new Promise((resolve) => out.once('drain', resolve))
      buffer = ''
    }
  }
  await new Promise((resolve) => out.end(buffer, resolve))
}

async function child(file, mode) {
  const { createLedger, importTable } = await import('../../dist/ledger/index.js')
  let history = 0
  // History leaves the process (here: counted) so memory tracks subjects, not writes; the CLI
  // appends it to an NDJSON file the same way.
  const ledger = createLedger({ profile: PROFILE, history: () => void history++, conflictWindowMs: 0 })
  let peakHeap = 0
  const sample = () => {
    peakHeap = Math.max(peakHeap, process.memoryUsage().heapUsed)
  }
  const started = performance.now()
  const cpu = process.cpuUsage()
  const report = await importTable(ledger, createReadStream(file, { encoding: 'utf8', highWaterMark: 1 << 16 }), {
    onProgress: sample,
    progressEvery: 25_000,
  })
  const seconds = (performance.now() - started) / 1000
  const used = process.cpuUsage(cpu)
  const cpuSeconds = (used.user + used.system) / 1e6
  sample()
  globalThis.gc?.()
  const retained = process.memoryUsage().heapUsed
  process.stdout.write(
    JSON.stringify({
      mode,
      seconds,
      rowsPerSecond: Math.round(report.read / seconds),
      cpuSeconds,
      rowsPerCpuSecond: Math.round(report.read / cpuSeconds),
      read: report.read,
      imported: report.imported,
      updated: report.updated,
      unchanged: report.unchanged,
      stale: report.stale,
      rejected: report.rejected,
      subjects: ledger.size,
      history,
      peakHeapMB: +(peakHeap / 2 ** 20).toFixed(1),
      retainedHeapMB: +(retained / 2 ** 20).toFixed(1),
      peakRssMB: +(process.resourceUsage().maxRSS / 1024).toFixed(1),
    }),
  )
}

async function run() {
  const dir = mkdtempSync(join(tmpdir(), 'consentry-ledger-bench-'))
  const scenarios = [
    { rows: 1_000_000, people: 50_000 },
    { rows: 250_000, people: 50_000 },
    { rows: 1_000_000, people: 12_500 },
    { rows: 1_000_000, people: 200_000 },
  ]
  const self = fileURLToPath(import.meta.url)
  console.log(`consentry/ledger import benchmark: node ${process.version}, ${cpus().length} cores (${cpus()[0]?.model ?? 'unknown'}), load average ${loadavg().map((n) => n.toFixed(2)).join(' ')}`)
  console.log('| rows | distinct contact points | subjects | file MB | rows/s (wall) | seconds | CPU s (user+sys, all threads) | peak heap MB | retained heap MB | peak RSS MB |')
  console.log('| ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |')
  try {
    for (const { rows, people } of scenarios) {
      const file = join(dir, `consent-${rows}-${people}.csv`)
      await generate(file, rows, people)
      const result = spawnSync(process.execPath, ['--expose-gc', self, '--child', file], { encoding: 'utf8' })
      if (result.status !== 0) throw new Error(result.stderr)
      const r = JSON.parse(result.stdout)
      console.log(
        `| ${rows.toLocaleString('en-US')} | ${people.toLocaleString('en-US')} | ${r.subjects.toLocaleString('en-US')} | ${(statSync(file).size / 2 ** 20).toFixed(1)} | ` +
          `${r.rowsPerSecond.toLocaleString('en-US')} | ${r.seconds.toFixed(2)} | ${r.cpuSeconds.toFixed(2)} | ${r.peakHeapMB} | ${r.retainedHeapMB} | ${r.peakRssMB} |`,
      )
      if (r.rejected !== 0 || r.read !== rows) throw new Error(`unexpected import result ${result.stdout}`)
      rmSync(file)
    }
  } finally {
    rmSync(dir, { recursive: true, force: true })
  }
}

if (process.argv[2] === '--child') await child(process.argv[3], 'library')
// `--generate <file> <rows> <people>` writes a table only (for profiling or the CLI).
else if (process.argv[2] === '--generate') await generate(process.argv[3], Number(process.argv[4]), Number(process.argv[5]))
else await run()
