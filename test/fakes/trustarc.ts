// A fake TrustArc CCM notice (cmp-apis.md §2): `truste.cma.callApi` answers from 0-based levels,
// `submit()` writes the real cookie formats, pushes to dataLayer and posts the preference
// manager's JSON message (TrustArc's own handler runs first, as on a real page).
type W = Window & Record<string, unknown>
const w = () => window as unknown as W

export interface FakeTrustArc {
  /** The user saves these 0-based levels in the preference manager. */
  submit(levels: readonly number[], options?: { bareString?: boolean }): void
  calls: number
}

const expire = (name: string) => (document.cookie = `${name}=; expires=Thu, 01 Jan 1970 00:00:00 GMT; path=/`)

/** Writes the cookies a previous page's save left behind (0-based levels). */
export function writeTrustArcCookies(levels: readonly number[], delimiter = ','): void {
  document.cookie = `notice_gdpr_prefs=${levels.join(delimiter)}:; path=/`
  document.cookie = `notice_preferences=${levels.at(-1) ?? 0}:; path=/`
  document.cookie = `cmapi_cookie_privacy=permit ${levels.map((l) => l + 1).join(',')}; path=/`
}

export function loadTrustArc({ levels, behavior = 'expressed', behaviorManager = 'eu', categoryCount = 3 }: { levels?: readonly number[]; behavior?: string; behaviorManager?: string; categoryCount?: number } = {}): FakeTrustArc {
  let current = levels ? [...levels] : undefined
  const fake: FakeTrustArc = { submit, calls: 0 }
  const bindMap = { domain: location.hostname, behavior, behaviorManager, categoryCount, prefCookie: current?.join(',') ?? '', feat: { gcm: false, gpc: false } }
  const callApi = (action: string, _self: unknown) => {
    fake.calls++
    if (action === 'getGDPRConsentDecision') return current ? { consentDecision: current.map((l) => l + 1), source: 'asserted' } : { consentDecision: [0], source: 'implied' }
    if (action === 'getConsentDecision') return current ? { consentDecision: (current.at(-1) ?? 0) + 1, source: 'asserted' } : { consentDecision: 0, source: 'implied' }
    return { error: 'Call is not available' }
  }
  const cma = { callApi }
  w().truste = { eu: { bindMap, version: 'v1.7-8834' }, cma, util: { readCookie: (name: string) => new RegExp(`${name}=([^;]*)`).exec(document.cookie)?.[1] ?? null } }
  w().PrivacyManagerAPI = cma
  // TrustArc's own message handler, registered when its script runs.
  addEventListener('message', onOwnMessage)
  function onOwnMessage(event: MessageEvent) {
    if (event.origin !== 'https://consent-pref.trustarc.com' || typeof event.data !== 'string') return
    try {
      const message = JSON.parse(event.data) as { message?: string; data?: { value?: string } | string }
      if (message.message !== 'submit_preferences') return
      const value = typeof message.data === 'string' ? message.data : message.data?.value
      current = String(value).split(',').map(Number)
      bindMap.prefCookie = current.join(',')
      writeTrustArcCookies(current)
      ;((w().dataLayer as unknown[]) ??= []).push({ event: 'useractioncomplete' })
    } catch {
      // not TrustArc's
    }
  }
  function submit(levels: readonly number[], { bareString = false } = {}) {
    const value = levels.join(',')
    const post = (data: unknown) => dispatchEvent(new MessageEvent('message', { data: JSON.stringify(data), origin: 'https://consent-pref.trustarc.com' }))
    post({ source: 'preference_manager', message: 'submit_preferences', data: bareString ? value : { value } })
    post({ source: 'preference_manager', message: 'remove_iframe', data: 'true' })
  }
  return fake
}

export function uninstallTrustArc(): void {
  for (const key of ['truste', 'PrivacyManagerAPI', 'dataLayer']) delete w()[key]
  for (const name of ['notice_gdpr_prefs', 'notice_preferences', 'cmapi_cookie_privacy']) expire(name)
}
