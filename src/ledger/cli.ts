// consentry-ledger: import consent tables into a JSON-file ledger and check contact points.
// Exit codes: 0 ok / allowed, 1 rows rejected / not allowed, 2 usage error, 3 cannot run.
import { createReadStream, existsSync } from 'node:fs'
import { readFile, stat } from 'node:fs/promises'
import { canContact } from './can-contact.js'
import { CHANNELS } from './create-ledger.js'
import { queryContactPoints } from './query-contact-points.js'
import { resolveSubject } from './resolve-subject.js'
import { createTableImporter, FIELDS as TABLE_FIELDS } from './import-table.js'
import type { ColumnMapping, ImportReport } from './import-table.js'
import { createJsonFileStore } from './json-file-store.js'
import { openLedger } from './open-ledger.js'
import type { Channel, ComplianceProfile } from './types.js'

const USAGE = `Usage:
  consentry-ledger import <file> [--map field=Column,...] [--format csv|json] [--channel email|sms|custom]
                                 [--origin name] [--source name] [--profile profile.json] [--state ledger.json] [--json]
  consentry-ledger check <contact point> <purpose> [topic] [--channel email|sms|custom] [--profile profile.json]
                                 [--state ledger.json] [--json]
  consentry-ledger query <option> [--value true|false] [--channel email|sms|custom] [--state ledger.json]
                                 (contact points whose answer for the purpose/topic is --value, one a line)

Fields for --map: id, contactPoint, option, value, time, channel, source, reason, reasonDescription
  (defaults: id="Consent ID" contactPoint=Email option="Consent option" value="Consent value" time=Date)
State defaults to ./consentry-ledger.json (history is appended to <state>.history.ndjson).
Exit codes: 0 ok / allowed, 1 rows rejected / not allowed, 2 usage error, 3 cannot run.`

class UsageError extends Error {}

interface Parsed {
  positional: string[]
  flags: Map<string, string[]>
}

const BOOLEAN_FLAGS = new Set(['json', 'help', 'quiet'])

function parseArgs(argv: readonly string[]): Parsed {
  const positional: string[] = []
  const flags = new Map<string, string[]>()
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i]!
    if (arg === '-h') flags.set('help', ['true'])
    else if (arg.startsWith('--')) {
      const [name, inline] = arg.slice(2).split(/=(.*)/s, 2) as [string, string | undefined]
      let value = inline
      if (BOOLEAN_FLAGS.has(name)) value ??= 'true'
      else if (value === undefined) {
        value = argv[++i]
        if (value === undefined) throw new UsageError(`--${name} needs a value`)
      }
      flags.set(name, [...(flags.get(name) ?? []), value])
    } else positional.push(arg)
  }
  return { positional, flags }
}

const one = (p: Parsed, name: string) => p.flags.get(name)?.at(-1)

function channelOf(p: Parsed): Channel | undefined {
  const value = one(p, 'channel')
  if (value === undefined) return undefined
  if (!CHANNELS.includes(value)) throw new UsageError(`--channel must be email, sms or custom, got "${value}"`)
  return value as Channel
}

const FIELDS = new Set<string>(TABLE_FIELDS)

function mappingOf(p: Parsed): ColumnMapping {
  const columns: Record<string, string> = {}
  for (const spec of p.flags.get('map') ?? []) {
    for (const pair of spec.split(',')) {
      const at = pair.indexOf('=')
      const field = pair.slice(0, at).trim()
      if (at < 1 || !FIELDS.has(field)) throw new UsageError(`--map takes field=Column pairs with field one of ${[...FIELDS].join(', ')}; got "${pair}"`)
      columns[field] = pair.slice(at + 1).trim()
    }
  }
  return columns
}

async function profileOf(p: Parsed): Promise<ComplianceProfile | undefined> {
  const path = one(p, 'profile')
  if (path === undefined) return undefined
  const profile = JSON.parse(await readFile(path, 'utf8')) as ComplianceProfile
  if (!profile || !Array.isArray(profile.purposes)) throw new Error(`${path} is not a compliance profile (needs a "purposes" array)`)
  return profile
}

const fmt = (n: number) => n.toLocaleString('en-US')

