// The consentry-ledger commands. Every one opens the database the same way and fails closed: a
// missing database is exit 3, never an answer from defaults.
import { createReadStream } from 'node:fs'
import { open, readFile, stat } from 'node:fs/promises'
import type { CountryCode } from 'libphonenumber-js/min'
import { one, UsageError } from './cli-args.js'
import type { Parsed } from './cli-args.js'
import { canContact, readerOf } from './can-contact.js'
import type { LedgerStore } from './create-sql-store.js'
import { FIELDS, tableRecords } from './import-table.js'
import type { ColumnMapping, ImportOptions, ImportReport } from './import-table.js'
import { importIntoStore } from './import-into-store.js'
import { ledgerError } from './ledger-error.js'
import { migrateJsonState } from './migrate-json-state.js'
import { normalizeContactPoint } from './normalize-contact-point.js'
import { checkTimezone, TIME_FORMATS } from './parse-time.js'
import type { TimeFormat } from './parse-time.js'
import { openDatabase } from './open-database.js'
import { resolveSubject } from './resolve-subject.js'
import type { Channel, ComplianceProfile, ConsentRecord, HistoryEntry, LedgerEntry } from './types.js'
import { channelOf } from './validate-record.js'
import { sameProfile, validateProfile } from './validate-profile.js'

type Out = (line: string) => void

const fmt = (n: number) => n.toLocaleString('en-US')

function channelFlag(p: Parsed): Channel | undefined {
  const value = one(p, 'channel')
  if (value === undefined) return undefined
  const channel = channelOf(value)
  if (!channel) throw new UsageError(`--channel must be email, sms or custom, got "${value}"`)
  return channel
}

function regionFlag(p: Parsed): CountryCode | undefined {
  const value = one(p, 'default-region')
  if (value === undefined) return undefined
  if (!/^[A-Za-z]{2}$/.test(value)) throw new UsageError(`--default-region takes a two-letter region (GB, US, DE), got "${value}"`)
  return value.toUpperCase() as CountryCode
}

function positional(p: Parsed, min: number, max: number, usage: string): string[] {
  if (p.positional.length < min || p.positional.length > max) throw new UsageError(`${p.command} takes ${usage}`)
  return p.positional
}

async function profileOf(p: Parsed): Promise<ComplianceProfile | undefined> {
  const path = one(p, 'profile')
  if (path === undefined) return undefined
  let text: string
  try {
    text = await readFile(path, 'utf8')
  } catch (error) {
    throw new Error(`cannot read the profile ${path}: ${(error as Error).message}`)
  }
  try {
    return validateProfile(JSON.parse(text.replace(/^\uFEFF/, '')))
  } catch (error) {
    throw new Error(`${path}: ${(error as Error).message.replace(/^consentry\/ledger: /, '')}`)
  }
}

/**
 * Opens the store named by --database / DATABASE_URL; only writers create it. Only writers take
 * --profile (cli-args refuses it elsewhere), and a read never writes.
 */
async function storeOf(p: Parsed, create: boolean, err?: Out): Promise<LedgerStore> {
  const target = one(p, 'database') ?? process.env.DATABASE_URL ?? 'consentry-ledger-data'
  return create ? openForWriting(p, target, await profileOf(p), err) : openDatabase(target, { create: false })
}

/**
 * Opens a database for a writer. A brand-new one starts from the given profile (or the default
 * one); a database that has a profile keeps it, unless --replace-profile says to replace it with
 * a different --profile, which is reported. A different --profile without it is a usage error:
 * one mistyped path must not change every later answer.
 */
