import { describe, expect, it } from 'vitest'
import { entries } from '../../entries.mjs'
import { budgets } from '../tools/size-budgets.mjs'
import { MIN_HEADROOM, headroom, measure, readmeTable, table } from '../tools/size.mjs'

describe('bundle size (terser + gzip -9 of dist/)', async () => {
  const rows = await measure()

  it.each(rows)('$label stays within its budget', ({ gzip, budget }) => {
    expect(gzip).toBeLessThanOrEqual(budget)
  })

  // A budget is a ceiling, not a target (CONTRIBUTING.md, "Size budgets"): at least 3 % above
  // the current size, so a fix never has to be squeezed into the last few bytes.
  it.each(rows)('$label keeps at least 3 % headroom under its budget', (row) => {
    expect(headroom(row), `${row.gzip} B gzip, budget ${row.budget} B`).toBeGreaterThanOrEqual(MIN_HEADROOM)
  })

  it('every entry in entries.mjs has a budget row', () => {
    const budgeted = budgets.flatMap((row) => row.files)
    expect(entries.map((entry) => `dist/${entry.dist}.js`).filter((file) => !budgeted.includes(file))).toEqual([])
  })

  it('README shows the sizes measured now (npm run size -- --write)', () => {
    expect(readmeTable()).toBe(table(rows))
  })
})
