// A fake OneTrust that follows the real sequencing (cmp-apis.md §1): the stub phase leaves a
// partial `window.OneTrust`, `load()` assigns the real globals synchronously, calls OptanonWrapper,
// and dispatches `consent.onetrust` / `OneTrustGroupsUpdated` in a later macrotask; every save
// writes the real cookie formats and notifies the same way.
import { domainData } from '../fixtures/onetrust-domain-data.js'

type W = Window & Record<string, unknown>
const w = () => window as unknown as W

export interface FakeOneTrust {
  /** The user saves: the new active group ids (always-active groups are added). */
  save(active: readonly string[]): void
  /** How often each method was called. */
  calls: Record<string, number>
}

/** The stub phase: `otSDKStub.js` with a geolocation override publishes a partial object. */
export function installOneTrustStub(): void {
  w().OneTrust = { geolocationResponse: { countryCode: 'DE', stateCode: '' } }
}

const toActiveString = (ids: readonly string[]) => `,${ids.join(',')},`

export interface LoadOptions {
  active?: string[]
  groups?: unknown[]
  /** Whether the visitor closed the banner on an earlier page (OptanonAlertBoxClosed exists). @default true */
  closed?: boolean
  model?: unknown
  showAlertNotice?: boolean
  wrapperTwice?: boolean
}

export function loadOneTrust({
  active = ['C0001'],
  groups = domainData.Groups as unknown[],
  closed = true,
  model = 'opt-in',
  showAlertNotice = true,
  wrapperTwice = false,
}: LoadOptions = {}): FakeOneTrust {
  const win = w()
  const calls: Record<string, number> = {}
  const count = (name: string) => (calls[name] = (calls[name] ?? 0) + 1)
  let current = [...active]
  const publish = (ids: readonly string[]) => {
    current = [...new Set(['C0001', ...ids])]
    win.OnetrustActiveGroups = win.OptanonActiveGroups = toActiveString(current)
    const groupsParam = (groups as { CustomGroupId?: string }[]).map((g) => `${String(g.CustomGroupId).trim()}:${current.includes(String(g.CustomGroupId).trim()) ? 1 : 0}`).join(',')
    document.cookie = `OptanonConsent=${`isGpcEnabled=0&datestamp=${encodeURIComponent(new Date().toString()).replace(/%20/g, '+')}&version=202409.2.0&isIABGlobal=false&hosts=&consentId=0b6f4a8e-1d2c-4f3b-9a7e-5c8d2e1f0a11&interactionCount=1&landingPath=NotLandingPage&groups=${encodeURIComponent(groupsParam)}&geolocation=DE%3BBE&AwaitingReconsent=false`}; path=/`
  }
  const notify = () =>
    setTimeout(() => {
      if (current.length === 0) return
      dispatchEvent(new CustomEvent('consent.onetrust', { detail: [...current] }))
      dispatchEvent(new CustomEvent('OneTrustGroupsUpdated', { detail: [...current] }))
      setTimeout(() => dispatchEvent(new Event('OTConsentApplied')))
    })
  const save = (ids: readonly string[]) => {
    closed = true
    document.cookie = `OptanonAlertBoxClosed=${new Date().toISOString()}; path=/`
    publish(ids)
    if (typeof win.OptanonWrapper === 'function') (win.OptanonWrapper as () => void)()
    notify()
  }
  const api = {
    GetDomainData: () => (count('GetDomainData'), { Groups: groups, ConsentModel: { Name: model }, ShowAlertNotice: showAlertNotice }),
    OnConsentChanged: (callback: EventListener) => (count('OnConsentChanged'), addEventListener('consent.onetrust', callback)),
    IsAlertBoxClosed: () => closed,
    // AllowAll / RejectAll: OneTrust's "Web CMP JavaScript Methods" page (developer.onetrust.com/
    // onetrust/docs/javascript-api). Each is one save; always-active C0001 stays active.
    AllowAll: () => (count('AllowAll'), save((groups as { CustomGroupId: string }[]).map((g) => g.CustomGroupId.trim()))),
    RejectAll: () => (count('RejectAll'), save([])),
    // UpdateConsent("Category", "C0001:1,C0002:1,C0003:0"): the comma-separated multi-group form a
    // OneTrust partner documents (help.observepoint.com/en/articles/10225036-onetrust-for-custom-
    // consent-states); groups not named keep their state, and the call is one save.
    UpdateConsent: (type: string, value: string) => {
      count('UpdateConsent')
      if (type !== 'Category') return
      let next = [...current]
      for (const pair of value.split(',')) {
        const [id, flag] = pair.split(':')
        if (!id || (flag !== '0' && flag !== '1')) throw new Error(`UpdateConsent: malformed ${JSON.stringify(pair)}`)
        next = flag === '1' ? [...next.filter((g) => g !== id), id] : next.filter((g) => g !== id)
      }
      save(next)
    },
    Close: () => save(current),
    ToggleInfoDisplay: () => {},
    LoadBanner: () => {},
  }
  publish(active)
  if (closed) document.cookie = `OptanonAlertBoxClosed=2025-01-15T09:04:46.144Z; path=/`
  win.OneTrust = win.Optanon = api
  const dataLayer = ((win.dataLayer as unknown[]) ??= [])
  dataLayer.push({ event: 'OneTrustLoaded', OnetrustActiveGroups: win.OnetrustActiveGroups })
  if (typeof win.OptanonWrapper === 'function') (win.OptanonWrapper as () => void)()
  if (wrapperTwice && typeof win.OptanonWrapper === 'function') (win.OptanonWrapper as () => void)()
  notify()
  return { save, calls }
}

export function uninstallOneTrust(): void {
  for (const key of ['OneTrust', 'Optanon', 'OnetrustActiveGroups', 'OptanonActiveGroups', 'OptanonWrapper', 'dataLayer']) delete w()[key]
  document.cookie = 'OptanonConsent=; expires=Thu, 01 Jan 1970 00:00:00 GMT; path=/'
  document.cookie = 'OptanonAlertBoxClosed=; expires=Thu, 01 Jan 1970 00:00:00 GMT; path=/'
}
