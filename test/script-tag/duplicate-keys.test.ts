// The JSON configuration's duplicate keys: JSON.parse keeps the last of two equal keys in one
// object, in silence, so an "enforcement": "opt-in" followed by "opt-out" granted by default.
// twiceIn must find every such pair, at any depth and however the key is escaped, and nothing in
// JSON without one, whatever the strings hold (braces, quotes, colons, escapes).
import { describe, expect, it } from 'vitest'
import { twiceIn } from '../../src/script-tag/start-from-json.js'
import { pick, random, type Rand } from '../fuzz/generate.js'

const TRICKY = ['a', 'enforcement', 'x:y', '{"k": 1}', 'quote " and \\\\', '[]', 'é', '\u2028', '', '__proto__', 'a b', '}{', '":"']

/** A random JSON value as [text, ...objects it contains], written by hand so keys can repeat. */
function value(rand: Rand, depth: number, twice: { at: number; key?: string }, count: { objects: number }): string {
  const r = rand()
  if (depth > 3 || r < 0.3) return pick(rand, ['1', '-2.5e3', 'true', 'null', JSON.stringify(pick(rand, TRICKY))])
  if (r < 0.55) return `[${Array.from({ length: Math.floor(rand() * 3) }, () => value(rand, depth + 1, twice, count)).join(', ')}]`
  const keys = [...new Set(Array.from({ length: 1 + Math.floor(rand() * 4) }, () => pick(rand, TRICKY)))]
  const entries = keys.map((key) => [JSON.stringify(key), value(rand, depth + 1, twice, count)])
  if (count.objects++ === twice.at) {
    const key = pick(rand, keys)
    twice.key = key
    // The repeat is escaped differently half of the time: \u-escapes name the same key.
    const spelled = rand() < 0.5 ? JSON.stringify(key) : `"${[...key].map((c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`).join('')}"`
    entries.splice(Math.floor(rand() * (entries.length + 1)), 0, [spelled, value(rand, depth + 1, { at: -1 }, { objects: 0 })])
  }
  return `{${entries.map(([k, v]) => `${k}:${pick(rand, ['', ' ', '\n  '])}${v}`).join(', ')}}`
}

describe('twiceIn', () => {
  it('finds the repeated key in every generated configuration that has one, and none in the others (4,000)', () => {
    let repeats = 0
    const wrong: [number, string | undefined, string | undefined][] = []
    for (let seed = 1; seed <= 4000; seed++) {
      const rand = random(seed)
      const repeat = seed % 2 === 0
      const twice: { at: number; key?: string } = { at: repeat ? Math.floor(rand() * 3) : -1 }
      const text = `{"categories": ${value(rand, 1, twice, { objects: 0 })}}`
      // Valid JSON, or the test is wrong (this throws).
      JSON.parse(text)
      const found = twiceIn(text)
      if (found !== twice.key) wrong.push([seed, found, twice.key])
      if (twice.key !== undefined) repeats++
    }
    expect(wrong).toEqual([])
    // Most of the 2,000 even seeds (871) reach the object chosen for the repeat.
    expect(repeats).toBeGreaterThan(800)
  })

  it('a top-level key twice, and a key equal to another only once decoded', () => {
    expect(twiceIn('{"categories": [], "categories": []}')).toBe('categories')
    expect(twiceIn('{"gate": true, "g\\u0061te": false}')).toBe('gate')
    // The same key in two different objects is no repeat.
    expect(twiceIn('{"a": {"id": 1}, "b": {"id": 2}, "c": [{"id": 3}, {"id": 4}]}')).toBeUndefined()
  })
})
