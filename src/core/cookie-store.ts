import type { Config } from './resolve-config.js'
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
}

const FORMAT = '1'
const SOURCES: Partial<Record<ConsentSource, string>> = { cmp: 'c', user: 'u', gpc: 'g' }

// FNV-1a: not security, just enough to tell a hand-edited or truncated value from ours.
function checksum(text: string): string {
  let hash = 0x811c9dc5
  for (let i = 0; i < text.length; i++) hash = Math.imul(hash ^ text.charCodeAt(i), 0x01000193)
  return (hash >>> 0).toString(36)
}

/** `1|id|time36|source|policy|granted+ids|denied+ids|explicit+ids|checksum` */
export function encodeDecision(d: StoredDecision): string {
  const body = [FORMAT, d.id, d.updatedAt.toString(36), SOURCES[d.source] ?? 'u', encodeURIComponent(d.policyVersion), d.granted.join('+'), d.denied.join('+'), d.explicit.join('+')].join('|')
  return `${body}|${checksum(body)}`
}

/** Parses a stored value; returns a reason string instead when it is not a value we wrote. */
export function decodeDecision(value: string): StoredDecision | string {
  const fields = value.split('|')
  const sum = fields.pop()
  if (fields.length !== 8 || fields[0] !== FORMAT) return 'unknown format'
  if (sum !== checksum(fields.join('|'))) return 'checksum mismatch'
  const [, id = '', time = '', source = '', policy = '', granted = '', denied = '', explicit = ''] = fields
  const updatedAt = parseInt(time, 36)
  const sourceName = (Object.keys(SOURCES) as ConsentSource[]).find((key) => SOURCES[key] === source)
  if (!id || !Number.isFinite(updatedAt) || !sourceName) return 'malformed fields'
  let policyVersion: string
  try {
    policyVersion = decodeURIComponent(policy)
  } catch {
    return 'malformed policy version'
  }
  const list = (text: string) => (text ? text.split('+') : [])
  return { id, updatedAt, source: sourceName, policyVersion, granted: list(granted), denied: list(denied), explicit: list(explicit) }
}

/**
 * Reads and writes the decision cookie; never throws (document.cookie throws in sandboxed frames).
 * Neither name nor value needs escaping: config limits names and category ids to cookie-safe
 * characters, and the policy version is URI-encoded inside the value.
 */
export function cookieStore(cookie: Exclude<Config['cookie'], false>) {
  return {
    read(): string | undefined {
      try {
        for (const pair of document.cookie.split('; ')) {
          const eq = pair.indexOf('=')
          if (pair.slice(0, eq) === cookie.name) return pair.slice(eq + 1)
        }
      } catch {
        // Unreadable: treated as no stored decision.
      }
    },
    write(decision: StoredDecision): void {
      const expires = new Date(Date.now() + cookie.expires * 864e5).toUTCString()
      const domain = cookie.domain ? `; domain=${cookie.domain}` : ''
      const secure = location.protocol === 'https:' ? '; secure' : ''
      try {
        document.cookie = `${cookie.name}=${encodeDecision(decision)}; expires=${expires}; path=${cookie.path}${domain}; samesite=lax${secure}`
      } catch {
        // Not writable here: the decision lives in memory for this page.
      }
    },
  }
}
