// consentry-ledger: a consent ledger in PGlite (embedded) or PostgreSQL, from the command line.
import { isConsentError } from 'consentry'
import { parseArgs, UsageError } from './cli-args.js'
import { runCheck, runExport, runHistory, runImport, runMigrate, runQuery } from './cli-commands.js'

/** @internal The help text, with the exit codes every command shares. */
export const USAGE = `Usage:
  consentry-ledger import <file> [--map field=Column,...] [--format csv|json] [--channel email|sms|custom]
        [--as-of <ISO time>] [--time-format iso|epoch-ms|epoch-s|DD.MM.YYYY|DD/MM/YYYY|MM/DD/YYYY|YYYY-MM-DD]
        [--timezone <IANA zone>] [--default-region GB] [--origin name] [--source name] [--delimiter ,]
        [--batch-size 20000] [--profile profile.json [--replace-profile]] [--database dir|postgres://...] [--json] [--quiet]
  consentry-ledger check <contact point> <purpose> [topic] [--channel email|sms|custom] [--default-region GB] [--json]
  consentry-ledger query <option> [--value true|false] [--channel email|sms|custom]
        (contact points whose answer for the purpose/topic is --value, one a line)
  consentry-ledger history <contact point> [--channel email|sms|custom] [--default-region GB]   (NDJSON, oldest first)
  consentry-ledger export [--format ndjson|csv] [--channel email|sms|custom]
  consentry-ledger migrate <old-ledger.json> [--profile profile.json [--replace-profile]]   (one time: a JSON state file of an earlier version)

Profile: --profile sets a new database's compliance profile. A database keeps its profile: a different
  --profile is a usage error unless --replace-profile is given (the replacement is reported). Read
  commands (check, query, history, export) take no --profile and never write.
Flags are given once each, except --map.

Database: --database <dir> (PGlite, embedded; default ./consentry-ledger-data) or --database postgres://...
  (a PostgreSQL server); DATABASE_URL is used when --database is not given.
Fields for --map: id, contactPoint, option, value, time, channel, source, reason, reasonDescription,
  requestedBy, legalBasis, policyVersion, messageId
  (defaults: id="Consent ID" contactPoint=Email option="Consent option" value="Consent value" time=Date)
Times: ISO 8601 with a zone; other formats only with --time-format (and --timezone where they have no zone).
  Rows without a date need --as-of. Times more than 24 h ahead are rejected.
Exit codes (every command): 0 ok / allowed, 1 rows rejected / not allowed, 2 usage error,
  3 cannot run (no database, unreadable file or profile, database error).`

/**
 * Runs the command line with `argv` (without node and script) and returns the exit code. Output
 * goes through `out` (results) and `err` (progress, rejected rows, errors).
 * @internal
 */
export async function main(
  argv: readonly string[],
  out: (line: string) => void = (line) => process.stdout.write(`${line}\n`),
  err: (line: string) => void = (line) => process.stderr.write(line.startsWith('\r') ? line : `${line}\n`),
): Promise<number> {
  try {
    const parsed = parseArgs(argv)
    if (parsed.flags.has('help') || parsed.command === 'help') {
      out(USAGE)
      return 0
    }
    switch (parsed.command) {
      case 'import':
        return await runImport(parsed, out, err)
      case 'check':
        return await runCheck(parsed, out)
      case 'query':
        return await runQuery(parsed, out)
      case 'history':
        return await runHistory(parsed, out)
      case 'export':
        return await runExport(parsed, out)
      case 'migrate':
        return await runMigrate(parsed, out, err)
      default:
        throw new UsageError('no command given')
    }
  } catch (error) {
    if (error instanceof UsageError || (isConsentError(error) && error.code === 'invalid-option')) {
      err(`consentry-ledger: ${error.message.replace(/^consentry\/ledger: /, '')}\n\n${USAGE}`)
      return 2
    }
    const message = error instanceof Error ? error.message.replace(/^consentry\/ledger: /, '') : String(error)
    err(`consentry-ledger: ${message}`)
    return 3
  }
}
