// The stored decision's text format, apart from the cookie that carries it: what it is is all
// deleteCookies needs to know to never delete one.
import type { ConsentSource } from './types.js'

/** A decision as it is stored: compact, versioned, checksummed. */
export interface StoredDecision {
  id: string
  updatedAt: number
  source: ConsentSource
  policyVersion: string
  granted: readonly string[]
  denied: readonly string[]
  /** Categories the visitor granted explicitly; Global Privacy Control no longer denies them. */
  explicit: readonly string[]
  /** Categories the visitor denied explicitly; a CMP that cannot be written back does not grant them. */
  refused: readonly string[]
  /** The `regions` policy key it was made under (see regions.ts); none when no region rule applied. */
  region?: string | undefined
  /** The `cookie.domain` it was written for (shared across subdomains); none when host-only, and in older values. */
  domain?: string | undefined
}

const FORMAT = '1'
const SOURCES: Partial<Record<ConsentSource, string>> = { cmp: 'c', user: 'u', gpc: 'g' }

// FNV-1a: not security, just enough to tell a hand-edited or truncated value from ours.
function checksum(text: string): string {
  let hash = 0x811c9dc5
  for (let i = 0; i < text.length; i++) hash = Math.imul(hash ^ text.charCodeAt(i), 0x01000193)
  return (hash >>> 0).toString(36)
}

/**
 * `1|id|time36|source|policy[@region][#domain]|granted+ids|denied+ids|explicit+ids|checksum`; explicit denials are
 * `!id` in the explicit list (ids never start with `!`), so format 1 cookies still read.
 */
export function encodeDecision(d: StoredDecision): string {
  const explicit = [...d.explicit, ...d.refused.map((id) => `!${id}`)]
  const body = [
    FORMAT,
    d.id,
    d.updatedAt.toString(36),
    SOURCES[d.source] ?? 'u',
    encodeURIComponent(d.policyVersion) + (d.region ? `@${d.region}` : '') + (d.domain ? `#${d.domain}` : ''),
    d.granted.join('+'),
    d.denied.join('+'),
    explicit.join('+'),
  ].join('|')
  return `${body}|${checksum(body)}`
}

/** Parses a stored value; returns a reason string instead when it is not a value we wrote. */
export function decodeDecision(value: string): StoredDecision | string {
  const fields = value.split('|')
  const sum = fields.pop()
  if (fields.length !== 8 || fields[0] !== FORMAT) return 'unknown format'
  if (sum !== checksum(fields.join('|'))) return 'checksum mismatch'
  const [, id, time, source, policy, granted, denied, explicit] = fields as [string, string, string, string, string, string, string, string]
  const updatedAt = parseInt(time, 36)
  const sourceName = (Object.keys(SOURCES) as ConsentSource[]).find((key) => SOURCES[key] === source)
  // A time no Date can hold (beyond ±8.64e15 ms) would make every receipt's ISO date throw: not ours.
  if (!id || !(updatedAt > 0 && updatedAt <= 8.64e15) || !sourceName) return 'malformed fields'
  // The policy version is URI-encoded, so a bare "@" can only start the region key and "#" the domain.
  const [head, domain] = policy.split('#') as [string, string?]
  const [encoded, region] = head.split('@') as [string, string?]
  let policyVersion: string
  try {
    policyVersion = decodeURIComponent(encoded)
  } catch {
    return 'malformed policy version'
  }
  const list = (text: string) => (text ? text.split('+') : [])
  const choices = list(explicit)
  return {
    id,
    updatedAt,
    source: sourceName,
    policyVersion,
    granted: list(granted),
    denied: list(denied),
    explicit: choices.filter((c) => !c.startsWith('!')),
    refused: choices.filter((c) => c.startsWith('!')).map((c) => c.slice(1)),
    region,
    domain,
  }
}
