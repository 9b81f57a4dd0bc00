import { afterEach, describe, expect, it } from 'vitest'
import type { AdapterReading, Category, ConsentAdapter } from 'consentry'
import { pathToFileURL } from 'node:url'
import * as customSource from '../../adapters/custom/index.js'
import * as gppSource from '../../adapters/gpp/index.js'
import * as ketchSource from '../../adapters/ketch/index.js'
import * as oneTrustSource from '../../adapters/onetrust/index.js'
import * as tcfSource from '../../adapters/tcf/index.js'
import * as trustArcSource from '../../adapters/trustarc/index.js'
import { garbage, maybe, peek, pick, random, type Rand } from './generate.js'

// For each adapter: 10,000 generated payloads through its real CMP globals (`npm run fuzz`, or
// FUZZ_FULL=1). Nothing may escape into the page, and every granted category must be backed by the
// payload (checked by a plain oracle written from the CMP's documented format, not from the
// adapter's code). Where the generator varies a mapped value's type (TCF, Ketch), a reading from a
// payload holding one outside the documented format must come with an invalid-reading report.
// `npm test` runs the first 2,500 of the same seeded sequence per adapter and pass: every
// generator branch is still drawn many times over, at a quarter of the time.
const RUNS = process.env.FUZZ_FULL ? 10_000 : 2_500
const categories: Category[] = ['a', 'b', 'c'].map((id) => ({ id, name: id, enforcement: 'opt-in' }))
const w = window as unknown as Record<string, unknown>

afterEach(() => {
  for (const key of ['OneTrust', 'OnetrustActiveGroups', 'OptanonWrapper', 'truste', 'semaphore', 'ketch', '__tcfapi', '__gpp']) delete w[key]
  document.cookie = 'notice_gdpr_prefs=; expires=Thu, 01 Jan 1970 00:00:00 GMT; path=/'
})

interface Run {
  /**
   * The adapter hands the CMP's reading to the manager as it is (the custom adapter: `read()` is
   * keyed by category ids already), so an id that is no configured category is the manager's to
   * deny and report (test/core/adapter-lifecycle.test.ts), not a grant of this adapter.
   */
  asIs?: boolean
  /**
   * Installs the payload on the page; returns a trigger that makes the CMP announce it again, and
   * the oracle: may `category` be granted, in a decision (`decided`) or in the CMP's pre-choice
   * defaults passed to `undecided`?
   */
  install(rand: Rand): {
    trigger?: () => void
    oracle(category: string, decided: boolean): boolean
    /** The payload holds, under an id the adapter maps, a value outside the vendor's documented format: a reading must come with a report. */
    malformed?(): boolean
  }
}

/** An own property, as the CMP's documented format means it (inherited values are not data). */
const own = (value: unknown, key: PropertyKey): unknown => (typeof value === 'object' && value !== null && Object.hasOwn(value, key) ? (value as Record<PropertyKey, unknown>)[key] : undefined)

// Values a hostile or buggy script may add to Object.prototype: every field name the adapters
// read, set to the value that would grant. The polluted pass must find no more grants.
const POLLUTION: Record<string, unknown> = {
  a: true,
  b: true,
  c: true,
  analytics: true,
  ads: true,
  personalization: true,
  email: true,
  1: true,
  2: true,
  3: true,
  4: true,
  8: true,
  755: true,
  SaleOptOut: 2,
  SharingOptOut: 2,
  TargetedAdvertisingOptOut: 2,
  SensitiveDataProcessingOptOut: 2,
  usnat: { SaleOptOut: 2 },
  usmn: { SaleOptOut: 2 },
  uspv1: '1YNN',
  OptOutSale: 'N',
  Notice: 'Y',
  Name: 'opt-out',
  ShowAlertNotice: false,
  CustomGroupId: 'C0002',
  Status: 'always active',
  Groups: [],
  purposes: { analytics: true },
  source: 'asserted',
  consentDecision: [1, 2, 3, 4],
  behavior: 'implied',
  behaviorManager: 'us',
  categoryCount: 4,
  feat: {},
  gdprApplies: true,
  eventStatus: 'tcloaded',
  signalStatus: 'ready',
  applicableSections: [7],
  parsedSections: {},
}

