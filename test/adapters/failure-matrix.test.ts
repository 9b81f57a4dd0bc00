import { describe, expect, it } from 'vitest'
import { managerFactory, type ConsentOptions } from './setup.js'
import type { ConsentAdapter } from 'consentry'
import { gpp } from '../../adapters/gpp/index.js'
import { ketch } from '../../adapters/ketch/index.js'
import { oneTrust } from '../../adapters/onetrust/index.js'
import { tcf } from '../../adapters/tcf/index.js'
import { trustArc } from '../../adapters/trustarc/index.js'
import { loadOneTrust, uninstallOneTrust } from '../fakes/onetrust.js'
import { loadTrustArc, uninstallTrustArc } from '../fakes/trustarc.js'
import { loadKetch, uninstallKetch } from '../fakes/ketch.js'
import { loadTcfCmp, makeTcString, uninstallTcf } from '../fakes/tcf.js'
import { installGppStub, loadGppCmp, uninstallGpp } from '../fakes/gpp.js'
import { noticeGdprPrefs, optanonConsent } from '../fixtures/cmp-cookies.js'

// The same failure scenarios for every vendor adapter: the CMP never arrives, or arrives after
// the wait (granting "analytics"), and the priority rule between two ready CMPs.
const categories: ConsentOptions['categories'] = [
  { id: 'necessary', name: 'Necessary', enforcement: 'always' },
  { id: 'analytics', name: 'Analytics', enforcement: 'opt-in' },
]
const wait = (ms = 0) => new Promise((resolve) => setTimeout(resolve, ms))

interface Case {
  adapter: () => ConsentAdapter
  /** Loads the CMP with "analytics" granted. */
  grant(): void
}
const cases: Record<string, Case> = {
  onetrust: { adapter: () => oneTrust({ groups: { analytics: 'C0002' } }), grant: () => void loadOneTrust({ active: ['C0001', 'C0002'] }) },
  trustarc: { adapter: () => trustArc({ buckets: { analytics: 2 } }), grant: () => void loadTrustArc({ levels: [0, 1] }) },
  ketch: { adapter: () => ketch({ purposes: { analytics: 'analytics' } }), grant: () => void loadKetch({ purposes: { analytics: true } }) },
  tcf: { adapter: () => tcf({ purposes: { analytics: [1, 9] } }), grant: () => loadTcfCmp().update(makeTcString([1, 9]), false) },
  gpp: {
    adapter: () => gpp({ optOuts: { analytics: 'SaleOptOut' } }),
    grant: () => (installGppStub(), loadGppCmp()).decide('usnat', 7, { SaleOptOutNotice: 1, SaleOptOut: 2 }),
  },
}

const make = managerFactory(
  () => ({ categories, waitMs: 30 }),
  () => {
    uninstallOneTrust()
    uninstallTrustArc()
    uninstallKetch()
    uninstallTcf()
    uninstallGpp()
  },
)

describe.each(Object.entries(cases))('%s adapter failure behaviour', (name, { adapter, grant }) => {
  it('CMP never arrives: fail-closed until the wait, then the defaults, one cmp-timeout report', async () => {
    const { consent, errors } = make({ adapters: [adapter()] })
    expect(consent.get()).toMatchObject({ status: 'pending', categoryPreferences: { analytics: false } })
    await wait(60)
    expect(consent.get()).toMatchObject({ status: 'default', categoryPreferences: { analytics: false } })
    expect(errors.map((e) => e.code)).toEqual(['cmp-timeout'])
  })

  it('CMP arrives after the wait: it still decides, within one macrotask', async () => {
    const { consent, errors } = make({ adapters: [adapter()] })
    await wait(60)
    grant()
    await wait(name === 'trustarc' || name === 'tcf' || name === 'gpp' ? 120 : 0) // these poll for a late global
    expect(consent.get()).toMatchObject({ status: 'decided', source: 'cmp', adapter: name, categoryPreferences: { analytics: true } })
    expect(errors.map((e) => e.code)).toEqual(['cmp-timeout'])
  })

  it('CMP already decided before createConsent: decided at creation, no report', () => {
    grant()
    const { consent, errors } = make({ adapters: [adapter()] })
    expect(consent.get()).toMatchObject({ status: 'decided', adapter: name, categoryPreferences: { analytics: true } })
    expect(errors).toEqual([])
  })
})

describe('priority between adapters', () => {
  it('the first adapter in the list that is ready decides; the state names it', () => {
    cases.onetrust!.grant()
    cases.tcf!.grant()
    const a = make({ adapters: [cases.tcf!.adapter(), cases.onetrust!.adapter()] })
    expect(a.consent.get()).toMatchObject({ source: 'cmp', adapter: 'tcf' })
    a.consent.destroy()
    const b = make({ adapters: [cases.onetrust!.adapter(), cases.tcf!.adapter()] })
    expect(b.consent.get()).toMatchObject({ source: 'cmp', adapter: 'onetrust' })
  })

  it('a later adapter decides when the first one is not ready, and keeps deciding after the first arrives', async () => {
    cases.ketch!.grant()
    const { consent } = make({ adapters: [cases.onetrust!.adapter(), cases.ketch!.adapter()], waitMs: 500 })
    expect(consent.get()).toMatchObject({ adapter: 'ketch', categoryPreferences: { analytics: true } })
    loadOneTrust({ active: ['C0001'] })
    await wait()
    expect(consent.get()).toMatchObject({ adapter: 'ketch', categoryPreferences: { analytics: true } })
  })
})

describe('recorded cookie formats', () => {
  it.each(noticeGdprPrefs)('TrustArc fallback reads notice_gdpr_prefs=%s', (value, granted) => {
    document.cookie = `notice_gdpr_prefs=${value}; path=/`
    const { consent } = make({ adapters: [trustArc({ buckets: { necessary: 1, analytics: 2, ads: 3 } as Record<string, number> })], waitMs: 500 })
    expect(consent.get().categoryPreferences.analytics).toBe(granted.includes(2))
    expect(consent.get().status).toBe('decided')
  })

  it('the OneTrust fake writes OptanonConsent in the recorded format', () => {
    loadOneTrust({ active: ['C0001', 'C0002'] })
    const written = decodeURIComponent(/OptanonConsent=([^;]*)/.exec(document.cookie)?.[1] ?? '')
    const groups = (s: string) => new URLSearchParams(s).get('groups')
    expect(groups(written)).toBe('C0001:1,C0002:1,C0003:0,C0004:0,C0005:0')
    expect(groups(optanonConsent)).toBe('C0001:1,C0002:1,C0003:0,C0004:0')
    expect([...new URLSearchParams(written).keys()]).toEqual(expect.arrayContaining(['isGpcEnabled', 'datestamp', 'version', 'consentId', 'interactionCount', 'landingPath', 'groups', 'geolocation']))
  })
})
