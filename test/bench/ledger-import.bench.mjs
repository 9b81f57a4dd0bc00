// `npm run bench:ledger`: imports generated consent tables through the built `consentry/ledger`
// into the database store (embedded PGlite, and a throwaway PostgreSQL server started with
// initdb/pg_ctl), then times `check` (store.reader + canContact) on random contact points.
// Each scenario runs in its own process so its peak RSS is its own. Not part of `npm test`.
// Sizes are flags: --rows 1000000 --subjects 200000 --check-subjects 1000000 --big-rows 10000000
// (--only pglite|postgres|check|big to run one part).
import { spawnSync } from 'node:child_process'
import { createWriteStream, mkdtempSync, rmSync, statSync } from 'node:fs'
import { cpus, loadavg, tmpdir } from 'node:os'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { parseArgs } from 'node:util'

const PROFILE = {
  id: 'bench',
  name: 'Bench',
  purposes: [
    { id: 'commercial', name: 'Commercial', type: 'commercial', enforcement: 'non-restrictive', topics: [] },
    { id: 'transactional', name: 'Transactional', type: 'transactional', enforcement: 'disabled', topics: [] },
  ],
}
const T0 = Date.UTC(2024, 0, 1)

/** `rows` rows over `subjects` contact points, each subject revisited in a scattered order. */
async function generate(file, rows, subjects) {
  const out = createWriteStream(file)
  let buffer = 'Consent ID,Email,Consent option,Consent value,Date\n'
  for (let i = 0; i < rows; i++) {
    const subject = (i * 7919) % subjects
    buffer += `${subject + 1},person.${subject}@example.com,Commercial,${(i * 2654435761) % 7 < 3 ? 'True' : 'False'},${new Date(T0 + i * 1000).toISOString()}\n`
    if (buffer.length > 1 << 20) {
      if (!out.write(buffer)) await new Promise((resolve) => out.once('drain', resolve))
      buffer = ''
    }
  }
  await new Promise((resolve) => out.end(buffer, resolve))
}

async function openStore(target) {
  const { createSqlStore, fromPg, fromPglite } = await import('../../dist/ledger/index.js')
  if (target.startsWith('postgres://')) {
    const pg = (await import('pg')).default
    return createSqlStore(fromPg(new pg.Pool({ connectionString: target, max: 2 })), { create: true, profile: PROFILE })
  }
  const { PGlite } = await import('@electric-sql/pglite')
  return createSqlStore(fromPglite(await PGlite.create(target)), { create: true, profile: PROFILE })
}

async function childImport(file, target) {
  const { importIntoStore } = await import('../../dist/ledger/index.js')
  const store = await openStore(target)
  let peakRss = 0
  const timer = setInterval(() => (peakRss = Math.max(peakRss, process.memoryUsage().rss)), 200)
  const rssAt = []
  const started = performance.now()
  const report = await importIntoStore(store, (await import('node:fs')).createReadStream(file, { highWaterMark: 1 << 16 }), {
    progressEvery: 250_000,
    onProgress: (r) => rssAt.push(`${(r.read / 1e6).toFixed(2)}M:${(process.memoryUsage().rss / 2 ** 20).toFixed(0)}`),
  })
  const seconds = (performance.now() - started) / 1000
  clearInterval(timer)
  const subjects = await store.count()
  await store.close()
  process.stdout.write(JSON.stringify({ seconds, rowsPerSecond: Math.round(report.read / seconds), report, subjects, peakRssMB: Math.round(Math.max(peakRss, process.resourceUsage().maxRSS * 1024) / 2 ** 20), rssAt }))
}

async function childCheck(target, subjects, samples) {
  const { canContact } = await import('../../dist/ledger/index.js')
  const store = await openStore(target)
  const times = []
  for (let i = 0; i < samples; i++) {
    const contactPoint = `person.${(i * 104729) % subjects}@example.com`
    const started = performance.now()
    const answer = canContact(await store.reader('email', contactPoint), { contactPoint, channel: 'email', purpose: 'commercial' })
    times.push(performance.now() - started)
    if (answer.reason !== 'record') throw new Error(`no record for ${contactPoint}: ${answer.explanation}`)
  }
  await store.close()
  times.sort((a, b) => a - b)
  const at = (q) => times[Math.min(times.length - 1, Math.floor(q * times.length))]
  process.stdout.write(JSON.stringify({ p50: at(0.5), p99: at(0.99), samples }))
}

