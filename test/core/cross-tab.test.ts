import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import { defineAdapter, type AdapterReading, type ConsentManager } from 'consentry'
import { make, setGpc } from './setup.js'

// Another tab's decision, in happy-dom: both tabs share document.cookie, so "another tab" is a
// manager under another cookie name whose stored value is copied under ours, exactly the value a
// tab on the same site would have written. Real tabs in Chromium: test/e2e/cross-tab.e2e.test.ts.
let now = Date.parse('2026-01-01T00:00:00Z')
beforeEach(() => {
  // Only Date is faked: each step is a second later, so each stored decision is the newest.
  vi.useFakeTimers({ toFake: ['Date'] })
  vi.setSystemTime(now)
})
afterEach(() => {
  vi.useRealTimers()
  vi.unstubAllGlobals()
  Object.defineProperty(document, 'visibilityState', { value: 'visible', configurable: true })
})
const later = () => vi.setSystemTime((now += 1000))

/** Another tab's visitor sets `preferences`; its decision lands in our cookie. Returns its receipt id. */
function otherTab(preferences: Record<string, boolean>): string {
  later()
  const { consent: tab } = make({ cookie: { name: 'other-tab' } })
  tab.set(preferences)
  const value = document.cookie
    .split('; ')
    .find((pair) => pair.startsWith('other-tab='))!
    .slice('other-tab='.length)
  const { id } = tab.get()
  tab.destroy()
  document.cookie = 'other-tab=; max-age=0; path=/'
  document.cookie = `consentry=${value}; path=/`
  later()
  return id
}
const granted = (consent: ConsentManager) => consent.get().categoryPreferences

describe('a decision another tab stored', () => {
  it('replaces this page’s when the window gets focus', async () => {
    const { consent } = make()
    consent.set({ analytics: true, advertising: false })
    await nextTask()
    const changes: string[] = []
    consent.subscribe((state) => changes.push(state.id))
    const id = otherTab({ analytics: false, advertising: true })
    expect(granted(consent)).toMatchObject({ analytics: true, advertising: false })
    window.dispatchEvent(new Event('focus'))
    expect(consent.get()).toMatchObject({ status: 'decided', source: 'storage', id, categoryPreferences: { analytics: false, advertising: true } })
    expect(changes).toEqual([id])
    // Seen once: a second focus changes nothing.
    window.dispatchEvent(new Event('focus'))
    expect(changes).toEqual([id])
  })

  it('replaces it when the page becomes visible, not while it is hidden', async () => {
    const { consent } = make()
    consent.set({ advertising: false })
    await nextTask()
    otherTab({ advertising: true })
    Object.defineProperty(document, 'visibilityState', { value: 'hidden', configurable: true })
    document.dispatchEvent(new Event('visibilitychange'))
    expect(consent.isGranted('advertising')).toBe(false)
    Object.defineProperty(document, 'visibilityState', { value: 'visible', configurable: true })
    document.dispatchEvent(new Event('visibilitychange'))
    expect(consent.isGranted('advertising')).toBe(true)
  })

  it('is not applied after destroy()', async () => {
    const { consent } = make()
    consent.set({ advertising: false })
    await nextTask()
    otherTab({ advertising: true })
    consent.destroy()
    window.dispatchEvent(new Event('focus'))
    document.dispatchEvent(new Event('visibilitychange'))
    expect(consent.isGranted('advertising')).toBe(false)
  })

  it('stored during start-up, before this page follows focus and visibility, is applied in the next task', async () => {
    // The page follows the signals from its first task on (page.ts); that task checks once, so a
    // change from the start-up task, with or without a focus in it, is not lost.
    const { consent } = make()
    consent.set({ analytics: true, advertising: false })
    const id = otherTab({ analytics: false, advertising: true })
    window.dispatchEvent(new Event('focus'))
    await nextTask()
    expect(consent.get()).toMatchObject({ status: 'decided', source: 'storage', id, categoryPreferences: { analytics: false, advertising: true } })
  })

  it('stored during start-up, with no focus, visibility or cookie event after it, is applied in the next task', async () => {
    const { consent } = make()
    consent.set({ advertising: false })
    const id = otherTab({ advertising: true })
    await nextTask()
    expect(consent.get()).toMatchObject({ source: 'storage', id })
    expect(consent.isGranted('advertising')).toBe(true)
  })

  it('a manager destroyed during start-up never checks again', async () => {
    const { consent } = make()
    consent.set({ advertising: false })
    otherTab({ advertising: true })
    consent.destroy()
    await nextTask()
    window.dispatchEvent(new Event('focus'))
    expect(consent.isGranted('advertising')).toBe(false)
  })

  it('is the base of this page’s next change: only what the visitor changes here is taken from here', () => {
    const { consent } = make()
    consent.set({ analytics: true, advertising: true })
    otherTab({ analytics: false, advertising: true })
    // This page has not seen the other tab's decision (no focus) when its visitor revokes advertising.
    consent.set({ advertising: false })
    expect(granted(consent)).toMatchObject({ analytics: false, advertising: false })
    otherTab({ analytics: true, advertising: false })
    consent.set({ advertising: true })
    expect(granted(consent)).toMatchObject({ analytics: true, advertising: true })
    // What was stored is the merged decision: a new page reads it back.
    const id = consent.get().id
    consent.destroy()
    const { consent: next } = make()
    expect(next.get()).toMatchObject({ id, source: 'storage', categoryPreferences: { analytics: true, advertising: true } })
  })

  it('under GPC, a grant made here still lifts GPC for that category after the merge', () => {
    setGpc(true)
    const { consent } = make()
    expect(consent.isGranted('advertising')).toBe(false)
    otherTab({ analytics: false })
    consent.set({ advertising: true })
    expect(granted(consent)).toMatchObject({ analytics: false, advertising: true })
    expect(consent.get().source).toBe('user')
  })
})

