// Runs the built executable (npm test builds first) the way a user would: on the embedded PGlite
// database (a data directory, no server), and on a PostgreSQL server for the commands whose rules
// do not depend on the database. A command opening PGlite starts a whole embedded server first
// (about 1.5 s of one core, three times that on a loaded two-core machine: the file took over two
// minutes when every command used it); one on a server takes a connection.
import { execFile } from 'node:child_process'
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { startPostgres } from '../tools/postgres-cluster.mjs'

const cli = fileURLToPath(new URL('../../dist/ledger/cli.js', import.meta.url))
const fixture = (name: string) => fileURLToPath(new URL(`../fixtures/ledger/${name}`, import.meta.url))
const pkg = JSON.parse(readFileSync(new URL('../../package.json', import.meta.url), 'utf8')) as { bin: Record<string, string>; exports: Record<string, unknown> }
const AS_OF = '2025-01-01T00:00:00Z'

let dir: string
let server: Awaited<ReturnType<typeof startPostgres>> | undefined
beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'consentry-ledger-cli-'))
  server = await startPostgres({ fsync: false })
}, 120_000)
afterAll(() => {
  server?.stop()
  rmSync(dir, { recursive: true, force: true })
}, 120_000)

const database = (name: string) => server!.database(name)

function run(...args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    execFile(process.execPath, [cli, ...args], { cwd: dir, env: { ...process.env, DATABASE_URL: '' } }, (error, stdout, stderr) => {
      resolve({ code: error ? (typeof error.code === 'number' ? error.code : -1) : 0, stdout, stderr })
    })
  })
}

// Each command opens PGlite (about 1.5 s of one core): on a loaded two-core machine the seed test's
// thirteen commands took over two minutes.
/** The seed table's two records for Holly, in history order, from the `history` command. */
async function expectHollysHistory(database: string) {
  const lines = (await run('history', 'HOLLY@contoso.com', '--database', database)).stdout.trim().split('\n')
  expect(lines.map((line) => JSON.parse(line)).map((h) => [h.seq, h.outcome, h.record.topic])).toEqual([
    [1, 'created', 'newsletter'],
    [2, 'created', 'product-updates'],
  ])
}

describe('consentry-ledger on PGlite', { timeout: 300_000 }, () => {
  it('is the package bin, starts with a node shebang and is not an importable export', () => {
    expect(pkg.bin['consentry-ledger']).toBe('./dist/ledger/cli.js')
    expect(readFileSync(cli, 'utf8').startsWith('#!/usr/bin/env node\n')).toBe(true)
    expect(Object.keys(pkg.exports).some((key) => key.includes('cli'))).toBe(false)
  })

  // The commands of one data directory run one after another (a directory serves one process at a time).
  it.concurrent('keeps its database in a data directory by default: import, check and history', async () => {
    const imported = await run('import', fixture('seed-000.csv'), '--profile', fixture('profile.json'), '--as-of', AS_OF, '--database', 'seed')
    expect(imported).toMatchObject({ code: 0, stderr: '' })
    expect(imported.stdout).toContain('read 4, imported 4, updated 0, unchanged 0, stale 0, rejected 0, conflicts 0')
    expect(existsSync(join(dir, 'seed', 'PG_VERSION'))).toBe(true)
    const frank = await run('check', 'Frank@Contoso.com', 'commercial', 'Newsletter', '--database', 'seed')
    expect(frank.code).toBe(0)
    expect(frank.stdout).toMatch(/^allowed: opt-in record 3 for topic "newsletter"/)
    await expectHollysHistory('seed')
  })

  it.concurrent('fails closed: a missing database is exit 3 and never "allowed"', async () => {
    for (const command of [['check', 'a@b.example', 'commercial'], ['query', 'commercial'], ['history', 'a@b.example'], ['export']]) {
      const result = await run(...command, '--database', 'no-such-dir')
      expect(result.code).toBe(3)
      expect(result.stdout).toBe('')
      expect(result.stderr).toContain('no ledger database at')
    }
    expect(existsSync(join(dir, 'no-such-dir'))).toBe(false)
    // A first import whose header cannot be read creates no database on the way to its error.
    const file = join(dir, 'misnamed.csv')
    writeFileSync(file, 'Email,Consent option,Consent value\na@b.example,commercial,yes\n')
    expect(await run('import', file, '--map', 'time=Changed at', '--database', 'never-made')).toMatchObject({ code: 2, stderr: expect.stringContaining('column "Changed at" not in the header') })
    expect(existsSync(join(dir, 'never-made'))).toBe(false)
    const url = await run('check', 'a@b.example', 'commercial', '--database', 'postgres://nobody@127.0.0.1:1/none')
    expect(url).toMatchObject({ code: 3, stdout: '' })
  })
})

