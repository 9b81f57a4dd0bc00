import { describe, expect, it } from 'vitest'
import { measure, readmeTable, table } from '../tools/size.mjs'

describe('bundle size (terser + gzip -9 of dist/)', async () => {
  const rows = await measure()

  it.each(rows)('$label stays within its budget', ({ gzip, budget }) => {
    expect(gzip).toBeLessThanOrEqual(budget)
  })

  it('README shows the sizes measured now (npm run size -- --write)', () => {
    expect(readmeTable()).toBe(table(rows))
  })
})