function spawnChild(args) {
  const result = spawnSync(process.execPath, [fileURLToPath(import.meta.url), ...args], { encoding: 'utf8', maxBuffer: 1 << 24 })
  if (result.status !== 0) throw new Error(result.stderr || result.stdout)
  return JSON.parse(result.stdout)
}

async function run() {
  const { values } = parseArgs({
    options: {
      rows: { type: 'string', default: '1000000' },
      subjects: { type: 'string', default: '200000' },
      'check-subjects': { type: 'string', default: '1000000' },
      'big-rows': { type: 'string', default: '10000000' },
      only: { type: 'string' },
    },
  })
  const rows = Number(values.rows)
  const subjects = Number(values.subjects)
  const checkSubjects = Number(values['check-subjects'])
  const bigRows = Number(values['big-rows'])
  const part = (name) => values.only === undefined || values.only === name
  const dir = mkdtempSync(join(tmpdir(), 'consentry-ledger-bench-'))
  const { startPostgres } = await import('../tools/postgres-cluster.mjs')
  const server = part('postgres') || part('check') || part('big') ? await startPostgres() : undefined
  let databases = 0
  const freshPostgres = () => {
    const name = `bench${databases++}`
    spawnSync('psql', [server.url, '-qc', `CREATE DATABASE ${name}`])
    return server.url.replace(/\/postgres$/, `/${name}`)
  }
  console.log(`consentry/ledger database benchmark: node ${process.version}, ${cpus().length} cores (${cpus()[0]?.model ?? 'unknown'}), load average ${loadavg().map((n) => n.toFixed(2)).join(' ')}`)
  console.log('| scenario | rows | subjects | file MB | rows/s (wall) | seconds | peak RSS MB | RSS by rows read (MB) |')
  console.log('| --- | ---: | ---: | ---: | ---: | ---: | ---: | --- |')
  const line = (name, n, file, r) =>
    console.log(`| ${name} | ${n.toLocaleString('en-US')} | ${r.subjects.toLocaleString('en-US')} | ${(statSync(file).size / 2 ** 20).toFixed(1)} | ${r.rowsPerSecond.toLocaleString('en-US')} | ${r.seconds.toFixed(1)} | ${r.peakRssMB} | ${r.rssAt.join(' ')} |`)
  try {
    if (part('pglite') || part('postgres')) {
      const file = join(dir, 'main.csv')
      await generate(file, rows, subjects)
      if (part('pglite')) line('import into PGlite', rows, file, spawnChild(['--import', file, join(dir, 'pglite')]))
      if (part('postgres')) line('import into PostgreSQL', rows, file, spawnChild(['--import', file, freshPostgres()]))
      rmSync(file)
    }
    if (part('check')) {
      const file = join(dir, 'check.csv')
      await generate(file, checkSubjects, checkSubjects)
      const target = freshPostgres()
      line('import for check (PostgreSQL)', checkSubjects, file, spawnChild(['--import', file, target]))
      rmSync(file)
      const r = spawnChild(['--check', target, String(checkSubjects), '2000'])
      console.log(`\ncheck (store.reader + canContact) at ${checkSubjects.toLocaleString('en-US')} subjects on PostgreSQL: p50 ${r.p50.toFixed(2)} ms, p99 ${r.p99.toFixed(2)} ms over ${r.samples} random contact points`)
    }
    if (part('big')) {
      const file = join(dir, 'big.csv')
      await generate(file, bigRows, Math.max(1, Math.floor(bigRows / 5)))
      line('large import into PostgreSQL', bigRows, file, spawnChild(['--import', file, freshPostgres()]))
      rmSync(file)
    }
  } finally {
    server?.stop()
    rmSync(dir, { recursive: true, force: true })
  }
}

if (process.argv[2] === '--import') await childImport(process.argv[3], process.argv[4])
else if (process.argv[2] === '--check') await childCheck(process.argv[3], Number(process.argv[4]), Number(process.argv[5]))
else if (process.argv[2] === '--generate') await generate(process.argv[3], Number(process.argv[4]), Number(process.argv[5]))
else await run()