async function openForWriting(p: Parsed, target: string, given: ComplianceProfile | undefined, err?: Out): Promise<LedgerStore> {
  let store: LedgerStore
  try {
    store = await openDatabase(target, { create: true })
  } catch (error) {
    if (!/no compliance profile/.test((error as Error).message)) throw error
    const { defaultProfile } = await import('./default-profile.js')
    return openDatabase(target, { create: true, profile: given ?? defaultProfile })
  }
  if (!given || sameProfile(given, store.profile)) return store
  await store.close()
  if (one(p, 'replace-profile') === undefined) {
    throw new UsageError(
      `the database has the compliance profile "${store.profile.id}" and --profile gives a different one ("${given.id}"): add --replace-profile to replace it, or leave out --profile`,
    )
  }
  err?.(`consentry-ledger: replaced the database's compliance profile "${store.profile.id}" with "${given.id}"`)
  return openDatabase(target, { create: true, profile: given })
}

async function using<T>(store: LedgerStore, fn: (store: LedgerStore) => Promise<T>): Promise<T> {
  try {
    return await fn(store)
  } finally {
    await store.close()
  }
}

function mappingOf(p: Parsed): ColumnMapping {
  const columns: Record<string, string> = {}
  for (const spec of p.flags.get('map') ?? []) {
    for (const pair of spec.split(',')) {
      const at = pair.indexOf('=')
      const field = pair.slice(0, at).trim()
      if (at < 1 || !(FIELDS as readonly string[]).includes(field) || pair.slice(at + 1).trim() === '') {
        throw new UsageError(`--map takes field=Column pairs with field one of ${FIELDS.join(', ')}; got "${pair}"`)
      }
      columns[field] = pair.slice(at + 1).trim()
    }
  }
  return columns
}

function timeOptions(p: Parsed) {
  const format = one(p, 'time-format')
  if (format !== undefined && !(TIME_FORMATS as readonly string[]).includes(format)) throw new UsageError(`--time-format must be one of ${TIME_FORMATS.join(', ')}, got "${format}"`)
  const zone = one(p, 'timezone')
  if (zone !== undefined) checkTimezone(zone)
  return { format: format as TimeFormat | undefined, timezone: zone }
}

/** @internal `import <file>` */
export async function runImport(p: Parsed, out: Out, err: Out): Promise<number> {
  const [file] = positional(p, 1, 1, 'exactly one file')
  const format = one(p, 'format')
  if (format !== undefined && format !== 'csv' && format !== 'json') throw new UsageError(`--format must be csv or json, got "${format}"`)
  const batch = one(p, 'batch-size')
  if (batch !== undefined && !/^[1-9]\d{0,6}$/.test(batch)) throw new UsageError(`--batch-size takes a positive number, got "${batch}"`)
  const delimiter = one(p, 'delimiter')
  if (delimiter !== undefined && delimiter.length !== 1) throw new UsageError('--delimiter takes one character')
  const options = {
    columns: mappingOf(p),
    format: format as 'csv' | 'json' | undefined,
    channel: channelFlag(p),
    defaultRegion: regionFlag(p),
    time: timeOptions(p),
    asOf: one(p, 'as-of'),
    delimiter,
    origin: one(p, 'origin'),
    source: one(p, 'source'),
    batchSize: batch === undefined ? undefined : Number(batch),
  }
  const size = await stat(file!).then(
    (s) => s.size,
    (error: NodeJS.ErrnoException) => {
      throw new Error(`cannot read "${file}": ${error.code === 'ENOENT' ? 'no such file' : error.message}`)
    },
  )
  await checkHeader(file!, options)
  return using(await storeOf(p, true, err), async (store) => {
    const started = performance.now()
    const progress = (report: ImportReport) => {
      if (one(p, 'quiet') !== undefined) return
      const seconds = (performance.now() - started) / 1000
      err(`consentry-ledger: ${fmt(report.read)} rows read of ${fmt(size)} bytes, ${fmt(Math.round(report.read / Math.max(seconds, 0.001)))} rows/s`)
    }
    const report = await importIntoStore(store, createReadStream(file!, { highWaterMark: 1 << 16 }), { ...options, onProgress: progress })
    if (report.read >= 100_000) progress(report)
    if (one(p, 'json') !== undefined) out(JSON.stringify(report))
    else {
      out(
        `read ${fmt(report.read)}, imported ${fmt(report.imported)}, updated ${fmt(report.updated)}, unchanged ${fmt(report.unchanged)}, ` +
          `stale ${fmt(report.stale)}, rejected ${fmt(report.rejected)}, conflicts ${fmt(report.conflicts)}, id reused ${fmt(report.idReused)}`,
      )
      for (const error of report.errors.slice(0, 20)) err(`rejected ${error.message}`)
      if (report.rejected > 20) err(`... and ${fmt(report.rejected - 20)} more rejected rows (use --json for the first 1000)`)
      if (report.idReused > 0) err(`${fmt(report.idReused)} rows reused an id held by another contact point or purpose: that record was left alone (see history, note "id-reused")`)
    }
    return report.rejected > 0 ? 1 : 0
  })
}

