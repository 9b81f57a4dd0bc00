import { describe, expect, it } from 'vitest'
import { decodeDecision, encodeDecision, type StoredDecision } from '../../src/core/decision-codec.js'

// The stored value's format is a contract with every cookie already in visitors' browsers:
// `1|id|time36|source|policy[@region]|granted|denied|explicit|checksum`, the checksum being the
// 32-bit FNV-1a hash of the rest (base 36). A value sealed here by the published algorithm must
// read, and what the SDK writes must be exactly that.
function fnv1a(text: string): string {
  let hash = 0x811c9dc5
  for (const char of text) hash = Math.imul(hash ^ char.charCodeAt(0), 0x01000193)
  return (hash >>> 0).toString(36)
}
const seal = (...fields: string[]) => `${fields.join('|')}|${fnv1a(fields.join('|'))}`

const decision: StoredDecision = {
  id: 'r1',
  updatedAt: 1_700_000_000_000,
  source: 'cmp',
  policyVersion: '2025 Q1',
  granted: ['necessary', 'analytics'],
  denied: ['advertising', 'newsletter'],
  explicit: ['analytics', 'video'],
  refused: ['advertising'],
  region: 'eu',
}
const time36 = (1_700_000_000_000).toString(36)

describe('stored decision format', () => {
  it('the checksum is FNV-1a (published test vectors)', () => {
    expect(fnv1a('')).toBe((0x811c9dc5).toString(36))
    expect(fnv1a('a')).toBe((0xe40c292c).toString(36))
    expect(fnv1a('foobar')).toBe((0xbf9cf968).toString(36))
  })

  it('writes every field, lists joined by "+", explicit denials as "!id"', () => {
    expect(encodeDecision(decision)).toBe(seal('1', 'r1', time36, 'c', '2025%20Q1@eu', 'necessary+analytics', 'advertising+newsletter', 'analytics+video+!advertising'))
  })

  it.each([
    ['cmp', 'c'],
    ['user', 'u'],
    ['gpc', 'g'],
    // A decision loaded from storage or defaulted is re-stored as the visitor's own.
    ['storage', 'u'],
    ['default', 'u'],
  ] as const)('source %s is stored as "%s"', (source, letter) => {
    expect(encodeDecision({ ...decision, source, region: undefined }).split('|')[3]).toBe(letter)
  })

  it('records the cookie domain it was written for after "#", and reads it back; a value without one has none', () => {
    const shared = { ...decision, domain: 'example.com' }
    expect(encodeDecision(shared).split('|')[4]).toBe('2025%20Q1@eu#example.com')
    expect(decodeDecision(encodeDecision(shared))).toEqual(shared)
    expect(encodeDecision({ ...shared, region: undefined }).split('|')[4]).toBe('2025%20Q1#example.com')
    expect(decodeDecision(encodeDecision({ ...shared, region: undefined }))).toMatchObject({ policyVersion: '2025 Q1', region: undefined, domain: 'example.com' })
    expect(decodeDecision(seal('1', 'r1', time36, 'u', 'v1', 'analytics', '', ''))).toMatchObject({ policyVersion: 'v1', domain: undefined })
  })

  it('reads back what it wrote, every source', () => {
    for (const source of ['cmp', 'user', 'gpc'] as const) expect(decodeDecision(encodeDecision({ ...decision, source }))).toEqual({ ...decision, source })
  })

  it('a value sealed by an earlier release reads: empty lists are empty, no region is undefined', () => {
    expect(decodeDecision(seal('1', 'r2', time36, 'u', 'v1', '', '', ''))).toEqual({
      id: 'r2',
      updatedAt: 1_700_000_000_000,
      source: 'user',
      policyVersion: 'v1',
      granted: [],
      denied: [],
      explicit: [],
      refused: [],
      region: undefined,
    })
    expect(decodeDecision(seal('1', 'r3', time36, 'g', 'v1', 'analytics', 'advertising', '!advertising'))).toMatchObject({ source: 'gpc', explicit: [], refused: ['advertising'] })
  })

  it.each([
    ['a later format version', seal('2', 'r1', time36, 'u', 'v1', 'analytics', '', ''), 'unknown format'],
    ['one field short', seal('1', 'r1', time36, 'u', 'v1', 'analytics', ''), 'unknown format'],
    ['one field more', seal('1', 'r1', time36, 'u', 'v1', 'analytics', '', '', 'x'), 'unknown format'],
    ['no separators at all', 'hello', 'unknown format'],
    ['a hand-edited grant', seal('1', 'r1', time36, 'u', 'v1', '', 'analytics', '').replace('||analytics|', '|analytics||'), 'checksum mismatch'],
    ['an empty id', seal('1', '', time36, 'u', 'v1', 'analytics', '', ''), 'malformed fields'],
    ['an empty time', seal('1', 'r1', '', 'u', 'v1', 'analytics', '', ''), 'malformed fields'],
    ['a time that is not base 36', seal('1', 'r1', '!', 'u', 'v1', 'analytics', '', ''), 'malformed fields'],
    ['a time later than any Date can hold', seal('1', 'r1', (8.64e15 + 1).toString(36), 'u', 'v1', 'analytics', '', ''), 'malformed fields'],
    ['a negative time', seal('1', 'r1', '-1', 'u', 'v1', 'analytics', '', ''), 'malformed fields'],
    ['time zero', seal('1', 'r1', '0', 'u', 'v1', 'analytics', '', ''), 'malformed fields'],
    ['an unknown source letter', seal('1', 'r1', time36, 'z', 'v1', 'analytics', '', ''), 'malformed fields'],
    ['a source spelled out', seal('1', 'r1', time36, 'user', 'v1', 'analytics', '', ''), 'malformed fields'],
    ['a policy version that is not percent-encoding', seal('1', 'r1', time36, 'u', '%E0%A4%A', 'analytics', '', ''), 'malformed policy version'],
  ])('rejects %s with its reason, never a decision', (_, value, reason) => {
    expect(decodeDecision(value)).toBe(reason)
  })
})
