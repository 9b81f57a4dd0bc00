// Runs the built executable: read commands never write (the profile included), a writer never
// replaces a saved profile unnoticed, history finds every channel's records, and flags are given
// once. These rules do not depend on the database, so the commands run against a throwaway
// PostgreSQL server: a command opening PGlite starts a whole embedded server first (about a second
// of CPU each), and test/ledger/cli.node.test.ts already drives the CLI end to end on PGlite.
import { execFile } from 'node:child_process'
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { startPostgres } from '../tools/postgres-cluster.mjs'

const cli = fileURLToPath(new URL('../../dist/ledger/cli.js', import.meta.url))
let dir: string
let server: Awaited<ReturnType<typeof startPostgres>> | undefined
let db = ''
// One database for the file: every test here works whatever the others imported (their contact
// points differ) and whichever of the two profiles is saved (both have the Commercial purpose).
beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'consentry-ledger-read-only-'))
  server = await startPostgres({ fsync: false })
  db = server.url
  expect(await run('import', file('t.csv', TABLE), '--database', db, '--profile', file('strict.json', profile('eu', 'restrictive')), '--quiet')).toMatchObject({ code: 0 })
}, 120_000)
afterAll(() => {
  server?.stop()
  rmSync(dir, { recursive: true, force: true })
}, 120_000)

function run(...args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    execFile(process.execPath, [cli, ...args], { cwd: dir, env: { ...process.env, DATABASE_URL: '' } }, (error, stdout, stderr) => {
      resolve({ code: error ? (typeof error.code === 'number' ? error.code : -1) : 0, stdout, stderr })
    })
  })
}
const file = (name: string, text: string) => {
  writeFileSync(join(dir, name), text)
  return join(dir, name)
}
const TABLE = 'Email,Consent option,Consent value,Date\nann@contoso.com,Commercial,True,2025-03-01T09:00:00Z\n'
const profile = (id: string, enforcement: string) =>
  JSON.stringify({
    id,
    name: id,
    purposes: [
      { id: 'commercial', name: 'Commercial', type: 'commercial', enforcement },
      { id: 'transactional', name: 'Transactional', type: 'transactional', enforcement: 'disabled' },
    ],
  })

describe('consentry-ledger reads without writing', { timeout: 300_000 }, () => {
  it('read commands take no --profile, and a writer replaces a different saved profile only with --replace-profile, reporting it', async () => {
    // The database holds the strict profile (beforeAll).
    const [strict, table] = [join(dir, 'strict.json'), join(dir, 't.csv')]
    const lax = file('lax.json', profile('us', 'non-restrictive'))
    const check = ['check', 'holly@contoso.com', 'Commercial', '--database', db] as const
    expect((await run(...check)).stdout).toContain('restrictive and has no opt-in record')
    for (const read of [[...check], ['query', 'Commercial', '--database', db], ['history', 'holly@contoso.com', '--database', db], ['export', '--database', db]]) {
      expect(await run(...read, '--profile', lax)).toMatchObject({ code: 2, stdout: '', stderr: expect.stringContaining('--profile is for import and migrate') })
    }
    // The same profile again is fine and silent; a different one is refused, the database unchanged.
    expect(await run('import', table, '--database', db, '--profile', strict, '--quiet')).toMatchObject({ code: 0, stderr: '' })
    expect(await run('import', table, '--database', db, '--profile', lax, '--quiet')).toMatchObject({ code: 2, stderr: expect.stringContaining('add --replace-profile') })
    expect(await run(...check)).toMatchObject({ code: 1, stdout: expect.stringContaining('restrictive and has no opt-in record') })
    const replaced = await run('import', table, '--database', db, '--profile', lax, '--replace-profile', '--quiet')
    expect(replaced).toMatchObject({ code: 0, stderr: expect.stringContaining(`replaced the database's compliance profile "eu" with "us"`) })
    expect(await run(...check)).toMatchObject({ code: 0, stdout: expect.stringContaining('non-restrictive') })
  })

  it("history finds every channel's records for a contact point (a custom address that looks like a mixed-case email), or one channel with --channel", async () => {
    const table = file(
      'custom.csv',
      'Email,Consent option,Consent value,Date,Channel\nFrank@Contoso.com,Commercial,False,2025-03-01T09:00:00Z,custom\nfrank@contoso.com,Commercial,True,2025-03-02T09:00:00Z,email\n',
    )
    expect(await run('import', table, '--database', db, '--map', 'channel=Channel', '--quiet')).toMatchObject({ code: 0 })
    const lines = (text: string) =>
      text
        .trim()
        .split('\n')
        .filter(Boolean)
        .map((line) => JSON.parse(line) as { seq: number; record: { channel: string; contactPoint: string } })
    const all = lines((await run('history', 'Frank@Contoso.com', '--database', db)).stdout)
    expect(all.map((l) => [l.record.channel, l.record.contactPoint])).toEqual([
      ['custom', 'Frank@Contoso.com'],
      ['email', 'frank@contoso.com'],
    ])
    expect(all.map((l) => l.seq)).toEqual([...all.map((l) => l.seq)].sort((a, b) => a - b))
    expect(lines((await run('history', 'Frank@Contoso.com', '--channel', 'custom', '--database', db)).stdout).map((l) => l.record.channel)).toEqual(['custom'])
    // The lower-case spelling is an email and a different custom address: only the email's lines.
    expect(lines((await run('history', 'frank@contoso.com', '--database', db)).stdout).map((l) => l.record.channel)).toEqual(['email'])
  })

  it('exits 2 for a single-value flag given twice and for a query option the profile lacks', async () => {
    for (const [name, ...args] of [
      ['--channel', 'check', 'a@b.example', 'commercial', '--channel', 'sms', '--channel', 'email'],
      ['--as-of', 'import', 'x.csv', '--as-of', '2025-01-01T00:00:00Z', '--as-of', '2024-01-01T00:00:00Z'],
      ['--format', 'export', '--format', 'csv', '--format=ndjson'],
      ['--database', 'check', 'a@b.example', 'commercial', '--database', 'a', '--database', 'b'],
    ]) {
      expect(await run(...args), args.join(' ')).toMatchObject({ code: 2, stderr: expect.stringContaining(`${name} is given more than once`) })
    }
    const table = file('q.csv', 'Email,Consent option,Consent value,Date\nholly@contoso.com,Commercial,False,2025-03-01T09:00:00Z\n')
    expect(await run('import', table, '--database', db, '--quiet', '--map', 'time=Date', '--map', 'value=Consent value')).toMatchObject({ code: 0 })
    expect(await run('query', 'Comercial', '--database', db)).toMatchObject({ code: 2, stderr: expect.stringContaining('has no purpose or topic "Comercial"') })
  })
})
