import { describe, expect, it } from 'vitest'
import { deleteCookies } from 'consentry'

describe('deleteCookies on the server', () => {
  it('deletes nothing and never throws where there is no document', () => {
    expect(typeof document).toBe('undefined')
    expect(deleteCookies(['_ga', /^_gcl_/])).toEqual([])
    expect(deleteCookies([])).toEqual([])
  })
})