// The built files get the polluted pass only, at half the payloads: the sources' clean and polluted
// passes already cover the logic, this one covers what the build made of it.
let passes: [string, boolean][] = []
let runs = RUNS

function fuzz(name: string, adapter: ConsentAdapter, run: Run, seed: number) {
  const RUNS = runs
  it.each(passes)(
    `${name}: ${RUNS} payloads (%s), no escaped exception, no grant the payload lacks, no malformed value unreported`,
    (_, polluted) => {
      const rand = random(seed)
      let escaped = 0
      let grants = 0
      let readings = 0
      let unsupported = 0
      let unreported = 0
      for (let i = 0; i < RUNS; i++) {
        const { trigger, oracle, malformed } = run.install(rand)
        const seen: [AdapterReading | undefined, boolean][] = []
        const reported: string[] = []
        if (polluted) Object.assign(Object.prototype, POLLUTION)
        try {
          const stop = adapter.watch((reading) => void seen.push([reading, true]), { categories, report: (e) => void reported.push(e.code), undecided: (reading) => void seen.push([reading, false]) })
          trigger?.()
          trigger?.()
          stop()
        } catch {
          escaped++
        } finally {
          for (const key in POLLUTION) delete (Object.prototype as Record<string, unknown>)[key]
        }
        if (!polluted && seen.some(([reading]) => reading !== undefined) && peek(() => malformed?.() === true, false) && !reported.includes('invalid-reading')) unreported++
        for (const [reading, decided] of seen) {
          readings++
          for (const [id, granted] of Object.entries(reading ?? {})) {
            if (granted !== true) continue
            grants++
            const known = categories.some((c) => c.id === id)
            if (!known && run.asIs) continue
            if (!known || !oracle(id, decided)) unsupported++
          }
        }
      }
      console.log(`fuzz ${name} (${polluted ? 'polluted' : 'clean'}): ${RUNS} payloads, ${readings} readings, ${grants} grants, ${escaped} escaped exceptions, ${unsupported} unsupported grants`)
      expect(escaped).toBe(0)
      expect(unsupported).toBe(0)
      expect(unreported).toBe(0)
      expect(grants).toBeGreaterThan(100) // the generator must reach real grants, or the test proves nothing
    },
    60_000,
  )
}

const tokens = (value: unknown) => (typeof value === 'string' ? value.split(',').map((s) => s.trim()) : [])

/** The adapter factories, from the sources or from the built files a site installs. */
interface Factories {
  customAdapter: typeof customSource.customAdapter
  gpp: typeof gppSource.gpp
  ketch: typeof ketchSource.ketch
  oneTrust: typeof oneTrustSource.oneTrust
  tcf: typeof tcfSource.tcf
  trustArc: typeof trustArcSource.trustArc
}

const source: Factories = { ...customSource, ...gppSource, ...ketchSource, ...oneTrustSource, ...tcfSource, ...trustArcSource }
// The published ESM files in dist/ (npm test builds before it tests), each with its own copy of
// the shared helpers and the built core: the artifact a site bundles, not its sources.
const built = Object.assign(
  {},
  ...(await Promise.all(['custom', 'gpp', 'ketch', 'onetrust', 'tcf', 'trustarc'].map((name) => import(pathToFileURL(`${process.cwd()}/dist/adapters/${name}/index.js`).href)))),
) as Factories

