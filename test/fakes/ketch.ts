// A fake Ketch tag (cmp-apis.md §3): the page snippet queues commands on `window.semaphore`;
// `load()` drains the queue, swaps `semaphore.push` for its router and sets `semaphore.loaded`.
// `on('consent')` replays the current value at once; each change writes `_ketch_consent_v1_`
// (cookie + localStorage). Consent is resolved on load as ketch-tag's Ketch.getConsent does
// (ketch-sdk/ketch-tag src/Ketch.ts): the stored consent, with every purpose that does not
// require opt-in filled with `true` and the opt-in ones left undefined, set (DEFAULT_STATE)
// before the experience shows. The experience sends every purpose when the visitor saves.
// `setConsent(consent, reason)` fires `userConsentUpdated` only for reason 'userUpdate' and a
// change (Ketch.setConsent).
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

/** The property's purposes: code → whether it requires opt-in. */
export const KETCH_PURPOSES: Record<string, boolean> = { essential_services: false, analytics: true, targeted_advertising: true, behavioral_advertising: true, email: false }

/** Loads the tag; `purposes` is the consent stored for a returning visitor (none: a first visit). */
export function loadKetch({ purposes = {} as Record<string, boolean>, config = KETCH_PURPOSES } = {}): FakeKetch {
  const listeners = new Map<string, Set<Listener>>()
  let consent: { purposes: Record<string, boolean> } | undefined
  const emit = (event: string, value: unknown) => {
    for (const listener of [...(listeners.get(event) ?? [])]) listener(value)
  }
  const store = () => {
    const value = btoa(
      JSON.stringify(Object.fromEntries(Object.entries(consent?.purposes ?? {}).map(([code, granted]) => [code, { status: granted ? 'granted' : 'denied', canonicalPurposes: [code] }]))),
    )
    document.cookie = `_ketch_consent_v1_=${value}; path=/`
    localStorage.setItem('_ketch_consent_v1_', value)
  }
  const setConsent = (next: { purposes: Record<string, boolean> }, reason?: unknown) => {
    const changed = JSON.stringify(next.purposes) !== JSON.stringify(consent?.purposes)
    consent = { purposes: { ...consent?.purposes, ...next.purposes } }
    store()
    if (!changed) return
    emit('consent', consent)
    if (reason === 'userUpdate') emit('userConsentUpdated', consent)
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
    setConsent(value, reason) {
      setConsent(value as { purposes: Record<string, boolean> }, reason)
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
  // The tag resolves consent (purposes not requiring opt-in granted) before it shows any banner.
  const resolved = { ...purposes }
  for (const [code, optIn] of Object.entries(config)) if (resolved[code] === undefined && !optIn) resolved[code] = true
  setConsent({ purposes: resolved }, 'defaultState')
  for (const command of Array.from(queue)) route(command)
  return {
    // The experience sends every purpose; opt-in ones the visitor left alone are false.
    save: (next) => setConsent({ purposes: { ...Object.fromEntries(Object.keys(config).map((code) => [code, !config[code]])), ...consent?.purposes, ...next } }, 'userUpdate'),
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
