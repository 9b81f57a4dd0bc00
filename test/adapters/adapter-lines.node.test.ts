import { readdirSync, readFileSync } from 'node:fs'
import { describe, expect, it } from 'vitest'

// Each adapter stays small enough to read in one sitting: at most 150 lines of source (its
// vendor-API file and its mapping file). Its 0.8 KB gzip budget is in test/tools/size-budgets.mjs.
const root = new URL('../../adapters/', import.meta.url)
const adapters = readdirSync(root).filter((name) => !name.startsWith('_'))

describe('adapter source size', () => {
  it('covers all six adapters', () => {
    expect(adapters.sort()).toEqual(['custom', 'gpp', 'ketch', 'onetrust', 'tcf', 'trustarc'])
  })

  it.each(adapters)('%s has at most 150 lines', (name) => {
    const dir = new URL(`${name}/`, root)
    const lines = readdirSync(dir)
      .filter((file) => file.endsWith('.ts'))
      .reduce((sum, file) => sum + readFileSync(new URL(file, dir), 'utf8').split('\n').length, 0)
    expect(lines).toBeLessThanOrEqual(150)
  })
})
