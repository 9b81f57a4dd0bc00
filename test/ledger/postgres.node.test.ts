// Against a real PostgreSQL server (a throwaway cluster from initdb/pg_ctl): the SQL store, two
// CLI imports at once, and a kill -9 in the middle of an import. No mocks of the database.
import { execFile, spawn } from 'node:child_process'
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import pg from 'pg'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { createRecordValidator, createSqlStore, defaultProfile, fromPg } from '../../src/ledger/index.js'
import { startPostgres } from '../tools/postgres-cluster.mjs'

const cli = fileURLToPath(new URL('../../dist/ledger/cli.js', import.meta.url))
const T0 = Date.UTC(2025, 0, 1)
let server: Awaited<ReturnType<typeof startPostgres>>
let dir: string

const database = async (name: string) => server.database(name)

function run(...args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    execFile(process.execPath, [cli, ...args], { cwd: dir, maxBuffer: 1 << 26 }, (error, stdout, stderr) => {
      resolve({ code: error ? (typeof error.code === 'number' ? error.code : -1) : 0, stdout, stderr })
    })
  })
}

const table = (rows: number, subjects: number, offset = 0) =>
  'Consent ID,Email,Consent option,Consent value,Date\n' +
  Array.from({ length: rows }, (_, i) => `r${i + offset},p${(i + offset) % subjects}@example.com,Commercial,${i % 3 ? 'yes' : 'no'},${new Date(T0 + i * 1000).toISOString()}`).join('\n') +
  '\n'

beforeAll(async () => {
  server = await startPostgres({ fsync: false })
  dir = mkdtempSync(join(tmpdir(), 'consentry-ledger-pg-'))
}, 60_000)
afterAll(async () => {
  server?.stop()
  rmSync(dir, { recursive: true, force: true })
})

async function gapless(url: string) {
  const pool = new pg.Pool({ connectionString: url })
  const { rows } = await pool.query(`SELECT count(*)::int AS n, coalesce(max(seq), 0)::int AS max, count(DISTINCT hash)::int AS distinct_rows,
    (SELECT value::int FROM consentry_meta WHERE key = 'seq') AS meta, (SELECT count(*)::int FROM consentry_record) AS records FROM consentry_history`)
  await pool.end()
  return rows[0] as { n: number; max: number; distinct_rows: number; meta: number; records: number }
}