/**
 * Reads a table up to its first row before the database is opened: a mistyped --map or an empty
 * table is then reported without first creating a database (a new PGlite directory takes
 * seconds). A JSON array is parsed whole before its first row, so it is left to the import.
 */
async function checkHeader(file: string, options: ImportOptions): Promise<void> {
  const handle = await open(file)
  const start = Buffer.alloc(1024)
  try {
    await handle.read(start, 0, start.length, 0)
  } finally {
    await handle.close()
  }
  if (/^(\uFEFF)?\s*\[/.test(start.toString('utf8').replace(/\0+$/, ''))) return
  const { defaultProfile } = await import('./default-profile.js')
  const head = createReadStream(file, { highWaterMark: 1 << 16 })
  try {
    for await (const _ of tableRecords(defaultProfile, head, options)) break
  } finally {
    head.destroy()
  }
}

const contactOf = (p: Parsed, value: string, channel: Channel) => {
  const contactPoint = normalizeContactPoint(value, channel, { defaultRegion: regionFlag(p) })
  if (contactPoint === undefined) throw new UsageError(`"${value}" is not a valid ${channel === 'sms' ? 'phone number (add --default-region for national numbers)' : `${channel} address`}`)
  return contactPoint
}

/** @internal `check <contact point> <purpose> [topic]` */
export async function runCheck(p: Parsed, out: Out): Promise<number> {
  const [value, purpose, topic] = positional(p, 2, 3, '<contact point> <purpose> [topic]')
  const channel = channelFlag(p) ?? 'email'
  const contactPoint = contactOf(p, value!, channel)
  return using(await storeOf(p, false), async (store) => {
    const answer = canContact(await store.reader(channel, contactPoint), { contactPoint, purpose: purpose!, topic, channel })
    out(one(p, 'json') !== undefined ? JSON.stringify(answer) : `${answer.allowed ? 'allowed' : 'not allowed'}: ${answer.explanation}`)
    return answer.allowed === true ? 0 : 1
  })
}

/** @internal `query <option>` */
export async function runQuery(p: Parsed, out: Out): Promise<number> {
  const [option] = positional(p, 1, 1, '<option> (a purpose or topic)')
  const value = one(p, 'value') ?? 'true'
  if (value !== 'true' && value !== 'false') throw new UsageError(`--value must be true or false, got "${value}"`)
  const channel = channelFlag(p) ?? 'email'
  return using(await storeOf(p, false), async (store) => {
    const subject = resolveSubject(store.profile, option!)
    if (!subject) throw new UsageError(`profile "${store.profile.id}" has no purpose or topic "${option}"`)
    // Records arrive ordered by contact point: decide each contact point once all of its are in.
    let current: string | undefined
    let held: LedgerEntry[] = []
    const decide = async () => {
      if (current === undefined) return
      const reader = readerOf(store.profile, held)
      const answer = canContact(reader, { contactPoint: current, channel, purpose: subject.purpose.id, topic: subject.topic?.id })
      if (answer.allowed === (value === 'true')) out(current)
    }
    for await (const entry of store.records(channel)) {
      if (entry.record.contactPoint !== current) {
        await decide()
        current = entry.record.contactPoint
        held = []
      }
      held.push(entry)
    }
    await decide()
    return 0
  })
}

/**
 * @internal `history <contact point>`: every channel's records for it. The text is read as each
 * channel would read it (a mixed-case address is an email, lower-cased, and a custom address,
 * kept as written), so no channel's lines are missed; --channel reads one channel only.
 */
export async function runHistory(p: Parsed, out: Out): Promise<number> {
  const [value] = positional(p, 1, 1, '<contact point>')
  const only = channelFlag(p)
  const forms = new Map<string, Channel[]>()
  for (const channel of only ? [only] : (['email', 'sms', 'custom'] as const)) {
    const form = normalizeContactPoint(value!, channel, { defaultRegion: regionFlag(p) })
    if (form !== undefined) forms.set(form, [...(forms.get(form) ?? []), channel])
  }
  if (forms.size === 0) throw new UsageError(`"${value}" is not a ${only ? `valid ${only} address` : 'contact point'}`)
  return using(await storeOf(p, false), async (store) => {
    const lines: HistoryEntry[] = []
    for (const [form, channels] of forms) {
      for await (const entry of store.history(form)) if (channels.includes(entry.record.channel)) lines.push(entry)
    }
    for (const entry of lines.sort((a, b) => a.seq - b.seq)) out(JSON.stringify(entry))
    return 0
  })
}

const CSV_FIELDS = [
  'id',
  'contactPoint',
  'channel',
  'purpose',
  'topic',
  'status',
  'time',
  'source',
  'reason',
  'reasonDescription',
  'origin',
  'requestedBy',
  'legalBasis',
  'policyVersion',
  'messageId',
] as const
const csvCell = (value: string) => (/[",\r\n]/.test(value) ? `"${value.replace(/"/g, '""')}"` : value)

/** @internal `export` */
export async function runExport(p: Parsed, out: Out): Promise<number> {
  positional(p, 0, 0, 'no arguments')
  const format = one(p, 'format') ?? 'ndjson'
  if (format !== 'ndjson' && format !== 'csv') throw new UsageError(`--format must be ndjson or csv, got "${format}"`)
  const channel = channelFlag(p)
  return using(await storeOf(p, false), async (store) => {
    if (format === 'csv') out(CSV_FIELDS.join(','))
    for await (const { record, conflict } of store.records(channel)) {
      const row = { ...record, topic: record.topic ?? '', time: new Date(record.time).toISOString() }
      if (format === 'csv') out(CSV_FIELDS.map((f) => csvCell(String(row[f]))).join(','))
      else out(JSON.stringify(conflict ? { ...row, conflict: { rule: conflict.rule, records: conflict.records } } : row))
    }
    return 0
  })
}

/** @internal `migrate <old-ledger.json>` */
export async function runMigrate(p: Parsed, out: Out, err: Out): Promise<number> {
  const [file] = positional(p, 1, 1, '<old-ledger.json>')
  let snapshot: unknown
  try {
    snapshot = JSON.parse((await readFile(file!, 'utf8')).replace(/^\uFEFF/, ''))
  } catch (error) {
    throw ledgerError('invalid-reading', `cannot read ${file}: ${(error as Error).message}`)
  }
  const saved = (snapshot as { profile?: unknown } | null)?.profile
  const profile = (await profileOf(p)) ?? (saved ? validateProfile(saved) : undefined)
  const target = one(p, 'database') ?? process.env.DATABASE_URL ?? 'consentry-ledger-data'
  return using(await openForWriting(p, target, profile, err), async (store) => {
    const report = await migrateJsonState(store, snapshot, `${file}.history.ndjson`, regionFlag(p))
    out(`migrated ${fmt(report.records)} records and ${fmt(report.history)} history lines; rejected ${fmt(report.rejected.length)}`)
    for (const line of report.rejected.slice(0, 20)) out(`rejected ${line}`)
    return report.rejected.length > 0 ? 1 : 0
  })
}
