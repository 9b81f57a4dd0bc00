// The core side of "the CMP answered without a choice" (AdapterContext.undecided), write-back
// before any adapter decided, and a CMP that cannot be written back (issue 12, class 5).
import { describe, expect, it, vi } from 'vitest'
import { defineAdapter, type AdapterContext, type AdapterReading } from 'consentry'
import { make } from './setup.js'

/** A CMP driven by hand; `writable: false` models TrustArc, which has no write-back. */
function handCmp(writable = true) {
  let emit: ((reading: AdapterReading) => void) | undefined
  let context: AdapterContext | undefined
  const written: unknown[] = []
  const adapter = defineAdapter({
    name: 'hand',
    watch(next, ctx) {
      emit = next
      context = ctx
      return () => (emit = undefined)
    },
    ...(writable ? { write: (preferences: unknown) => void written.push(preferences) } : {}),
  })
  return { adapter, written, fire: (reading: AdapterReading) => emit?.(reading), undecided: (reading?: AdapterReading) => context?.undecided(reading) }
}

describe('a CMP answer without a choice (undecided)', () => {
  it('with the CMP defaults: status default, source cmp, only exactly-opt-out categories it grants, no cmp-timeout, nothing stored', () => {
    vi.useFakeTimers()
    const cmp = handCmp()
    const { consent, errors } = make({ adapters: [cmp.adapter], waitMs: 100 })
    cmp.undecided({ analytics: true, advertising: true, newsletter: true })
    expect(consent.get()).toMatchObject({ status: 'default', source: 'cmp', adapter: 'hand', categoryPreferences: { necessary: true, analytics: true, advertising: false, newsletter: false } })
    vi.advanceTimersByTime(1000)
    expect(errors).toEqual([])
    expect(document.cookie).not.toMatch(/consentry=/)
  })

  it('with no reading ("does not apply"): the enforcement defaults, and a later reading decides', () => {
    const cmp = handCmp()
    const { consent } = make({ adapters: [cmp.adapter] })
    cmp.undecided()
    expect(consent.get()).toMatchObject({ status: 'default', source: 'cmp', categoryPreferences: { analytics: true, advertising: false } })
    cmp.fire({ analytics: false, advertising: true })
    expect(consent.get()).toMatchObject({ status: 'decided', source: 'cmp', categoryPreferences: { analytics: false, advertising: true } })
  })

  it('an inherited grant in the defaults grants nothing', () => {
    const cmp = handCmp()
    const { consent } = make({ adapters: [cmp.adapter] })
    cmp.undecided(Object.create({ analytics: true }) as AdapterReading)
    expect(consent.isGranted('analytics')).toBe(false)
  })

  it('a stored decision wins over the CMP defaults, and never over a decision made on this page', () => {
    const earlier = make().consent
    earlier.set({ analytics: false, advertising: true })
    earlier.destroy()
    const cmp = handCmp()
    const { consent } = make({ adapters: [cmp.adapter] })
    cmp.undecided({ analytics: true })
    expect(consent.get()).toMatchObject({ status: 'decided', source: 'storage', categoryPreferences: { analytics: false, advertising: true } })
    consent.set({ advertising: false })
    cmp.undecided({ analytics: true })
    expect(consent.get()).toMatchObject({ source: 'user', categoryPreferences: { analytics: false, advertising: false } })
  })
})

describe('write-back', () => {
  it('a visitor decision made before any CMP decided reaches every watching CMP that can write', () => {
    const cmp = handCmp()
    const { consent } = make({ adapters: [cmp.adapter] })
    consent.set({ advertising: true })
    expect(cmp.written).toEqual([{ necessary: true, analytics: true, advertising: true, newsletter: false }])
  })

  it('a CMP that cannot be written back does not grant again what the visitor denied through consentry, on later pages too', () => {
    const first = handCmp(false)
    const page1 = make({ adapters: [first.adapter] }).consent
    first.fire({ analytics: true, advertising: true })
    page1.set({ advertising: false })
    expect(page1.isGranted('advertising')).toBe(false)
    // The CMP re-announces its own unchanged state, on this page and on the next.
    first.fire({ analytics: true, advertising: true, newsletter: false })
    expect(page1.isGranted('advertising')).toBe(false)
    page1.destroy()
    const second = handCmp(false)
    const page2 = make({ adapters: [second.adapter] }).consent
    second.fire({ analytics: true, advertising: true })
    expect(page2.get().categoryPreferences).toMatchObject({ analytics: true, advertising: false })
    // The visitor grants it again through consentry: then the CMP's grant counts again.
    page2.set({ advertising: true })
    second.fire({ analytics: true, advertising: true, newsletter: true })
    expect(page2.isGranted('advertising')).toBe(true)
  })

  it('a CMP that can be written back stays the authority for its own later changes', () => {
    const cmp = handCmp(true)
    const { consent } = make({ adapters: [cmp.adapter] })
    cmp.fire({ analytics: true, advertising: true })
    consent.set({ advertising: false })
    cmp.fire({ analytics: true, advertising: true, newsletter: false })
    expect(consent.isGranted('advertising')).toBe(true)
  })
})
