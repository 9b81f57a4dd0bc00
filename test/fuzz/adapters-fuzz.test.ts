import { afterEach, describe, expect, it } from 'vitest'
import type { AdapterReading, Category, ConsentAdapter } from 'consentry'
import { customAdapter } from '../../adapters/custom/index.js'
import { gpp } from '../../adapters/gpp/index.js'
import { ketch } from '../../adapters/ketch/index.js'
import { oneTrust } from '../../adapters/onetrust/index.js'
import { tcf } from '../../adapters/tcf/index.js'
import { trustArc } from '../../adapters/trustarc/index.js'
import { garbage, maybe, peek, pick, random, type Rand } from './generate.js'

// For each adapter: 10,000 generated payloads through its real CMP globals. Nothing may escape
// into the page, and every granted category must be backed by the payload (checked by a plain
// oracle written from the CMP's documented format, not from the adapter's code).
const RUNS = 10_000
const categories: Category[] = ['a', 'b', 'c'].map((id) => ({ id, name: id, enforcement: 'opt-in' }))
const w = window as unknown as Record<string, unknown>

afterEach(() => {
  for (const key of ['OneTrust', 'OnetrustActiveGroups', 'OptanonWrapper', 'truste', 'semaphore', 'ketch', '__tcfapi', '__gpp']) delete w[key]
  document.cookie = 'notice_gdpr_prefs=; expires=Thu, 01 Jan 1970 00:00:00 GMT; path=/'
})

interface Run {
  /** Installs the payload on the page; returns a trigger that makes the CMP announce it again. */
  install(rand: Rand): { trigger?: () => void; oracle(category: string): boolean }
}

function fuzz(name: string, adapter: ConsentAdapter, run: Run, seed: number) {
  it(`${name}: ${RUNS} payloads, no escaped exception, no grant the payload lacks`, () => {
    const rand = random(seed)
    let escaped = 0
    let grants = 0
    let readings = 0
    let unsupported = 0
    for (let i = 0; i < RUNS; i++) {
      const { trigger, oracle } = run.install(rand)
      const seen: AdapterReading[] = []
      try {
        const stop = adapter.watch((reading) => void seen.push(reading), { categories, report: () => {}, undecided: () => {} })
        trigger?.()
        trigger?.()
        stop()
      } catch {
        escaped++
      }
      for (const reading of seen) {
        readings++
        for (const [id, granted] of Object.entries(reading)) {
          if (granted !== true) continue
          grants++
          if (!oracle(id)) unsupported++
        }
      }
    }
    console.log(`fuzz ${name}: ${RUNS} payloads, ${readings} readings, ${grants} grants, ${escaped} escaped exceptions, ${unsupported} unsupported grants`)
    expect(escaped).toBe(0)
    expect(unsupported).toBe(0)
    expect(grants).toBeGreaterThan(100) // the generator must reach real grants, or the test proves nothing
  })
}

const tokens = (value: unknown) => (typeof value === 'string' ? value.split(',').map((s) => s.trim()) : [])

