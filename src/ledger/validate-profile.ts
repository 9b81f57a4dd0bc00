import * as z from 'zod/mini'
import { ledgerError } from './ledger-error.js'
import { ownData } from './own-copy.js'
import type { ComplianceProfile } from './types.js'

// Built on first use: module-level zod calls could not be tree-shaken out of a page that only
// imports the sink.
let cached: ReturnType<typeof build> | undefined
function build() {
  const id = z.string().check(z.regex(/^[A-Za-z][A-Za-z0-9_.-]{0,63}$/, 'must start with a letter and hold only letters, digits, _ . - (at most 64)'))
  const name = z.string().check(z.minLength(1, 'is empty'), z.maxLength(200, 'is longer than 200 characters'))
  const enforcement = z.enum(['restrictive', 'non-restrictive', 'disabled'])
  const topic = z.strictObject({ id, name, enforcement: z.optional(enforcement) })
  const purpose = z.strictObject({
    id,
    name,
    type: z.enum(['commercial', 'transactional']),
    enforcement,
    topics: z.optional(z.array(topic)),
  })
  return z.strictObject({ id, name, purposes: z.array(purpose).check(z.minLength(1, 'needs at least one purpose')) })
}
const profileSchema = () => (cached ??= build())

const pathOf = (path: readonly PropertyKey[]) => path.reduce<string>((out, key) => (typeof key === 'number' ? `${out}[${key}]` : out ? `${out}.${String(key)}` : String(key)), '') || '(profile)'

/**
 * Checks a compliance profile against the schema and returns it: every purpose needs a `type` of
 * `commercial`/`transactional` and an `enforcement` of exactly `restrictive`/`non-restrictive`/
 * `disabled` (a typo or `"Restrictive"` is an error, never a lenient default); unknown keys are
 * refused; ids and names must be unique across purposes and topics (names case-insensitively).
 * Only own properties are read, and the profile returned is a checked copy.
 *
 * @throws ConsentError `invalid-profile` naming the field (`purposes[0].enforcement`).
 * @example
 * const profile = validateProfile(JSON.parse(await readFile('profile.json', 'utf8')))
 */
export function validateProfile(input: unknown): ComplianceProfile {
  // Checked and returned as a copy of its own data: an inherited field (a polluted prototype) is
  // never read, and a later change to the caller's object cannot reach the checked profile.
  let value: unknown
  try {
    value = ownData(input)
  } catch (error) {
    throw ledgerError('invalid-profile', `profile is not plain data: ${error instanceof Error ? error.message : String(error)}`)
  }
  const parsed = profileSchema().safeParse(value)
  if (!parsed.success) {
    const issue = parsed.error.issues[0]!
    throw ledgerError('invalid-profile', `profile field ${pathOf(issue.path)}: ${issue.message}`)
  }
  // Lookups go by id or by name, case-insensitively: any id or name shared by two entries would
  // send a record to the wrong purpose.
  const owner = new Map<string, string>()
  const claim = (entry: { id: string; name: string }, where: string) => {
    for (const [key, field] of [
      [entry.id.toLowerCase(), 'id'],
      [entry.name.toLowerCase(), 'name'],
    ] as const) {
      const other = owner.get(key)
      if (other !== undefined && other !== where) throw ledgerError('invalid-profile', `profile field ${where}.${field}: "${key}" is already used by ${other}`)
      owner.set(key, where)
    }
  }
  parsed.data.purposes.forEach((p, i) => {
    claim(p, `purposes[${i}]`)
    p.topics?.forEach((t, j) => claim(t, `purposes[${i}].topics[${j}]`))
  })
  return parsed.data as ComplianceProfile
}

/** The profile as JSON with keys sorted, so a profile read back from JSONB compares equal. */
const canonical = (value: unknown): string =>
  Array.isArray(value)
    ? `[${value.map(canonical).join(',')}]`
    : value !== null && typeof value === 'object'
      ? `{${Object.keys(value)
          .sort()
          .filter((key) => (value as Record<string, unknown>)[key] !== undefined)
          .map((key) => `${JSON.stringify(key)}:${canonical((value as Record<string, unknown>)[key])}`)
          .join(',')}}`
      : JSON.stringify(value)

/** @internal True when two profiles say the same (key order aside). */
export const sameProfile = (a: unknown, b: unknown): boolean => canonical(a) === canonical(b)
