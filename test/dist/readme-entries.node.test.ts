// The README's "Entries" table is how a reader finds the page of an import path: every package
// subpath needs a row, and every link in the table must lead to a page that exists and is about it.
import { existsSync, readFileSync } from 'node:fs'
import { fileURLToPath } from 'node:url'
import { describe, expect, it } from 'vitest'

const root = fileURLToPath(new URL('../..', import.meta.url))
const pkg = JSON.parse(readFileSync(`${root}package.json`, 'utf8')) as { exports: Record<string, unknown> }
const specifiers = Object.keys(pkg.exports)
  .filter((subpath) => subpath !== './package.json')
  .map((subpath) => `consentry${subpath.slice(1)}`)

const readme = readFileSync(`${root}README.md`, 'utf8')
const section = /^## Entries\n([\s\S]*?)(?=^## )/m.exec(readme)?.[1] ?? ''

interface Row {
  line: string
  specifiers: string[]
  links: string[]
}

// `consentry/adapters/onetrust`, `…/trustarc` in one cell: the short forms share the prefix of the
// last full one.
function parseRow(line: string): Row {
  const [, first = ''] = line.split('|')
  let prefix = ''
  const named = [...first.matchAll(/`([^`]+)`/g)].flatMap(([, code = '']) => {
    if (code.startsWith('…/')) return [`${prefix}${code.slice(2)}`]
    if (code !== 'consentry' && !code.startsWith('consentry/')) return []
    prefix = code.slice(0, code.lastIndexOf('/') + 1)
    return [code]
  })
  const links = [...line.matchAll(/\]\(([^)\s]+)\)/g)].map(([, href = '']) => href.split('#')[0] ?? '')
  return { line, specifiers: named, links }
}

const rows = section
  .split('\n')
  .filter((line) => line.startsWith('| `'))
  .map(parseRow)

describe('README entries table', () => {
  it('exists and has rows', () => {
    expect(rows.length).toBeGreaterThan(3)
  })

  it('has a row for every package.json subpath, and names no other', () => {
    const named = rows.flatMap((row) => row.specifiers)
    expect(specifiers.filter((specifier) => !named.includes(specifier)), 'subpaths without a row').toEqual([])
    expect(named.filter((specifier) => !specifiers.includes(specifier)), 'rows naming no subpath').toEqual([])
  })

  it('every row links to pages that exist', () => {
    for (const row of rows) {
      expect(row.links.length, row.line).toBeGreaterThan(0)
      for (const link of row.links) {
        expect(link, row.line).not.toMatch(/^[a-z]+:/) // a page in this repository, shipped with it
        expect(existsSync(`${root}${link}`), `${link} (in: ${row.line})`).toBe(true)
      }
    }
  })

  it("each entry's row links a page that is about that entry", () => {
    const missing = rows.flatMap((row) =>
      row.specifiers.filter((specifier) => {
        const mention = new RegExp(`\`${specifier.replace(/[/.-]/g, '\\$&')}[\`'"]|from '${specifier.replace(/[/.-]/g, '\\$&')}'`)
        return !row.links.some((link) => existsSync(`${root}${link}`) && mention.test(readFileSync(`${root}${link}`, 'utf8')))
      }),
    )
    expect(missing, 'entries whose linked pages never name them').toEqual([])
  })
})
