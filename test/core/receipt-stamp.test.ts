import { describe, expect, it, vi } from 'vitest'
import { defineAdapter, poll, type AdapterReading } from 'consentry'
import { make } from './setup.js'

describe('the receipt in each stamp', () => {
  it('before any decision: no time, no adapter', () => {
    const { consent } = make({ adapters: [defineAdapter({ name: 'silent', watch: () => () => {} })] })
    expect(consent.stamp({}).context.consent.receipt).toEqual({ id: '', policyVersion: '1', source: 'default', status: 'pending', updatedAt: '' })
  })

  it('a CMP decision names the adapter; a later visitor decision does not', () => {
    let emit: (reading: AdapterReading) => void = () => {}
    const { consent } = make({ adapters: [defineAdapter({ name: 'my-cmp', watch: (next) => ((emit = next), () => {}) })] })
    emit({ advertising: true })
    const { id, updatedAt } = consent.get()
    expect(consent.stamp({}).context.consent.receipt).toEqual({ id, policyVersion: '1', source: 'cmp', status: 'decided', updatedAt: new Date(updatedAt).toISOString(), adapter: 'my-cmp' })
    consent.set({ advertising: false })
    expect(consent.stamp({}).context.consent.receipt).not.toHaveProperty('adapter')
  })

  it('each stamp gets its own receipt object: changing one changes no later one', () => {
    const { consent } = make()
    const first = consent.stamp({}).context.consent.receipt
    first.status = 'tampered' as never
    expect(consent.stamp({}).context.consent.receipt.status).toBe('default')
  })
})

describe('poll()', () => {
  it('stops for good when found() itself stops it (an adapter torn down while it looks)', () => {
    vi.useFakeTimers()
    let calls = 0
    const stop: () => void = poll(
      () => {
        calls++
        if (calls === 2) stop()
        return false
      },
      100,
      10,
    )
    vi.advanceTimersByTime(2000)
    expect(calls).toBe(2)
  })
})
