// Command-line parsing for consentry-ledger: every flag is declared per command, so a mistyped
// one is a usage error (exit 2) instead of being ignored.

/** @internal A usage error: exit code 2. */
export class UsageError extends Error {}

/** @internal Parsed command line. */
export interface Parsed {
  command: string | undefined
  positional: string[]
  flags: Map<string, string[]>
}

const COMMON = ['database', 'json', 'quiet', 'help', 'default-region']
/**
 * @internal The flags each command takes (besides the common ones). Only the writers take
 * --profile: a read command answers with the profile saved in the database and never changes it.
 */
export const COMMAND_FLAGS: Record<string, readonly string[]> = {
  import: ['map', 'format', 'channel', 'origin', 'source', 'as-of', 'time-format', 'timezone', 'delimiter', 'batch-size', 'profile', 'replace-profile'],
  check: ['channel'],
  query: ['value', 'channel'],
  history: ['channel'],
  export: ['format', 'channel'],
  migrate: ['profile', 'replace-profile'],
  help: [],
}
const BOOLEAN = new Set(['json', 'help', 'quiet', 'replace-profile'])
/** The one flag that may be given more than once (its pairs add up). */
const REPEATABLE = new Set(['map'])

/** @internal Parses argv; throws UsageError for an unknown command or flag, or a missing value. */
export function parseArgs(argv: readonly string[]): Parsed {
  const positional: string[] = []
  const flags = new Map<string, string[]>()
  const raw: string[] = []
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i]!
    if (arg === '-h') flags.set('help', ['true'])
    else if (arg === '--') positional.push(...argv.slice(i + 1)), (i = argv.length)
    else if (arg.startsWith('-') && arg !== '-') {
      if (!arg.startsWith('--')) throw new UsageError(`unknown flag "${arg}"`)
      const [name, inline] = arg.slice(2).split(/=(.*)/s, 2) as [string, string | undefined]
      raw.push(name)
      let value = inline
      if (BOOLEAN.has(name)) {
        if (value !== undefined && value !== 'true') throw new UsageError(`--${name} takes no value`)
        value = 'true'
      } else if (value === undefined) {
        value = argv[++i]
        if (value === undefined || (value.startsWith('--') && value.length > 2)) throw new UsageError(`--${name} needs a value`)
      }
      flags.set(name, [...(flags.get(name) ?? []), value])
    } else positional.push(arg)
  }
  const command = positional[0]
  const allowed = command === undefined ? undefined : COMMAND_FLAGS[command]
  if (command !== undefined && !allowed && !flags.has('help')) throw new UsageError(`unknown command "${command}"`)
  for (const name of raw) {
    if (name === 'profile' && command && !(allowed ?? []).includes(name)) {
      throw new UsageError(`--profile is for import and migrate: ${command} answers with the profile saved in the database and never changes it`)
    }
    if (!COMMON.includes(name) && !(allowed ?? []).includes(name)) {
      throw new UsageError(`unknown flag "--${name}"${command ? ` for ${command}` : ''}`)
    }
    // A second value would silently replace the first (`--channel sms --channel email`).
    if (!REPEATABLE.has(name) && flags.get(name)!.length > 1) throw new UsageError(`--${name} is given more than once`)
  }
  return { command, positional: positional.slice(1), flags }
}

/** @internal The value of a flag (parseArgs refuses a single-value flag given twice). */
export const one = (p: Parsed, name: string): string | undefined => p.flags.get(name)?.[0]
