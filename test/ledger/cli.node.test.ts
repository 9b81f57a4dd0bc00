// Runs the built executable (npm test builds first) the way a user would.
import { execFile } from 'node:child_process'
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'

const cli = fileURLToPath(new URL('../../dist/ledger/cli.js', import.meta.url))
const fixture = (name: string) => fileURLToPath(new URL(`../fixtures/ledger/${name}`, import.meta.url))
const pkg = JSON.parse(readFileSync(new URL('../../package.json', import.meta.url), 'utf8')) as { bin: Record<string, string>; exports: Record<string, unknown> }

let dir: string
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'consentry-ledger-cli-'))
})
afterEach(() => rmSync(dir, { recursive: true, force: true }))

function run(...args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    execFile(process.execPath, [cli, ...args], { cwd: dir }, (error, stdout, stderr) => {
      resolve({ code: error ? (typeof error.code === 'number' ? error.code : -1) : 0, stdout, stderr })
    })
  })
}

describe('consentry-ledger', () => {
  it('is the package bin, starts with a node shebang and is not an importable export', () => {
    expect(pkg.bin['consentry-ledger']).toBe('./dist/ledger/cli.js')
    expect(readFileSync(cli, 'utf8').startsWith('#!/usr/bin/env node\n')).toBe(true)
    expect(Object.keys(pkg.exports).some((key) => key.includes('cli'))).toBe(false)
  })

  it('imports the seed table into a JSON file and answers checks with exit codes', async () => {
    const imported = await run('import', fixture('seed-000.csv'), '--profile', fixture('profile.json'))
    expect(imported).toMatchObject({ code: 0, stderr: '' })
    expect(imported.stdout).toContain('read 4, imported 4, updated 0, unchanged 0, stale 0, rejected 0, conflicts 0')
    expect(existsSync(join(dir, 'consentry-ledger.json'))).toBe(true)
    expect(readFileSync(join(dir, 'consentry-ledger.json.history.ndjson'), 'utf8').trim().split('\n')).toHaveLength(4)

    const frank = await run('check', 'Frank@Contoso.com', 'commercial', 'Newsletter')
    expect(frank.code).toBe(0)
    expect(frank.stdout).toMatch(/^allowed: opt-in record 3 for topic "newsletter"/)
    const holly = await run('check', 'holly@contoso.com', 'Newsletter', '--json')
    expect(holly.code).toBe(1)
    expect(JSON.parse(holly.stdout)).toMatchObject({ allowed: false, reason: 'record', record: { id: '1' } })
    const sms = await run('check', '+1 555 0100', 'commercial', '--channel', 'sms')
    expect(sms).toMatchObject({ code: 1 })
    expect(sms.stdout).toContain('sms needs an explicit opt-in record')

    const segment = await run('query', 'Newsletter')
    expect(segment).toMatchObject({ code: 0, stdout: 'frank@contoso.com\n' })
    expect((await run('query', 'Newsletter', '--value', 'false')).stdout).toBe('holly@contoso.com\n')
    expect(await run('query', 'Loyalty')).toMatchObject({ code: 3, stderr: expect.stringContaining('has no purpose or topic "Loyalty"') })

    // Re-importing is idempotent and the state (with its profile) persists between runs.
    const again = await run('import', fixture('seed-000.csv'), '--json')
    expect(JSON.parse(again.stdout)).toMatchObject({ read: 4, imported: 0, unchanged: 4 })
  })

  it('maps columns, lists rejected rows on stderr and exits 1', async () => {
    const file = join(dir, 'crm.csv')
    writeFileSync(file, 'address,purpose,allowed\nann@contoso.com,commercial,no\nbad,commercial,yes\n')
    const result = await run('import', file, '--map', 'contactPoint=address,option=purpose', '--map', 'value=allowed', '--state', 'crm.json')
    expect(result.code).toBe(1)
    expect(result.stdout).toContain('imported 1')
    expect(result.stderr).toContain('rejected line 3, column "address": is not a valid contact point for its channel ("bad")')
    expect((await run('check', 'ann@contoso.com', 'commercial', '--state', 'crm.json')).code).toBe(1)
  })

  it('prints a progress line for large files', async () => {
    const file = join(dir, 'big.csv')
    const rows = Array.from({ length: 100_000 }, (_, i) => `${i},p${i % 5000}@example.com,Commercial,${i % 2 ? 'True' : 'False'}`)
    writeFileSync(file, `Consent ID,Email,Consent option,Consent value\n${rows.join('\n')}\n`)
    const result = await run('import', file, '--json')
    expect(result.code).toBe(0)
    expect(result.stderr).toMatch(/consentry-ledger: 100,000 rows read, 100% of [\d,]+ bytes, [\d,]+ rows\/s/)
    expect(JSON.parse(result.stdout)).toMatchObject({ read: 100_000, rejected: 0 })
  }, 60_000)

  it('exits 2 on usage errors and 3 when it cannot run, with a clear message', async () => {
    expect(await run()).toMatchObject({ code: 2, stderr: expect.stringContaining('no command given') })
    expect(await run('import')).toMatchObject({ code: 2, stderr: expect.stringContaining('import takes exactly one file') })
    expect(await run('import', 'x.csv', '--map', 'email=Mail')).toMatchObject({ code: 2, stderr: expect.stringContaining('--map takes field=Column') })
    expect(await run('check', 'a@b.example', 'commercial', '--channel', 'fax')).toMatchObject({ code: 2 })
    expect(await run('import', 'missing.csv')).toMatchObject({ code: 3, stderr: 'consentry-ledger: cannot read "missing.csv": no such file\n' })
    const noColumn = join(dir, 'wrong.csv')
    writeFileSync(noColumn, 'Mail,Option,Value\n')
    expect(await run('import', noColumn)).toMatchObject({ code: 3, stderr: expect.stringContaining('column "Email" (contactPoint) is not in the header') })
    const nothing = await run('check', 'a@b.example', 'commercial')
    expect(nothing).toMatchObject({ code: 0, stderr: expect.stringContaining('no ledger at consentry-ledger.json') })
    expect(nothing.stdout).toContain('non-restrictive and has no opt-out record')
    const help = await run('--help')
    expect(help.code).toBe(0)
    expect(help.stdout).toContain('Exit codes')
  })
})
