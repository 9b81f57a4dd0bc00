import { describe, expect, it, vi } from 'vitest'
import { receiptId } from '../../src/core/receipt-id.js'

describe('receipt ids', () => {
  it('are random UUIDs where the platform has crypto.randomUUID', () => {
    const ids = [receiptId(), receiptId()]
    for (const id of ids) expect(id).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/)
    expect(ids[0]).not.toBe(ids[1])
  })

  it('are still made, and differ, without Web Crypto (an old or locked-down runtime)', () => {
    vi.stubGlobal('crypto', undefined)
    try {
      const ids = [receiptId(), receiptId()]
      for (const id of ids) expect(id).toMatch(/^[0-9a-z]+-[0-9a-z]+$/)
      expect(ids[0]).not.toBe(ids[1])
    } finally {
      vi.unstubAllGlobals()
    }
  })
})
