// A fake Ketch tag (cmp-apis.md §3): the page snippet queues commands on `window.semaphore`;
// `load()` drains the queue, swaps `semaphore.push` for its router and sets `semaphore.loaded`.
// `on('consent')` replays the current value at once; consent is resolved (defaults included)
// on load, before any banner; each change writes `_ketch_consent_v1_` (cookie + localStorage).
type W = Window & Record<string, unknown>
type Listener = (value: unknown) => void
const w = () => window as unknown as W

export interface FakeKetch {
  /** The user saves these purposes in the banner or preference center. */
  save(purposes: Record<string, boolean>): void
  readonly consent: { purposes: Record<string, boolean> } | undefined
  listeners(event: string): number
}

/** The embed snippet every Ketch page carries before the tag. */
export function installKetchSnippet(): void {
  w().semaphore = w().semaphore ?? []
  w().ketch = function ketch() {
    ;(w().semaphore as unknown[]).push(arguments)
  }
}

export function loadKetch({ purposes = { essential_services: true, analytics: false, targeted_advertising: false } as Record<string, boolean> } = {}): FakeKetch {
  const listeners = new Map<string, Set<Listener>>()
  let consent: { purposes: Record<string, boolean> } | undefined
  const emit = (event: string, value: unknown) => {
    for (const listener of [...(listeners.get(event) ?? [])]) listener(value)
  }
  const store = () => {
    const value = btoa(JSON.stringify(Object.fromEntries(Object.entries(consent?.purposes ?? {}).map(([code, granted]) => [code, { status: granted ? 'granted' : 'denied', canonicalPurposes: [code] }]))))
    document.cookie = `_ketch_consent_v1_=${value}; path=/`
    localStorage.setItem('_ketch_consent_v1_', value)
  }
  const setConsent = (next: { purposes: Record<string, boolean> }, user: boolean) => {
    const changed = JSON.stringify(next.purposes) !== JSON.stringify(consent?.purposes)
    consent = { purposes: { ...next.purposes } }
    store()
    if (!changed) return
    emit('consent', consent)
    if (user) emit('userConsentUpdated', consent)
  }
  const actions: Record<string, (...args: unknown[]) => void> = {
    on(event, listener) {
      const set = listeners.get(event as string) ?? new Set()
      listeners.set(event as string, set.add(listener as Listener))
      if (event === 'consent' && consent) (listener as Listener)(consent)
    },
    off(event, listener) {
      listeners.get(event as string)?.delete(listener as Listener)
    },
    getConsent(resolve) {
      ;(resolve as Listener)(consent)
    },
    setConsent(value) {
      setConsent(value as { purposes: Record<string, boolean> }, true)
    },
  }
  const route = (command: ArrayLike<unknown>) => {
    const [action, ...args] = Array.from(command)
    actions[action as string]?.(...args)
  }
  const queue = (w().semaphore as ArrayLike<unknown>[] | undefined) ?? []
  const semaphore = Object.assign([] as unknown[], { loaded: true, push: (command: ArrayLike<unknown>) => (route(command), 0) })
  w().semaphore = semaphore
  if (typeof w().ketch !== 'function') installKetchSnippet()
  // The tag resolves consent (opt-out purposes granted) before it shows any banner.
  setConsent({ purposes }, false)
  for (const command of Array.from(queue)) route(command)
  return {
    save: (next) => setConsent({ purposes: { ...consent?.purposes, ...next } }, true),
    get consent() {
      return consent
    },
    listeners: (event) => listeners.get(event)?.size ?? 0,
  }
}

export function uninstallKetch(): void {
  delete w().semaphore
  delete w().ketch
  document.cookie = '_ketch_consent_v1_=; expires=Thu, 01 Jan 1970 00:00:00 GMT; path=/'
  localStorage.removeItem('_ketch_consent_v1_')
}