async function runImport(p: Parsed, out: (line: string) => void, err: (line: string) => void): Promise<number> {
  const file = p.positional[1]
  if (!file || p.positional.length > 2) throw new UsageError('import takes exactly one file')
  const format = one(p, 'format')
  if (format !== undefined && format !== 'csv' && format !== 'json') throw new UsageError(`--format must be csv or json, got "${format}"`)
  const columns = mappingOf(p)
  const channel = channelOf(p)
  const size = await stat(file).then(
    (s) => s.size,
    (error: NodeJS.ErrnoException) => {
      throw new Error(`cannot read "${file}": ${error.code === 'ENOENT' ? 'no such file' : error.message}`)
    },
  )
  const { ledger, commit, flushHistory } = await openLedger(createJsonFileStore(one(p, 'state') ?? 'consentry-ledger.json'), {
    profile: await profileOf(p),
  })
  const started = performance.now()
  const tty = process.stderr.isTTY === true
  let read = 0
  const progress = (report: ImportReport, done = false) => {
    const seconds = (performance.now() - started) / 1000
    const line = `consentry-ledger: ${fmt(report.read)} rows read, ${Math.round((read / size) * 100)}% of ${fmt(size)} bytes, ${fmt(Math.round(report.read / Math.max(seconds, 0.001)))} rows/s`
    if (one(p, 'quiet') === undefined) err(tty && !done ? `\r${line}` : line)
  }
  const importer = createTableImporter(ledger, {
    columns,
    format,
    channel,
    origin: one(p, 'origin'),
    source: one(p, 'source'),
    onProgress: (report) => progress(report),
  })
  for await (const chunk of createReadStream(file, { encoding: 'utf8', highWaterMark: 1 << 16 })) {
    read += Buffer.byteLength(chunk as string)
    importer.push(chunk as string)
    // Backpressure: the history file must keep up, or memory would grow with rows.
    await flushHistory()
  }
  const report = importer.end()
  await commit()
  if (report.read >= 100_000) progress(report, true)
  if (one(p, 'json') !== undefined) out(JSON.stringify(report))
  else {
    out(
      `read ${fmt(report.read)}, imported ${fmt(report.imported)}, updated ${fmt(report.updated)}, unchanged ${fmt(report.unchanged)}, ` +
        `stale ${fmt(report.stale)}, rejected ${fmt(report.rejected)}, conflicts ${fmt(report.conflicts)}`,
    )
    for (const error of report.errors.slice(0, 20)) err(`rejected ${error.message}`)
    if (report.rejected > 20) err(`... and ${fmt(report.rejected - 20)} more rejected rows (use --json for the first 1000)`)
  }
  return report.rejected > 0 ? 1 : 0
}

async function runCheck(p: Parsed, out: (line: string) => void, err: (line: string) => void): Promise<number> {
  const [, contactPoint, purpose, topic, ...extra] = p.positional
  if (!contactPoint || !purpose || extra.length) throw new UsageError('check takes <contact point> <purpose> [topic]')
  const state = one(p, 'state') ?? 'consentry-ledger.json'
  // An answer from defaults alone is legitimate but rarely what was meant: say so.
  if (!existsSync(state)) err(`consentry-ledger: no ledger at ${state}; answering from the profile's enforcement defaults`)
  const { ledger } = await openLedger(createJsonFileStore(state), { profile: await profileOf(p) })
  const answer = canContact(ledger, { contactPoint, purpose, topic, channel: channelOf(p) ?? 'email' })
  out(one(p, 'json') !== undefined ? JSON.stringify(answer) : `${answer.allowed ? 'allowed' : 'not allowed'}: ${answer.explanation}`)
  return answer.allowed ? 0 : 1
}

async function runQuery(p: Parsed, out: (line: string) => void): Promise<number> {
  const [, option, ...extra] = p.positional
  if (!option || extra.length) throw new UsageError('query takes <option> (a purpose or topic)')
  const value = one(p, 'value') ?? 'true'
  if (value !== 'true' && value !== 'false') throw new UsageError(`--value must be true or false, got "${value}"`)
  const { ledger } = await openLedger(createJsonFileStore(one(p, 'state') ?? 'consentry-ledger.json'), { profile: await profileOf(p) })
  if (!resolveSubject(ledger.profile, option)) throw new Error(`profile "${ledger.profile.id}" has no purpose or topic "${option}"`)
  for (const contactPoint of queryContactPoints(ledger, { option, value: value === 'true', channel: channelOf(p) })) out(contactPoint)
  return 0
}

/**
 * Runs the command line with `argv` (without node and script) and returns the exit code. Output
 * goes through `out` (results) and `err` (progress, rejected rows, errors).
 */
export async function main(
  argv: readonly string[],
  out: (line: string) => void = (line) => process.stdout.write(`${line}\n`),
  err: (line: string) => void = (line) => process.stderr.write(line.startsWith('\r') ? line : `${line}\n`),
): Promise<number> {
  try {
    const parsed = parseArgs(argv)
    const command = parsed.positional[0]
    if (parsed.flags.has('help') || command === 'help') {
      out(USAGE)
      return 0
    }
    if (command === 'import') return await runImport(parsed, out, err)
    if (command === 'check') return await runCheck(parsed, out, err)
    if (command === 'query') return await runQuery(parsed, out)
    throw new UsageError(command ? `unknown command "${command}"` : 'no command given')
  } catch (error) {
    if (error instanceof UsageError) {
      err(`consentry-ledger: ${error.message}\n\n${USAGE}`)
      return 2
    }
    const message = error instanceof Error ? error.message : String(error)
    err(`consentry-ledger: ${message}`)
    return 3
  }
}