describe('adapter fuzzing', () => {
  const groups = { a: 'C0002', b: ['C0003', 'C0004'], c: 'C0005' }
  const ids = ['C0001', 'C0002', 'C0003', 'C0004', 'C0005', 'C0009', ' C0004 ', '']
  fuzz(
    'onetrust',
    oneTrust({ groups }),
    {
      install(rand) {
        const active = maybe(rand, () => `,${ids.filter(() => rand() < 0.5).join(',')},`, ['length'])
        const domain = maybe(
          rand,
          () => ({
            Groups: maybe(rand, () => ids.filter(() => rand() < 0.8).map((id) => maybe(rand, () => ({ CustomGroupId: id }), ['CustomGroupId'], 0.9)), ['0', '1']),
            ConsentModel: maybe(rand, () => ({ Name: pick(rand, ['opt-in', 'implied consent', 'opt-out', 'notice only']) }), ['Name']),
            ShowAlertNotice: maybe(rand, () => rand() < 0.5),
          }),
          ['Groups', 'ConsentModel', 'ShowAlertNotice'],
        )
        const closed = maybe(rand, () => rand() < 0.5)
        w.OnetrustActiveGroups = active
        w.OneTrust = maybe(rand, () => ({ GetDomainData: maybe(rand, () => () => domain, [], 0.95), OnConsentChanged: () => {}, IsAlertBoxClosed: () => closed }), ['GetDomainData', 'OnConsentChanged', 'IsAlertBoxClosed'], 0.9)
        // Under an opt-in model OneTrust knows the choice only after the banner closed, or with no banner.
        const known = () =>
          peek(() => {
            const { ConsentModel, ShowAlertNotice } = domain as { ConsentModel: { Name: unknown }; ShowAlertNotice: unknown }
            const name = peek(() => ConsentModel.Name, undefined)
            return !(name === 'opt-in' || name === 'implied consent') || ShowAlertNotice === false || closed === true
          }, true)
        return {
          trigger: () => dispatchEvent(new CustomEvent('OneTrustGroupsUpdated')),
          oracle: (category) =>
            known() &&
            ([] as string[]).concat(groups[category as keyof typeof groups]).every((id) =>
              peek(() => tokens(active).includes(id) && (domain as { Groups: { CustomGroupId: unknown }[] }).Groups.some((g) => typeof g?.CustomGroupId === 'string' && g.CustomGroupId.trim() === id), false),
            ),
        }
      },
    },
    1,
  )

  const buckets = { a: 1, b: 2, c: [3, 4] }
  fuzz(
    'trustarc',
    trustArc({ buckets, timeoutMs: 0 }),
    {
      install(rand) {
        if (rand() < 0.2) {
          delete w.truste
          const cookie = maybe(rand, () => `${pick(rand, ['0', '0,1', '0|1|2|3', '1,2:', '3', 'x,1'])}${pick(rand, [':', '%3A', ':abc', ''])}`, [], 0.7)
          document.cookie = `notice_gdpr_prefs=${peek(() => String(cookie), '').replace(/[;\s]/g, '')}; path=/`
          return {
            oracle: (category) =>
              ([] as number[]).concat(buckets[category as keyof typeof buckets]).every((bucket) => {
                const raw = /notice_gdpr_prefs=([^;]*)/.exec(document.cookie)?.[1] ?? ''
                const colon = raw.search(/:|%3A/)
                return colon > 0 && raw.slice(0, colon).split(/[,|]/).includes(String(bucket - 1))
              }),
          }
        }
        document.cookie = 'notice_gdpr_prefs=; expires=Thu, 01 Jan 1970 00:00:00 GMT; path=/'
        const answer = maybe(rand, () => ({ source: maybe(rand, () => pick(rand, ['asserted', 'implied', 'unprovisioned'])), consentDecision: maybe(rand, () => [1, 2, 3, 4].filter(() => rand() < 0.5)) }), ['source', 'consentDecision'])
        const bindMap = maybe(rand, () => ({ behavior: maybe(rand, () => pick(rand, ['implied', 'expressed'])), categoryCount: maybe(rand, () => pick(rand, [1, 2, 3, 4])) }), ['behavior', 'categoryCount'])
        w.truste = maybe(rand, () => ({ eu: { bindMap }, cma: { callApi: maybe(rand, () => () => answer, [], 0.95) } }), ['eu', 'cma'], 0.95)
        const message = JSON.stringify({ source: 'preference_manager', message: 'submit_preferences', data: { value: '0' } })
        return {
          trigger: () => dispatchEvent(new MessageEvent('message', { data: message })),
          oracle: (category) =>
            ([] as number[]).concat(buckets[category as keyof typeof buckets]).every((bucket) =>
              peek(() => {
                const { source, consentDecision } = answer as { source: unknown; consentDecision: unknown }
                if (source === 'asserted') return Array.isArray(consentDecision) && consentDecision.includes(bucket)
                const { behavior, categoryCount } = bindMap as { behavior: unknown; categoryCount: unknown }
                return source === 'implied' && (bucket === 1 || (behavior === 'implied' && typeof categoryCount === 'number' && bucket <= categoryCount))
              }, false),
            ),
        }
      },
    },
    2,
  )

  const purposes = { a: 'analytics', b: ['ads', 'personalization'], c: 'email' }
  fuzz(
    'ketch',
    ketch({ purposes }),
    {
      install(rand) {
        const codes = ['analytics', 'ads', 'personalization', 'email', 'other']
        const consent = maybe(rand, () => ({ purposes: maybe(rand, () => Object.fromEntries(codes.filter(() => rand() < 0.8).map((code) => [code, maybe(rand, () => rand() < 0.6, [], 0.85)])), codes) }), ['purposes'])
        const listeners = new Set<(value: unknown) => void>()
        w.ketch = (action: string, event: string, listener: (value: unknown) => void) => {
          if (action === 'on') listeners.add(listener)
        }
        return {
          trigger: () => listeners.forEach((l) => l(consent)),
          oracle: (category) => ([] as string[]).concat(purposes[category as keyof typeof purposes]).every((code) => peek(() => (consent as { purposes: Record<string, unknown> }).purposes[code] === true, false)),
        }
      },
    },
    3,
  )

  const tcfPurposes = { a: [1, 8], b: 2, c: [3, 4] }
  const tcfVendors = { b: 755 }
  fuzz(
    'tcf',
    tcf({ purposes: tcfPurposes, vendors: tcfVendors, timeoutMs: 0 }),
    {
      install(rand) {
        const vector = (ids: number[]) => maybe(rand, () => Object.fromEntries(ids.map((id) => [id, maybe(rand, () => rand() < 0.6, [], 0.9)])), ids.map(String))
        const data = maybe(
          rand,
          () => ({
            eventStatus: maybe(rand, () => pick(rand, ['tcloaded', 'useractioncomplete', 'cmpuishown'])),
            gdprApplies: maybe(rand, () => rand() < 0.9),
            listenerId: maybe(rand, () => 0),
            purpose: maybe(rand, () => ({ consents: vector([1, 2, 3, 4, 8, 9]) }), ['consents']),
            vendor: maybe(rand, () => ({ consents: vector([1, 755]) }), ['consents']),
          }),
          ['eventStatus', 'gdprApplies', 'purpose', 'vendor'],
        )
        const success = maybe(rand, () => true, [], 0.9)
        const listeners: ((...args: unknown[]) => void)[] = []
        w.__tcfapi = (command: string, _version: number, callback: (...args: unknown[]) => void) => {
          if (command === 'addEventListener') (listeners.push(callback), callback(data, success))
        }
        const consented = (part: 'purpose' | 'vendor', id: number) => peek(() => (data as Record<string, { consents: Record<number, unknown> }>)[part]!.consents[id] === true, false)
        return {
          trigger: () => listeners.forEach((l) => l(data, success)),
          oracle: (category) =>
            peek(() => {
              const d = data as { gdprApplies: unknown; eventStatus: unknown }
              return d.gdprApplies === true && (d.eventStatus === 'tcloaded' || d.eventStatus === 'useractioncomplete')
            }, false) &&
            ([] as number[]).concat(tcfPurposes[category as keyof typeof tcfPurposes] ?? []).every((id) => consented('purpose', id)) &&
            ([] as number[]).concat(tcfVendors[category as keyof typeof tcfVendors] ?? []).every((id) => consented('vendor', id)),
        }
      },
    },
    4,
  )

  const optOuts = { a: 'SaleOptOut', b: ['SaleOptOut', 'SharingOptOut', 'TargetedAdvertisingOptOut'], c: 'SensitiveDataProcessingOptOut' }
  fuzz(
    'gpp',
    gpp({ optOuts, timeoutMs: 0 }),
    {
      install(rand) {
        const fields = ['SaleOptOut', 'SharingOptOut', 'TargetedAdvertisingOptOut', 'SensitiveDataProcessingOptOut', 'Gpc']
        const section = () => Object.fromEntries(fields.filter(() => rand() < 0.7).map((f) => [f, maybe(rand, () => pick(rand, [0, 1, 2]), [], 0.85)]))
        const prefix = pick(rand, ['usnat', 'usca', 'usva', 'tcfeuv2'])
        const pingData = maybe(
          rand,
          () => ({
            signalStatus: maybe(rand, () => pick(rand, ['ready', 'not ready'])),
            applicableSections: maybe(rand, () => [pick(rand, [7, 8, 9, 2, -1])]),
            parsedSections: maybe(rand, () => ({ [prefix]: maybe(rand, () => (rand() < 0.3 ? [section(), section()] : section())) }), [prefix]),
          }),
          ['signalStatus', 'applicableSections', 'parsedSections'],
        )
        const event = maybe(rand, () => ({ eventName: 'signalStatus', listenerId: 1000, data: 'ready', pingData }), ['pingData'], 0.9)
        const listeners: ((...args: unknown[]) => void)[] = []
        w.__gpp = (command: string, callback: (...args: unknown[]) => void) => {
          if (command === 'addEventListener') (listeners.push(callback), callback(event, true))
        }
        return {
          trigger: () => listeners.forEach((l) => l(event, true)),
          // Granted only if the ready payload holds, in some US section, a listed field at 0 or 2.
          oracle: (category) =>
            peek(() => {
              const ping = pingData as { signalStatus: unknown; parsedSections: Record<string, unknown> }
              if (ping.signalStatus !== 'ready') return false
              const parts = Object.entries(ping.parsedSections).filter(([key]) => key.startsWith('us')).flatMap(([, value]) => ([] as unknown[]).concat(value))
              const listed = ([] as string[]).concat(optOuts[category as keyof typeof optOuts])
              return parts.some((part) => listed.some((f) => (part as Record<string, unknown>)[f] === 0 || (part as Record<string, unknown>)[f] === 2))
            }, false),
        }
      },
    },
    5,
  )

  fuzz(
    'custom',
    customAdapter({ read: () => w.customChoice as Record<string, unknown>, subscribe: (changed) => void (w.customChanged = changed), ready: () => w.customReady === true }),
    {
      install(rand) {
        const choice = maybe(rand, () => Object.fromEntries(['a', 'b', 'c', 'd'].filter(() => rand() < 0.8).map((id) => [id, maybe(rand, () => rand() < 0.5, [], 0.8)])), ['a', 'b', 'c'])
        w.customChoice = choice
        w.customReady = maybe(rand, () => true, [], 0.9)
        return {
          trigger: () => (w.customChanged as () => void)(),
          oracle: (category) => peek(() => (choice as Record<string, unknown>)[category] === true, false),
        }
      },
    },
    6,
  )

  it('the generator produces hostile values', () => {
    const rand = random(7)
    const values = Array.from({ length: 500 }, () => garbage(rand, ['x']))
    expect(values.some((v) => Array.isArray(v) && v.length === 20_000)).toBe(true)
    expect(values.some((v) => typeof v === 'object' && v !== null && peek(() => (Object.keys(v), false), true))).toBe(true)
  })
})
