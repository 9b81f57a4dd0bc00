import { describe, expect, it } from 'vitest'
import { regionFromCmp } from 'consentry'

// GPP applicableSections is a list of numbers; anything else in it is no section.
describe('regionFromCmp: GPP section ids that are not numbers place no one', () => {
  it.each([[['8']], [['2']], [[null, '7']]])('%j', (applicableSections) => {
    expect(regionFromCmp({ applicableSections })).toBeUndefined()
  })
})
