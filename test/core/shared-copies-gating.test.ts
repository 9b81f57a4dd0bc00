import { describe, expect, it, vi } from 'vitest'
import { createConsent, type Category, type ConsentOptions } from 'consentry'
import { make } from './setup.js'

// Which differences between two copies' options make the second one a deny-safe view (reported)
// and which still share the page's manager: only what decides a grant counts.
const base: Category[] = [
  { id: 'necessary', name: 'Necessary', enforcement: 'always' },
  { id: 'analytics', name: 'Analytics', enforcement: 'opt-in', gpc: true },
  { id: 'topic', name: 'Topic', enforcement: 'opt-in', parent: 'analytics' },
]
const options: Partial<ConsentOptions> = { categories: base, destinations: { Mixpanel: ['analytics'] }, unmapped: 'allow', policyVersion: '3', cookie: { name: 'gating' } }

function second(changes: Partial<ConsentOptions>) {
  const { consent: first } = make(options)
  const errors: string[] = []
  vi.spyOn(console, 'error').mockImplementation(() => {})
  const copy = createConsent({ ...(options as ConsentOptions), ...changes, onError: (e) => errors.push(e.code) })
  return { shared: copy === first, errors }
}

describe('a second createConsent() for the same cookie', () => {
  it('shares the page manager when only names and descriptions differ', () => {
    expect(second({ categories: base.map((c) => ({ ...c, name: `${c.name} (de)`, description: 'Übersetzt' })) })).toEqual({ shared: true, errors: [] })
  })

  it('shares the page manager when the same destinations come in another order', () => {
    const { consent: first } = make({ ...options, destinations: { Mixpanel: ['analytics'], Other: ['analytics'] } })
    expect(createConsent({ ...(options as ConsentOptions), destinations: { Other: ['analytics'], Mixpanel: ['analytics'] } })).toBe(first)
  })

  it.each<[string, Partial<ConsentOptions>]>([
    ['an enforcement', { categories: base.map((c) => (c.id === 'analytics' ? { ...c, enforcement: 'opt-out' as const } : c)) }],
    ['GPC handling', { categories: base.map((c) => (c.id === 'analytics' ? { ...c, gpc: false } : c)) }],
    ['a purpose', { categories: base.map((c) => (c.id === 'topic' ? { ...c, parent: undefined } : c)) }],
    ['a category id', { categories: [...base, { id: 'chat', name: 'Chat', enforcement: 'opt-in' as const }] }],
    ['a destination mapping', { destinations: { Mixpanel: ['topic'] } }],
    ['unmapped', { unmapped: 'deny' }],
    ['the policy version', { policyVersion: '4' }],
  ])('gets a reported deny-safe view when %s differs', (_label, changes) => {
    expect(second(changes)).toEqual({ shared: false, errors: ['invalid-option'] })
  })

  it('a manager destroyed leaves the registry: the next call creates a fresh one', () => {
    const { consent: first } = make(options)
    first.set({ analytics: true })
    first.destroy()
    const next = createConsent({ ...(options as ConsentOptions), cookie: { name: 'gating' } })
    expect(next).not.toBe(first)
    next.destroy()
  })

  it('a cookie named like an Object.prototype member starts its own manager', () => {
    const { consent } = make({ ...options, cookie: { name: 'constructor' } })
    expect(typeof consent.get).toBe('function')
    expect(consent.get().categoryPreferences).toEqual({ necessary: true, analytics: false, topic: false })
  })
})