/** The Cookie Store API's change events (https://developer.mozilla.org/docs/Web/API/CookieStore/change_event), as an EventTarget that counts its listeners. */
function fakeCookieStore() {
  const store = new EventTarget()
  let listeners = 0
  const add = store.addEventListener.bind(store)
  const remove = store.removeEventListener.bind(store)
  store.addEventListener = (...args: Parameters<EventTarget['addEventListener']>) => (args[0] === 'change' && listeners++, add(...args))
  store.removeEventListener = (...args: Parameters<EventTarget['removeEventListener']>) => (args[0] === 'change' && listeners--, remove(...args))
  return Object.defineProperty(store, 'listeners', { get: () => listeners }) as EventTarget & { readonly listeners: number }
}
const nextTask = () => new Promise((resolve) => setTimeout(resolve))

describe('cookieStore change events', () => {
  it('after start-up, a cookie change from another tab is applied at once; destroy() stops listening', async () => {
    const cookieStore = fakeCookieStore()
    vi.stubGlobal('cookieStore', cookieStore)
    const { consent } = make()
    consent.set({ advertising: false })
    expect(cookieStore.listeners).toBe(0)
    await nextTask()
    expect(cookieStore.listeners).toBe(1)
    otherTab({ advertising: true })
    cookieStore.dispatchEvent(new Event('change'))
    expect(consent.isGranted('advertising')).toBe(true)
    consent.destroy()
    expect(cookieStore.listeners).toBe(0)
  })

  it('a manager destroyed before its first task never listens', async () => {
    const cookieStore = fakeCookieStore()
    vi.stubGlobal('cookieStore', cookieStore)
    make().consent.destroy()
    await nextTask()
    expect(cookieStore.listeners).toBe(0)
  })

  it('a cookieStore without events (an incomplete polyfill) is ignored; focus still works', async () => {
    vi.stubGlobal('cookieStore', {})
    const { consent } = make()
    consent.set({ advertising: false })
    await nextTask()
    otherTab({ advertising: true })
    window.dispatchEvent(new Event('focus'))
    expect(consent.isGranted('advertising')).toBe(true)
  })
})

describe('nothing reaches the page as an error', () => {
  it('without a Cookie Store API and without a cookie, start-up and focus are quiet', async () => {
    const thrown: unknown[] = []
    const onError = (event: ErrorEvent) => thrown.push(event.error)
    window.addEventListener('error', onError)
    try {
      const { consent } = make({ cookie: false })
      await nextTask()
      window.dispatchEvent(new Event('focus'))
      document.dispatchEvent(new Event('visibilitychange'))
      expect(consent.get().status).toBe('default')
    } finally {
      window.removeEventListener('error', onError)
    }
    expect(thrown).toEqual([])
  })
})

describe('a merge with another tab’s decision, then a CMP that cannot be written back', () => {
  /** A CMP without write(): the visitor's refusals made here must outlast its grants. */
  const readOnly = () => {
    let emit: (reading: AdapterReading) => void = () => {}
    return { adapter: defineAdapter({ name: 'read-only', watch: (next) => ((emit = next), () => {}) }), fire: (reading: AdapterReading) => emit(reading) }
  }

  it('a refusal made here is kept as the visitor’s: the CMP does not grant it back', () => {
    const cmp = readOnly()
    const { consent } = make({ adapters: [cmp.adapter] })
    consent.set({ advertising: true })
    otherTab({ analytics: false })
    consent.set({ advertising: false })
    cmp.fire({ analytics: true, advertising: true })
    // The other tab's visitor refused analytics: that refusal stands too.
    expect(granted(consent)).toMatchObject({ analytics: false, advertising: false })
  })

  it('a refusal that changes nothing granted (the CMP denied it too) is still stored as the visitor’s, and wins on the next page', () => {
    const cmp = readOnly()
    const { consent } = make({ adapters: [cmp.adapter] })
    cmp.fire({ analytics: false, advertising: false })
    const before = consent.get()
    consent.set({ advertising: false })
    // Nothing granted changed: no new state, receipt or listener call; the choice is in the cookie.
    expect(consent.get()).toBe(before)
    expect(document.cookie).toMatch(/\|!advertising\|/)
    consent.destroy()
    const next = readOnly()
    const { consent: page } = make({ adapters: [next.adapter] })
    next.fire({ analytics: true, advertising: true })
    expect(granted(page)).toMatchObject({ analytics: true, advertising: false })
  })

  it('a change made here for a CMP or a bridge is not recorded as the visitor’s refusal', () => {
    const cmp = readOnly()
    const { consent } = make({ adapters: [cmp.adapter] })
    consent.set({ analytics: true })
    otherTab({ analytics: false })
    consent.set({ advertising: true }, { source: 'cmp' })
    cmp.fire({ analytics: true, advertising: true })
    expect(granted(consent)).toMatchObject({ analytics: false, advertising: true })
  })
})

describe('what is stored', () => {
  it('the enforcement defaults are not a decision: nothing is stored until the visitor decides', () => {
    const { consent } = make()
    expect(consent.get().status).toBe('default')
    expect(document.cookie).not.toMatch(/consentry=/)
    consent.set({ advertising: true })
    expect(document.cookie).toMatch(/consentry=/)
  })
})
