// A fake TrustArc CCM notice (cmp-apis.md §2): `truste.cma.callApi` answers from 0-based levels,
// `submit()` writes the real cookie formats, pushes to dataLayer and posts the preference
// manager's JSON message (TrustArc's own handler runs first, as on a real page).
type W = Window & Record<string, unknown>
const w = () => window as unknown as W

export interface FakeTrustArc {
  /** The user saves these 0-based levels in the preference manager. */
  submit(levels: readonly number[], options?: { bareString?: boolean }): void
  /**
   * Cross-domain consent (`feat.crossDomain`): TrustArc's frame answers `getPreference` with the
   * choice made on a sibling domain (0-based levels), or with none (`undefined`, as when its 4.5 s
   * timeout fires first). Only then is `feat.isConsentRetrieved` true.
   */
  retrieve(levels: readonly number[] | undefined): void
  calls: number
}

const expire = (name: string) => (document.cookie = `${name}=; expires=Thu, 01 Jan 1970 00:00:00 GMT; path=/`)

/** Writes the cookies a previous page's save left behind (0-based levels). */
export function writeTrustArcCookies(levels: readonly number[], delimiter = ','): void {
  document.cookie = `notice_gdpr_prefs=${levels.join(delimiter)}:; path=/`
  document.cookie = `notice_preferences=${levels.at(-1) ?? 0}:; path=/`
  document.cookie = `cmapi_cookie_privacy=permit ${levels.map((l) => l + 1).join(',')}; path=/`
}

export function loadTrustArc({
  levels,
  behavior = 'expressed',
  behaviorManager = 'eu',
  categoryCount = 3,
  crossDomain = false,
}: {
  levels?: readonly number[]
  behavior?: string
  behaviorManager?: string
  categoryCount?: number
  crossDomain?: boolean
} = {}): FakeTrustArc {
  let current = levels ? [...levels] : undefined
  const fake: FakeTrustArc = { submit, retrieve, calls: 0 }
  // Notice script v1.7 (truste.eu.init): without cross-domain consent the preference is
  // retrieved at once; with it, only when the frame's `cookie_data` answer (or the timeout) comes.
  const bindMap = {
    domain: location.hostname,
    behavior,
    behaviorManager,
    categoryCount,
    prefCookie: current?.join(',') ?? '',
    feat: { gcm: false, gpc: false, crossDomain, isConsentRetrieved: !crossDomain },
  }
  if (current) writeTrustArcCookies(current)
  // Like the notice script's secondaryAction, the answer comes from the notice_gdpr_prefs cookie.
  const callApi = (action: string, _self: unknown) => {
    fake.calls++
    const saved = /notice_gdpr_prefs=([\d,|]+)(?::|%3A)/.exec(document.cookie)?.[1]
    current = saved ? saved.split(/[,|]/).map(Number) : undefined
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
      // actmessage `case 'cookie_data'`: once only, writes notice_gdpr_prefs and sets
      // feat.isConsentRetrieved; no submit_preferences follows.
      if (message.message === 'cookie_data' && !bindMap.feat.isConsentRetrieved) {
        const value = typeof message.data === 'object' ? message.data.value : undefined
        if (value) {
          current = value.split(':')[0]!.split(',').map(Number)
          bindMap.prefCookie = current.join(',')
          writeTrustArcCookies(current)
        }
        bindMap.feat.isConsentRetrieved = true
        return
      }
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
  function retrieve(levels: readonly number[] | undefined) {
    const data = levels ? { value: `${levels.join(',')}:`, expires: new Date(Date.now() + 864e5).toUTCString() } : {}
    dispatchEvent(new MessageEvent('message', { data: JSON.stringify({ source: 'preference_manager', message: 'cookie_data', data }), origin: 'https://consent-pref.trustarc.com' }))
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