for (const [label, { customAdapter, gpp, ketch, oneTrust, tcf, trustArc }] of [
  ['sources', source],
  ['dist', built],
] as const)
  describe(`adapter fuzzing (${label})`, () => {
    passes =
      label === 'dist'
        ? [['polluted Object.prototype', true]]
        : [
            ['clean', false],
            ['polluted Object.prototype', true],
          ]
    runs = label === 'dist' ? RUNS / 2 : RUNS
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
              ConsentModel: maybe(rand, () => ({ Name: pick(rand, ['opt-in', 'implied consent', 'opt-out', 'notice only', 'custom', 'Opt-Out']) }), ['Name']),
              ShowAlertNotice: maybe(rand, () => rand() < 0.5),
            }),
            ['Groups', 'ConsentModel', 'ShowAlertNotice'],
          )
          const closed = maybe(rand, () => rand() < 0.5)
          w.OnetrustActiveGroups = active
          w.OneTrust = maybe(
            rand,
            () => ({ GetDomainData: maybe(rand, () => () => domain, [], 0.95), OnConsentChanged: () => {}, IsAlertBoxClosed: () => closed }),
            ['GetDomainData', 'OnConsentChanged', 'IsAlertBoxClosed'],
            0.9,
          )
          // Only under the opt-out and notice-only models are the active groups the choice from the
          // start; under any other OneTrust knows it once the banner closed, or with no banner.
          const known = () =>
            peek(() => {
              const name = own(own(domain, 'ConsentModel'), 'Name')
              return name === 'opt-out' || name === 'notice only' || own(domain, 'ShowAlertNotice') === false || closed === true
            }, true)
          return {
            trigger: () => dispatchEvent(new CustomEvent('OneTrustGroupsUpdated')),
            // Granted, in a decision or in OneTrust's pre-choice defaults, only while active and configured.
            oracle: (category, decided) =>
              (!decided || known()) &&
              ([] as string[]).concat(groups[category as keyof typeof groups]).every((id) =>
                peek(() => {
                  const list = own(domain, 'Groups')
                  return tokens(active).includes(id) && Array.isArray(list) && list.some((g) => typeof own(g, 'CustomGroupId') === 'string' && (own(g, 'CustomGroupId') as string).trim() === id)
                }, false),
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
              oracle: (category, decided) =>
                decided &&
                ([] as number[]).concat(buckets[category as keyof typeof buckets]).every((bucket) => {
                  const raw = /notice_gdpr_prefs=([^;]*)/.exec(document.cookie)?.[1] ?? ''
                  const colon = raw.search(/:|%3A/)
                  return (
                    colon > 0 &&
                    raw
                      .slice(0, colon)
                      .split(/[,|]/)
                      .includes(String(bucket - 1))
                  )
                }),
            }
          }
          document.cookie = 'notice_gdpr_prefs=; expires=Thu, 01 Jan 1970 00:00:00 GMT; path=/'
          const answer = maybe(
            rand,
            () => ({ source: maybe(rand, () => pick(rand, ['asserted', 'implied', 'unprovisioned'])), consentDecision: maybe(rand, () => [1, 2, 3, 4].filter(() => rand() < 0.5)) }),
            ['source', 'consentDecision'],
          )
          const bindMap = maybe(
            rand,
            () => ({
              behavior: maybe(rand, () => pick(rand, ['implied', 'expressed'])),
              behaviorManager: maybe(rand, () => pick(rand, ['eu', 'us', 'na', 'an', 'EU', 'US'])),
              categoryCount: maybe(rand, () => pick(rand, [1, 2, 3, 4])),
              feat: maybe(rand, () => ({ crossDomain: rand() < 0.3, isConsentRetrieved: rand() < 0.5 }), ['crossDomain', 'isConsentRetrieved']),
            }),
            ['behavior', 'behaviorManager', 'categoryCount', 'feat'],
          )
          w.truste = maybe(rand, () => ({ eu: { bindMap }, cma: { callApi: maybe(rand, () => () => answer, [], 0.95) } }), ['eu', 'cma'], 0.95)
          const message = JSON.stringify({ source: 'preference_manager', message: pick(rand, ['submit_preferences', 'cookie_data']), data: { value: '0' } })
          return {
            trigger: () => dispatchEvent(new MessageEvent('message', { data: message })),
            // A decision grants the asserted buckets; before a choice (implied, unprovisioned) only
            // bucket 1, or every counted bucket where TrustArc's default is opt-out (implied, us/na).
            oracle: (category, decided) =>
              ([] as number[]).concat(buckets[category as keyof typeof buckets]).every((bucket) =>
                peek(() => {
                  const source = own(answer, 'source')
                  const list = own(answer, 'consentDecision')
                  if (decided) return source === 'asserted' && Array.isArray(list) && list.includes(bucket)
                  const count = own(bindMap, 'categoryCount')
                  const optOut = source === 'implied' && own(bindMap, 'behavior') === 'implied' && ['us', 'na'].includes(own(bindMap, 'behaviorManager') as string) && typeof count === 'number'
                  return (source === 'implied' || source === 'unprovisioned') && (bucket === 1 || (optOut && bucket <= (count as number)))
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
          const consent = maybe(
            rand,
            () => ({ purposes: maybe(rand, () => Object.fromEntries(codes.filter(() => rand() < 0.8).map((code) => [code, maybe(rand, () => rand() < 0.6, [], 0.85)])), codes) }),
            ['purposes'],
          )
          const listeners = new Set<(value: unknown) => void>()
          w.ketch = (action: string, event: string, listener: (value: unknown) => void) => {
            if (action === 'on') listeners.add(listener)
          }
          const odd = (value: unknown) => value !== undefined && typeof value !== 'boolean'
          return {
            trigger: () => listeners.forEach((l) => l(consent)),
            malformed: () =>
              Object.values(purposes)
                .flat()
                .some((code) => odd(own(own(consent, 'purposes'), code))),
            // Only own `true` grants; a decision needs every mapped purpose set (no undefined left).
            oracle: (category, decided) =>
              peek(() => {
                const given = own(consent, 'purposes')
                const set = Object.values(purposes)
                  .flat()
                  .every((code) => typeof own(given, code) === 'boolean')
                return (!decided || set) && ([] as string[]).concat(purposes[category as keyof typeof purposes]).every((code) => own(given, code) === true)
              }, false),
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
              gdprApplies: maybe(rand, () => rand() < 0.85),
              listenerId: maybe(rand, () => 0),
              purpose: maybe(rand, () => ({ consents: vector([1, 2, 3, 4, 8, 9]) }), ['consents']),
              vendor: maybe(rand, () => ({ consents: vector([1, 755]) }), ['consents']),
            }),
            ['eventStatus', 'gdprApplies', 'purpose', 'vendor'],
          )
          const success = maybe(rand, () => true, [], 0.9)
          const listeners: ((...args: unknown[]) => void)[] = []
          w.__tcfapi = (command: string, _version: number, callback: (...args: unknown[]) => void) => {
            if (command === 'addEventListener') listeners.push(callback), callback(data, success)
          }
          const consented = (part: 'purpose' | 'vendor', id: number) => peek(() => own(own(own(data, part), 'consents'), id) === true, false)
          const odd = (value: unknown) => value !== undefined && typeof value !== 'boolean'
          const ids = (map: Record<string, number | number[]>) => Object.values(map).flat()
          return {
            trigger: () => listeners.forEach((l) => l(data, success)),
            malformed: () => ids(tcfPurposes).some((id) => odd(own(own(own(data, 'purpose'), 'consents'), id))) || ids(tcfVendors).some((id) => odd(own(own(own(data, 'vendor'), 'consents'), id))),
            // A decision (tcloaded, useractioncomplete) grants; cmpuishown's pre-choice consents go
            // to undecided (the core then grants only opt-out categories they grant); TCF's "GDPR
            // does not apply" and unusable data pass no reading.
            oracle: (category, decided) =>
              Object.hasOwn(tcfPurposes, category) &&
              peek(() => {
                const status = own(data, 'eventStatus')
                return own(data, 'gdprApplies') === true && (decided ? status === 'tcloaded' || status === 'useractioncomplete' : status === 'cmpuishown')
              }, false) &&
              ([] as number[]).concat(tcfPurposes[category as keyof typeof tcfPurposes] ?? []).every((id) => consented('purpose', id)) &&
              ([] as number[]).concat(tcfVendors[category as keyof typeof tcfVendors] ?? []).every((id) => consented('vendor', id)),
          }
        },
      },
      4,
    )

    // `SensitiveDataProcessingOptOut` is no US section's field (a malformed option now): c follows a
    // real one, and the generated sections still carry that name and Gpc as decoys.
    const optOuts = { a: 'SaleOptOut', b: ['SaleOptOut', 'SharingOptOut', 'TargetedAdvertisingOptOut'], c: 'TargetedAdvertisingOptOut' }
    fuzz(
      'gpp',
      gpp({ optOuts, timeoutMs: 0 }),
      {
        install(rand) {
          const fields = ['SaleOptOut', 'SharingOptOut', 'TargetedAdvertisingOptOut', 'SensitiveDataProcessingOptOut', 'Gpc']
          const section = () => Object.fromEntries(fields.filter(() => rand() < 0.7).map((f) => [f, maybe(rand, () => pick(rand, [0, 1, 2, 2, 2]), [], 0.85)]))
          const uspv1 = () =>
            rand() < 0.5 ? `1${pick(rand, ['Y', 'N', '-'])}${pick(rand, ['Y', 'N', '-'])}N` : { Version: 1, Notice: pick(rand, ['Y', 'N', '-']), OptOutSale: pick(rand, ['Y', 'N', '-']) }
          const US = 'uspv1 usnat usca usva usco usut usct usfl usmt usor ustx usde usia usne usnh usnj ustn usmn usmd usin usky usri'.split(' ')
          const applicable = [pick(rand, [6, 7, 8, 9, 22, 23, 24, 25, 26, 27, 2, -1, 28])].concat(rand() < 0.2 ? [pick(rand, [6, 7, 27])] : [])
          const parsed = Object.fromEntries(
            applicable
              .filter(() => rand() < 0.95)
              .map((id) => {
                const prefix = US[id - 6] ?? 'tcfeuv2'
                return [prefix, maybe(rand, () => (prefix === 'uspv1' ? uspv1() : rand() < 0.3 ? [section(), section()] : section()), [prefix])]
              }),
          )
          const pingData = maybe(
            rand,
            () => ({
              signalStatus: maybe(rand, () => pick(rand, ['ready', 'ready', 'not ready'])),
              applicableSections: maybe(rand, () => applicable),
              parsedSections: maybe(rand, () => parsed, Object.keys(parsed)),
            }),
            ['signalStatus', 'applicableSections', 'parsedSections'],
          )
          const event = maybe(rand, () => ({ eventName: 'signalStatus', listenerId: 1000, data: 'ready', pingData }), ['pingData'], 0.9)
          const listeners: ((...args: unknown[]) => void)[] = []
          w.__gpp = (command: string, callback: (...args: unknown[]) => void) => {
            if (command === 'addEventListener') listeners.push(callback), callback(event, true)
          }
          return {
            trigger: () => listeners.forEach((l) => l(event, true)),
            // Granted only in a decision, and only if the ready payload holds, in some US section, a
            // listed field at exactly 2 (did not opt out), or a uspv1 string/object with notice
            // given and no sale opt-out (for SaleOptOut).
            oracle: (category, decided) =>
              decided &&
              peek(() => {
                if (own(pingData, 'signalStatus') !== 'ready') return false
                const sections = own(pingData, 'parsedSections')
                const listed = ([] as string[]).concat(optOuts[category as keyof typeof optOuts])
                return US.some((prefix) => {
                  const value = own(sections, prefix)
                  if (prefix === 'uspv1') {
                    const [notice, sale] = typeof value === 'string' ? [value[1], value[2]] : [own(value, 'Notice'), own(value, 'OptOutSale')]
                    return listed.includes('SaleOptOut') && notice === 'Y' && sale === 'N'
                  }
                  return ([] as unknown[]).concat(value).some((part) => listed.some((f) => own(part, f) === 2))
                })
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
        asIs: true,
        install(rand) {
          const choice = maybe(rand, () => Object.fromEntries(['a', 'b', 'c', 'd'].filter(() => rand() < 0.8).map((id) => [id, maybe(rand, () => rand() < 0.5, [], 0.8)])), ['a', 'b', 'c'])
          w.customChoice = choice
          w.customReady = maybe(rand, () => true, [], 0.9)
          return {
            trigger: () => (w.customChanged as () => void)(),
            oracle: (category, decided) => decided && peek(() => own(choice, category) === true, false),
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
