// `npm run bench:ledger`: imports generated consent tables through the built `consentry/ledger`
// into the database store (embedded PGlite, and a throwaway PostgreSQL server started with
// initdb/pg_ctl; COPY through pg-copy-streams), then times `check` (store.reader + canContact,
// the library API against an open store) on random contact points. Each scenario runs in its own
// process so its peak RSS is its own. After each import a floor row times the database alone
// inserting the history lines that import wrote. Not part of `npm test`.
// Sizes are flags or environment variables (a flag wins): --rows / LEDGER_BENCH_ROWS (1,000,000),
// --subjects / LEDGER_BENCH_SUBJECTS (200,000), --check-subjects / LEDGER_BENCH_CHECK_SUBJECTS
// (1,000,000), --big-rows / LEDGER_BENCH_BIG_ROWS (10,000,000); --only / LEDGER_BENCH_ONLY
// read|pglite|postgres|check|big (or a comma list) runs only those parts. A quick run: LEDGER_BENCH_ROWS=20000
// LEDGER_BENCH_SUBJECTS=4000 LEDGER_BENCH_CHECK_SUBJECTS=20000 LEDGER_BENCH_BIG_ROWS=50000.
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

// Where an import's database time goes: wall time of each statement kind, summed.
const KINDS = [
  [/^COPY/, 'stage (COPY)'],
  [/^INSERT INTO consentry_stage/, 'stage (arrays)'],
  [/^CREATE TEMP TABLE consentry_decided/, 'decide'],
  [/^ANALYZE/, 'analyze'],
  [/^WITH u AS \(\s*UPDATE consentry_record/, 'update (known subjects)'],
  [/^INSERT INTO consentry_record/, 'insert (new subjects)'],
  [/^INSERT INTO consentry_history/, 'history'],
]
const kindOf = (text) => KINDS.find(([re]) => re.test(text.trim()))?.[1] ?? 'other'
function timed(client, times) {
  const time = async (kind, run) => {
    const started = performance.now()
    try {
      return await run()
    } finally {
      times[kind] = (times[kind] ?? 0) + (performance.now() - started) / 1000
    }
  }
  const wrap = (c) => ({
    ...c,
    query: (text, params) => time(kindOf(text), () => c.query(text, params)),
    copy: c.copy && ((table, csv) => time('stage (COPY)', () => c.copy(table, csv))),
    transaction: (fn) => c.transaction((tx) => fn(wrap(tx))),
  })
  return wrap(client)
}

async function openStore(target, times = {}) {
  const { createSqlStore, fromPg, fromPglite } = await import('../../dist/ledger/index.js')
  if (target.startsWith('postgres://')) {
    const pg = (await import('pg')).default
    const copyStreams = await import('pg-copy-streams')
    return createSqlStore(timed(fromPg(new pg.Pool({ connectionString: target, max: 2 }), copyStreams), times), { create: true, profile: PROFILE })
  }
  const { PGlite } = await import('@electric-sql/pglite')
  return createSqlStore(timed(fromPglite(await PGlite.create(target)), times), { create: true, profile: PROFILE })
}

/** Reading and validating alone (no database): the ceiling the JavaScript side sets. */
async function childRead(file) {
  const { tableRecords } = await import('../../dist/ledger/index.js')
  const started = performance.now()
  let rows = 0
  for await (const row of tableRecords(PROFILE, (await import('node:fs')).createReadStream(file, { highWaterMark: 1 << 16 }))) if (row.record) rows++
  const seconds = (performance.now() - started) / 1000
  process.stdout.write(JSON.stringify({ rows, seconds, rowsPerSecond: Math.round(rows / seconds) }))
}

async function childImport(file, target, every) {
  const { importIntoStore } = await import('../../dist/ledger/index.js')
  const sql = {}
  const store = await openStore(target, sql)
  let peakRss = 0
  const timer = setInterval(() => (peakRss = Math.max(peakRss, process.memoryUsage().rss)), 200)
  const rssAt = []
  const started = performance.now()
  const report = await importIntoStore(store, (await import('node:fs')).createReadStream(file, { highWaterMark: 1 << 16 }), {
    progressEvery: every,
    // Sampled after a full GC (node --expose-gc): what stays held as rows go by, so a flat series
    // means memory does not grow with the file.
    onProgress: (r) => {
      globalThis.gc?.()
      rssAt.push(`${r.read < 1e6 ? `${Math.round(r.read / 1e3)}k` : `${(r.read / 1e6).toFixed(1)}M`}:${(process.memoryUsage().rss / 2 ** 20).toFixed(0)}`)
      // Live on stderr, so a run stopped early still shows how far it got and what it held.
      process.stderr.write(
        `  ${target.startsWith('postgres://') ? 'PostgreSQL' : 'PGlite'}: ${r.read.toLocaleString('en-US')} rows in ${((performance.now() - started) / 1000).toFixed(0)} s, RSS after GC ${rssAt.at(-1).split(':')[1]} MB, load average ${loadavg()[0].toFixed(1)}\n`,
      )
    },
  })
  const seconds = (performance.now() - started) / 1000
  clearInterval(timer)
  const subjects = await store.count()
  await store.close()
  process.stdout.write(
    JSON.stringify({
      seconds,
      rowsPerSecond: Math.round(report.read / seconds),
      report,
      subjects,
      peakRssMB: Math.round(Math.max(peakRss, process.resourceUsage().maxRSS * 1024) / 2 ** 20),
      rssAt,
      sql,
    }),
  )
}

async function childCheck(target, subjects, samples) {
  const { canContact } = await import('../../dist/ledger/index.js')
  const store = await openStore(target)
  // A fresh process's first checks pay for V8's and the connection's warm-up, so the first
  // `samples` (after 200 uncounted ones) are reported apart from the next 10 × `samples`, the
  // steady state of a long-running service.
  const cold = []
  const warm = []
  for (let i = -200; i < 11 * samples; i++) {
    const contactPoint = `person.${((i + 200) * 104729) % subjects}@example.com`
    const started = performance.now()
    const answer = canContact(await store.reader('email', contactPoint), { contactPoint, channel: 'email', purpose: 'commercial' })
    if (i >= 0) (i < samples ? cold : warm).push(performance.now() - started)
    if (answer.reason !== 'record') throw new Error(`no record for ${contactPoint}: ${answer.explanation}`)
  }
  await store.close()
  const at = (times, q) => times.sort((a, b) => a - b)[Math.min(times.length - 1, Math.floor(q * times.length))]
  process.stdout.write(JSON.stringify({ p50: at(cold, 0.5), p99: at(cold, 0.99), samples, warm: { p50: at(warm, 0.5), p99: at(warm, 0.99), samples: warm.length } }))
}

/**
 * The floor under any design that keeps one history line per change: the history lines the import
 * just wrote, inserted again in sequence order, 20,000 per statement as the import writes them,
 * into an empty copy of the history table (same columns and indexes), by the database alone. No
 * decision, no record written, nothing crosses the connection: whatever else an import does costs
 * more than this.
 */
async function childFloor(target) {
  const store = await openStore(target)
  const sql = (text, params) => store.transaction((tx) => tx.query(text, params))
  try {
    // The lines are first copied, untimed, to a table with only their batch number indexed, so
    // each timed statement reads its batch cheaply: what is timed is writing them.
    await sql('CREATE TABLE floor_source AS SELECT (row_number() OVER (ORDER BY seq) - 1) / 20000 AS batch, * FROM consentry_history')
    await sql('CREATE INDEX ON floor_source (batch)')
    await sql('CREATE TABLE floor_history (LIKE consentry_history INCLUDING ALL)')
    const batches = Number((await sql('SELECT max(batch) AS n FROM floor_source')).rows[0].n) + 1
    const columns = (await sql(`SELECT string_agg(quote_ident(column_name), ', ' ORDER BY ordinal_position) AS list FROM information_schema.columns WHERE table_name = 'consentry_history'`)).rows[0]
      .list
    let lines = 0
    const started = performance.now()
    for (let batch = 0; batch < batches; batch++) {
      const { rows } = await sql(`WITH i AS (INSERT INTO floor_history SELECT ${columns} FROM floor_source WHERE batch = $1 RETURNING 1) SELECT count(*)::int AS n FROM i`, [batch])
      lines += rows[0].n
    }
    const seconds = (performance.now() - started) / 1000
    await sql('DROP TABLE floor_history, floor_source')
    process.stdout.write(JSON.stringify({ lines, seconds, rowsPerSecond: Math.round(lines / seconds) }))
  } finally {
    await store.close()
  }
}

function spawnChild(args) {
  const result = spawnSync(process.execPath, ['--expose-gc', fileURLToPath(import.meta.url), ...args], { encoding: 'utf8', maxBuffer: 1 << 24, stdio: ['ignore', 'pipe', 'inherit'] })
  if (result.status !== 0) throw new Error(`${args[0]} failed (exit ${result.status}): ${result.stdout}`)
  return JSON.parse(result.stdout)
}

async function run() {
  const { values } = parseArgs({
    options: {
      rows: { type: 'string', default: process.env.LEDGER_BENCH_ROWS ?? '1000000' },
      subjects: { type: 'string', default: process.env.LEDGER_BENCH_SUBJECTS ?? '200000' },
      'check-subjects': { type: 'string', default: process.env.LEDGER_BENCH_CHECK_SUBJECTS ?? '1000000' },
      'big-rows': { type: 'string', default: process.env.LEDGER_BENCH_BIG_ROWS ?? '10000000' },
      only: { type: 'string', default: process.env.LEDGER_BENCH_ONLY },
    },
  })
  const rows = Number(values.rows)
  const subjects = Number(values.subjects)
  const checkSubjects = Number(values['check-subjects'])
  const bigRows = Number(values['big-rows'])
  const part = (name) => values.only === undefined || values.only.split(',').includes(name)
  const dir = mkdtempSync(join(tmpdir(), 'consentry-ledger-bench-'))
  const { startPostgres } = await import('../tools/postgres-cluster.mjs')
  const server = part('postgres') || part('check') || part('big') ? await startPostgres() : undefined
  let databases = 0
  const freshPostgres = () => server.database(`bench${databases++}`)
  console.log(
    `consentry/ledger database benchmark: node ${process.version}, ${cpus().length} cores (${cpus()[0]?.model ?? 'unknown'}), load average ${loadavg()
      .map((n) => n.toFixed(2))
      .join(' ')}`,
  )
  console.log('| scenario | rows | subjects | file MB | rows/s (wall) | seconds | peak RSS MB | RSS after GC by rows read (MB) | seconds in SQL, by statement | load average before → after |')
  console.log('| --- | ---: | ---: | ---: | ---: | ---: | ---: | --- | --- | --- |')
  const load = () => loadavg()[0].toFixed(1)
  const importing = (name, n, file, target) => {
    const before = load()
    const r = spawnChild(['--import', file, target, String(Math.max(1000, Math.round(n / 10)))])
    console.log(
      `| ${name} | ${n.toLocaleString('en-US')} | ${r.subjects.toLocaleString('en-US')} | ${(statSync(file).size / 2 ** 20).toFixed(1)} | ${r.rowsPerSecond.toLocaleString('en-US')} | ${r.seconds.toFixed(1)} | ${r.peakRssMB} | ${r.rssAt.join(' ')} | ${Object.entries(
        r.sql,
      )
        .filter(([, t]) => t >= 0.05)
        .sort((a, b) => b[1] - a[1])
        .map(([k, t]) => `${k} ${t.toFixed(1)}`)
        .join(', ')} | ${before} → ${load()} |`,
    )
  }
  const floor = (name, target) => {
    const before = load()
    const r = spawnChild(['--floor', target])
    console.log(
      `| floor: its ${r.lines.toLocaleString('en-US')} history lines inserted again by ${name} alone | ${r.lines.toLocaleString('en-US')} | | | ${r.rowsPerSecond.toLocaleString('en-US')} | ${r.seconds.toFixed(1)} | | | | ${before} → ${load()} |`,
    )
  }
  try {
    if (part('read') || part('pglite') || part('postgres')) {
      const file = join(dir, 'main.csv')
      await generate(file, rows, subjects)
      if (part('read')) {
        const before = load()
        const r = spawnChild(['--read', file])
        console.log(
          `| read + validate only (no database) | ${r.rows.toLocaleString('en-US')} | | | ${r.rowsPerSecond.toLocaleString('en-US')} | ${r.seconds.toFixed(1)} | | | | ${before} → ${load()} |`,
        )
      }
      if (part('pglite')) {
        importing('import into PGlite', rows, file, join(dir, 'pglite'))
        floor('PGlite', join(dir, 'pglite'))
      }
      if (part('postgres')) {
        const target = freshPostgres()
        importing('import into PostgreSQL', rows, file, target)
        floor('PostgreSQL', target)
      }
      rmSync(file)
    }
    if (part('check')) {
      const file = join(dir, 'check.csv')
      await generate(file, checkSubjects, checkSubjects)
      const target = freshPostgres()
      importing('import for check (PostgreSQL)', checkSubjects, file, target)
      rmSync(file)
      const before = load()
      const r = spawnChild(['--check', target, String(checkSubjects), '2000'])
      console.log(
        `\ncheck (store.reader + canContact on an open store: one primary-key query, then the in-memory decision) at ${checkSubjects.toLocaleString('en-US')} subjects on PostgreSQL, random contact points: a fresh process's first ${r.samples} checks after 200 uncounted ones p50 ${r.p50.toFixed(2)} ms, p99 ${r.p99.toFixed(2)} ms; the ${r.warm.samples.toLocaleString('en-US')} after them (steady state) p50 ${r.warm.p50.toFixed(2)} ms, p99 ${r.warm.p99.toFixed(2)} ms (load average ${before} → ${load()})\n`,
      )
    }
    if (part('big')) {
      const file = join(dir, 'big.csv')
      await generate(file, bigRows, Math.max(1, Math.floor(bigRows / 5)))
      importing('large import into PostgreSQL', bigRows, file, freshPostgres())
      rmSync(file)
    }
  } finally {
    server?.stop()
    rmSync(dir, { recursive: true, force: true })
  }
}

if (process.argv[2] === '--import') await childImport(process.argv[3], process.argv[4], Number(process.argv[5]))
else if (process.argv[2] === '--read') await childRead(process.argv[3])
else if (process.argv[2] === '--floor') await childFloor(process.argv[3])
else if (process.argv[2] === '--check') await childCheck(process.argv[3], Number(process.argv[4]), Number(process.argv[5]))
else if (process.argv[2] === '--generate') await generate(process.argv[3], Number(process.argv[4]), Number(process.argv[5]))
else await run()
