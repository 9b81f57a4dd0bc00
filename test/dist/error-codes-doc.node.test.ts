// "When something is wrong" must list every onError code the type declares, each with its cause
// and its fix, and nothing the type does not declare.
import { readFileSync } from 'node:fs'
import { describe, expect, it } from 'vitest'

const read = (path: string) => readFileSync(new URL(`../../${path}`, import.meta.url), 'utf8')
const declared = [...(/export type ConsentErrorCode =([^/]*?)\n\n/.exec(read('src/core/consent-error.ts'))?.[1] ?? '').matchAll(/'([a-z-]+)'/g)].map(([, code]) => code)
const page = read('src/when-something-is-wrong.md')
const sections = page.split(/^## /m).slice(1)

describe('src/when-something-is-wrong.md', () => {
  it('has one section per declared ConsentErrorCode, each with a cause and a fix', () => {
    expect(declared.length).toBeGreaterThan(5)
    expect(sections.map((section) => /^`([a-z-]+)`/.exec(section)?.[1]).sort()).toEqual([...declared].sort())
    for (const section of sections) expect(section).toMatch(/\*\*Cause\.\*\*[\s\S]+\*\*Fix\.\*\*/)
  })

  it('is linked from the README', () => {
    expect(read('README.md')).toContain('(src/when-something-is-wrong.md)')
  })
})