describe('the SQL store on PostgreSQL', { timeout: 300_000 }, () => {
  it('decides "later time wins" in SQL, ties to the opt-out, and keeps conflicts and reused ids', async () => {
    const pool = new pg.Pool({ connectionString: await database('store') })
    const store = await createSqlStore(fromPg(pool), { create: true, profile: defaultProfile, conflictWindowMs: 0 })
    const v = createRecordValidator(defaultProfile, { now: () => T0 + 10 * 86_400_000 })
    const a = { contactPoint: 'a@b.example', purpose: 'commercial' }
    expect(await store.upsert([v({ ...a, status: 'opt-out', time: T0 + 2000 }), v({ ...a, status: 'opt-in', time: T0 + 1000 })])).toMatchObject({ created: 1, stale: 1 })
    expect(await store.upsert([v({ ...a, status: 'opt-in', time: T0 + 2000 })])).toMatchObject({ stale: 1 })
    expect(await store.upsert([v({ ...a, status: 'opt-in', time: T0 + 3000 })])).toMatchObject({ updated: 1 })
    expect((await store.get('email', 'a@b.example', 'commercial'))?.status).toBe('opt-in')
    // A reused id never touches the other contact point's record.
    await store.upsert([v({ ...a, id: '1', status: 'opt-out', time: T0 + 4000 })])
    expect(await store.upsert([v({ contactPoint: 'c@d.example', purpose: 'commercial', id: '1', status: 'opt-in', time: T0 + 5000 })])).toMatchObject({ created: 1, idReused: 1 })
    expect((await store.get('email', 'a@b.example', 'commercial'))?.status).toBe('opt-out')
    const history = []
    for await (const entry of store.history('c@d.example')) history.push(entry)
    expect(history).toMatchObject([{ outcome: 'created', note: 'id-reused' }])
    await store.close()
  })

  // Records of known subjects are updated at the row address the decision read under the writer
  // lock. A writer that bypasses the lock and changes such a row in between must stop the batch,
  // loudly, never make the ledger's update vanish.
  it('stops a batch whose records another writer changed outside the lock, writing nothing', async () => {
    const url = await database('bypass')
    const pool = new pg.Pool({ connectionString: url, max: 2 })
    const outsider = new pg.Pool({ connectionString: url, max: 1 })
    const client = fromPg(pool)
    // The outsider's write lands between the decision and the update (its own connection, committed).
    const interfering = {
      ...client,
      transaction: <T>(fn: (tx: typeof client) => Promise<T>) =>
        client.transaction((tx) =>
          fn({
            ...tx,
            query: async (text: string, params?: unknown[]) => {
              if (/^WITH u AS \(\s*UPDATE consentry_record/.test(text)) await outsider.query(`UPDATE consentry_record SET reason = 'outsider'`)
              return tx.query(text, params)
            },
          } as typeof client),
        ),
    } as typeof client
    const store = await createSqlStore(interfering, { create: true, profile: defaultProfile })
    const v = createRecordValidator(defaultProfile, { now: () => T0 + 10 * 86_400_000 })
    const a = { contactPoint: 'a@b.example', purpose: 'commercial' }
    expect(await store.upsert([v({ ...a, status: 'opt-in', time: T0 + 1000 })])).toMatchObject({ created: 1 })
    await expect(store.upsert([v({ ...a, status: 'opt-out', time: T0 + 2000 })])).rejects.toMatchObject({
      code: 'invalid-reading',
      message: expect.stringContaining("outside the ledger's writer lock"),
    })
    expect(await store.get('email', 'a@b.example', 'commercial')).toMatchObject({ status: 'opt-in', reason: 'outsider' })
    expect(await gapless(url)).toMatchObject({ n: 1, max: 1, meta: 1, records: 1 })
    await store.close()
    await outsider.end()
  })

  it('two CLI imports at once into one database lose nothing', async () => {
    const url = await database('together')
    writeFileSync(join(dir, 'a.csv'), table(8000, 5000))
    writeFileSync(join(dir, 'b.csv'), table(8000, 5000, 8000))
    const [a, b] = await Promise.all([run('import', 'a.csv', '--database', url, '--batch-size', '500', '--json'), run('import', 'b.csv', '--database', url, '--batch-size', '500', '--json')])
    expect([a.code, b.code, a.stderr, b.stderr]).toEqual([0, 0, '', ''])
    // 16,000 distinct rows over 5,000 subjects: every row is in history once, numbered 1..N.
    expect(await gapless(url)).toMatchObject({ records: 5000, n: 16_000, max: 16_000, distinct_rows: 16_000, meta: 16_000 })
    // Each subject ends on its latest row, whichever import carried it (row i has time T0 + i s).
    const latest = new Map<string, number>()
    for (const offset of [0, 8000]) {
      for (let i = 0; i < 8000; i++) {
        const key = `p${(i + offset) % 5000}@example.com`
        latest.set(key, Math.max(latest.get(key) ?? 0, T0 + i * 1000))
      }
    }
    const pool = new pg.Pool({ connectionString: url })
    const { rows } = await pool.query(`SELECT contact_point, time FROM consentry_record`)
    await pool.end()
    expect(rows.filter((r) => Number(r.time) !== latest.get(r.contact_point))).toEqual([])
  })

  it('kill -9 in the middle of an import, then a re-run: no duplicate and no gap in history', async () => {
    const url = await database('crash')
    const clean = await database('clean')
    writeFileSync(join(dir, 'big.csv'), table(40_000, 10_000))
    const child = spawn(process.execPath, [cli, 'import', 'big.csv', '--database', url, '--batch-size', '1000', '--quiet'], { cwd: dir, stdio: 'ignore' })
    const pool = new pg.Pool({ connectionString: url })
    for (let i = 0; i < 600 && child.exitCode === null; i++) {
      await new Promise((r) => setTimeout(r, 100))
      const seq = await pool.query(`SELECT value::int AS v FROM consentry_meta WHERE key = 'seq'`).catch(() => ({ rows: [{ v: 0 }] }))
      if (seq.rows[0].v >= 5000) break
    }
    expect(child.exitCode).toBe(null) // still importing
    const exited = new Promise((r) => child.once('exit', r))
    child.kill('SIGKILL')
    await exited
    await pool.end()
    const partial = await gapless(url)
    expect(partial.n).toBeGreaterThan(0)
    expect(partial.n).toBeLessThan(40_000)
    expect(partial).toMatchObject({ max: partial.n, meta: partial.n, distinct_rows: partial.n })
    expect((await run('import', 'big.csv', '--database', url, '--quiet')).code).toBe(0)
    expect((await run('import', 'big.csv', '--database', clean, '--quiet')).code).toBe(0)
    const after = await gapless(url)
    expect(after).toMatchObject({ records: 10_000, n: 40_000, max: 40_000, meta: 40_000, distinct_rows: 40_000 })
    expect(after).toEqual(await gapless(clean))
  })
})