describe('consentry-ledger on a PostgreSQL server', { timeout: 300_000 }, () => {
  it.concurrent('imports the seed table, answers checks, queries, history and export', async () => {
    const seed = database('seed')
    const imported = await run('import', fixture('seed-000.csv'), '--profile', fixture('profile.json'), '--as-of', AS_OF, '--database', seed)
    expect(imported).toMatchObject({ code: 0, stderr: '' })
    expect(imported.stdout).toContain('read 4, imported 4, updated 0, unchanged 0, stale 0, rejected 0, conflicts 0')

    const frank = await run('check', 'Frank@Contoso.com', 'commercial', 'Newsletter', '--database', seed)
    expect(frank.code).toBe(0)
    expect(frank.stdout).toMatch(/^allowed: opt-in record 3 for topic "newsletter"/)
    const holly = await run('check', 'holly@contoso.com', 'Newsletter', '--json', '--database', seed)
    expect(holly.code).toBe(1)
    expect(JSON.parse(holly.stdout)).toMatchObject({ allowed: false, reason: 'record', record: { id: '1' } })
    const sms = await run('check', '+1 555 010 0100', 'commercial', '--channel', 'SMS', '--database', seed)
    expect(sms).toMatchObject({ code: 1 })
    expect(sms.stdout).toContain('sms needs an explicit opt-in record')

    expect(await run('query', 'Newsletter', '--database', seed)).toMatchObject({ code: 0, stdout: 'frank@contoso.com\n' })
    expect((await run('query', 'Newsletter', '--value', 'false', '--database', seed)).stdout).toBe('holly@contoso.com\n')
    expect(await run('query', 'Loyalty', '--database', seed)).toMatchObject({ code: 2, stderr: expect.stringContaining('has no purpose or topic "Loyalty"') })

    // Re-importing is idempotent and the profile persists in the database.
    const again = await run('import', fixture('seed-000.csv'), '--json', '--as-of', AS_OF, '--database', seed)
    expect(JSON.parse(again.stdout)).toMatchObject({ read: 4, imported: 0, unchanged: 4 })

    await expectHollysHistory(seed)
    const csv = await run('export', '--format', 'csv', '--database', seed)
    expect(csv.stdout.split('\n')[0]).toBe('id,contactPoint,channel,purpose,topic,status,time,source,reason,reasonDescription,origin,requestedBy,legalBasis,policyVersion,messageId')
    expect(csv.stdout.trim().split('\n')).toHaveLength(5)
    const ndjson = (await run('export', '--database', seed)).stdout
      .trim()
      .split('\n')
      .map((line) => JSON.parse(line))
    expect(ndjson[0]).toMatchObject({ contactPoint: 'frank@contoso.com', time: AS_OF.replace('Z', '.000Z') })
  })

  it.concurrent('migrates a JSON state file of the earlier version once', async () => {
    const migrated = database('migrated')
    const state = join(dir, 'old.json')
    const record = {
      id: '9',
      contactPoint: '15550100200',
      channel: 'sms',
      purpose: 'commercial',
      status: 'opt-out',
      source: 'import',
      reason: 'no-reason',
      reasonDescription: '',
      time: Date.UTC(2024, 0, 1),
      origin: 'import',
    }
    writeFileSync(state, JSON.stringify({ version: 1, historyLength: 1, profile: null, entries: [{ record }] }))
    writeFileSync(`${state}.history.ndjson`, JSON.stringify({ seq: 1, at: Date.UTC(2024, 0, 1), outcome: 'created', record }) + '\n')
    expect(await run('migrate', state, '--database', migrated)).toMatchObject({ code: 0, stdout: expect.stringContaining('migrated 1 records and 1 history lines') })
    expect((await run('check', '+1 555 010 0200', 'commercial', '--channel', 'sms', '--database', migrated)).stdout).toContain('opt-out record 9')
    expect(await run('migrate', state, '--database', migrated)).toMatchObject({ code: 3, stderr: expect.stringContaining('empty database') })
  })

  it.concurrent('exits 2 naming an unknown flag or a mapped column the header lacks; help lists the exit codes', async () => {
    const usage = database('usage')
    expect(await run('query', 'Newsletter', '--vlaue', 'false', '--database', usage)).toMatchObject({ code: 2, stdout: '', stderr: expect.stringContaining('unknown flag "--vlaue"') })
    expect(await run('check', 'a@b.example', 'commercial', '--state', 'x.json')).toMatchObject({ code: 2, stderr: expect.stringContaining('unknown flag "--state"') })
    expect(await run()).toMatchObject({ code: 2, stderr: expect.stringContaining('no command given') })
    expect(await run('import')).toMatchObject({ code: 2, stderr: expect.stringContaining('import takes exactly one file') })
    expect(await run('import', 'x.csv', '--map', 'email=Mail')).toMatchObject({ code: 2, stderr: expect.stringContaining('--map takes field=Column') })
    expect(await run('check', 'a@b.example', 'commercial', '--channel', 'fax')).toMatchObject({ code: 2 })
    const file = join(dir, 'mapped.csv')
    writeFileSync(file, 'Email,Consent option,Consent value\na@b.example,commercial,yes\n')
    expect(await run('import', file, '--map', 'time=Changed at', '--database', usage)).toMatchObject({ code: 2, stderr: expect.stringContaining('column "Changed at" not in the header') })
    expect(await run('import', 'missing.csv')).toMatchObject({ code: 3, stderr: 'consentry-ledger: cannot read "missing.csv": no such file\n' })
    const empty = join(dir, 'empty.csv')
    writeFileSync(empty, '\uFEFF\n')
    expect(await run('import', empty, '--database', usage)).toMatchObject({ code: 3, stderr: expect.stringContaining('the table is empty') })
    const help = await run('--help')
    expect(help.code).toBe(0)
    expect(help.stdout).toMatch(/Exit codes \(every command\): 0 ok \/ allowed, 1 rows rejected \/ not allowed, 2 usage error,\s+3 cannot run/)
  })

  it.concurrent('rejects undated rows without --as-of, and an undated row never overrides a newer dated opt-out', async () => {
    const undatedDb = database('undated')
    const dated = join(dir, 'dated.csv')
    writeFileSync(dated, 'Email,Consent option,Consent value,Date\nann@contoso.com,commercial,no,2025-03-01T00:00:00Z\n')
    expect((await run('import', dated, '--database', undatedDb)).code).toBe(0)
    const undated = join(dir, 'undated.csv')
    writeFileSync(undated, 'Email,Consent option,Consent value\nann@contoso.com,commercial,yes\n')
    const refused = await run('import', undated, '--database', undatedDb)
    expect(refused).toMatchObject({ code: 1, stderr: expect.stringContaining('has no date') })
    const older = await run('import', undated, '--as-of', '2025-02-01T00:00:00Z', '--json', '--database', undatedDb)
    expect(JSON.parse(older.stdout)).toMatchObject({ stale: 1, updated: 0 })
    expect((await run('check', 'ann@contoso.com', 'commercial', '--database', undatedDb)).code).toBe(1)
  })
})
