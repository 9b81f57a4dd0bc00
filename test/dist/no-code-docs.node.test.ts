// Every JSON configuration the docs and the example show is one the script tag accepts as it is:
// no problem from the no-code keys' check, none from createConsent's option check.
import { readFileSync } from 'node:fs'
import { describe, expect, it } from 'vitest'
import { checkNoCode, NO_CODE_KEYS } from '../../src/script-tag/check-no-code.js'
import { resolveConfig } from '../../src/core/resolve-config.js'

const pages = ['README.md', 'src/NO-CODE.md', 'examples/no-code/index.html']
const configs = pages.flatMap((page) =>
  [...readFileSync(new URL(`../../${page}`, import.meta.url), 'utf8').matchAll(/<script type="application\/json" id="consentry-config">([\s\S]*?)<\/script>/g)].map((m, i) => ({ owner: `${page} #${i + 1}`, text: m[1] ?? '' })),
)

describe('JSON configurations in the docs', () => {
  it('there are some', () => expect(configs.length).toBeGreaterThanOrEqual(3))

  it.each(configs)('$owner is valid', ({ text }) => {
    const json = JSON.parse(text) as Record<string, unknown>
    const problems: string[] = []
    checkNoCode(json, (key, rule) => problems.push(`${key} ${rule}`))
    // Every other key is createConsent's, `cookies` included: resolveConfig checks them all.
    const options = Object.fromEntries(Object.entries(json).filter(([key]) => !NO_CODE_KEYS.includes(key)))
    problems.push(...resolveConfig(options as never).problems.map((p) => p.message))
    expect(problems).toEqual([])
  })
})
