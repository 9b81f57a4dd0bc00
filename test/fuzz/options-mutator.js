// In-page fuzzer for createConsent() options (issue 12): runs in the browser against whatever
// `window.Consentry` is loaded, so the test drives the production script tag. Each round takes a
// valid configuration, applies 1–4 random mutations (wrong values, misspellings, inherited fields,
// throwing getters, hostile Proxies, duplicates, odd destination names, fuzzed CMP readings and
// set() calls, `regions` rules and `region` codes from the site or the CMP), then checks the invariant against an oracle that reads only own properties:
// nothing beyond `always`, explicit decisions and exactly-`opt-out` defaults is ever granted, and
// nothing throws into the page.

function random(seed) {
  // mulberry32: small, seedable, good enough to spread mutations.
  let a = seed >>> 0
  return () => {
    a = (a + 0x6d2b79f5) >>> 0
    let t = a
    t = Math.imul(t ^ (t >>> 15), t | 1)
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61)
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296
  }
}

const hasOwn = (o, k) => {
  try {
    return typeof o === 'object' && o !== null && Object.prototype.hasOwnProperty.call(o, k)
  } catch {
    return false
  }
}
// The oracle's reads: own data properties only; a getter or trap that throws reads as nothing.
const own = (o, k) => {
  try {
    return hasOwn(o, k) ? o[k] : undefined
  } catch {
    return undefined
  }
}

const show = (value) => {
  try {
    return typeof value === 'symbol' ? 'a symbol' : String(value)
  } catch {
    return 'a hostile object'
  }
}

const thrower = () => {
  throw new Error('hostile')
}
const hostileProxy = () => new Proxy({}, { get: thrower, has: thrower, ownKeys: thrower, getOwnPropertyDescriptor: thrower, getPrototypeOf: thrower })

function badValue(pick) {
  const pool = [
    () => 'OPT-OUT',
    () => 'opt_out',
    () => ' opt-out',
    () => 'optout',
    () => 'Opt-Out',
    () => 'ALWAYS',
    () => 'always ',
    () => 'opt-in ',
    () => 'opt-out',
    () => 'always',
    () => 'opt-in',
    () => 'allow',
    () => 'deny',
    () => 'Allow',
    () => true,
    () => false,
    () => 1,
    () => 0,
    () => null,
    () => undefined,
    () => NaN,
    () => '',
    () => 'constructor',
    () => [],
    () => ['analytics'],
    () => ['opt-out'],
    () => ({}),
    () => Object.create({ enforcement: 'always', id: 'analytics' }),
    () => ({ toString: () => 'opt-out' }),
    () => new String('opt-out'),
    () => hostileProxy(),
    () => () => 'opt-out',
    () => Symbol('x'),
  ]
  return pool[Math.floor(pick() * pool.length)]()
}

function base() {
  return {
    categories: [
      { id: 'necessary', name: 'N', enforcement: 'always' },
      { id: 'analytics', name: 'A', enforcement: 'opt-out', gpc: true },
      { id: 'ads', name: 'Ads', enforcement: 'opt-in' },
      { id: 'news', name: 'News', enforcement: 'opt-in', parent: 'ads' },
    ],
    destinations: { GA: ['analytics'], Ads: ['ads'], Both: ['analytics', 'ads'] },
    unmapped: 'deny',
    cookie: false,
  }
}

// The `regions` / `region` options: keys and places the oracle knows to be valid, and ones it knows not to be.
const REGION_KEYS = ['EEA', 'EU', 'US-STATES-WITH-LAW', 'FR', 'US-CA', 'BR', '*']
const BAD_REGION_KEYS = ['California', 'eu', '__proto__', 'constructor', 'XX', 'US-']
const PLACES = ['FR', 'US-CA', 'BR', 'us-ca ', 'EEA', 'EU', 'DE', 'US-TX']
const NOT_PLACES = ['XX', 'ZZ', 'California', '', 'US-', 'EU-', '__proto__', 'toString']
const MODES = ['opt-in', 'opt-out', 'none']
const ENFORCEMENTS = ['opt-in', 'opt-out', 'always']
const RULE_OPTIONS = ['mode', 'enforcement', 'gpc']

const CATEGORY_FIELDS = ['id', 'name', 'enforcement', 'gpc', 'parent', 'enforcment', 'Enforcement']
const DESTINATIONS = ['GA', 'Ads', 'Both', 'Unmapped', 'constructor', '__proto__', 'toString', 'hasOwnProperty']
const READING_IDS = ['necessary', 'analytics', 'ads', 'news', 'constructor', 'Analytics']

function fuzzReading(pick) {
  const kind = Math.floor(pick() * 5)
  if (kind === 0) return hostileProxy()
  const values = Object.fromEntries(READING_IDS.filter(() => pick() < 0.5).map((id) => [id, pick() < 0.5 ? true : badValue(pick)]))
  if (kind === 1) return Object.create(values) // every grant inherited
  if (kind === 2) return Object.defineProperty({ ...values }, 'analytics', { enumerable: true, get: thrower })
  return values
}

const choose = (pick, list) => list[Math.floor(pick() * list.length)]

/** A region rule: mostly valid (often laxer than the categories), sometimes malformed in one place. */
function fuzzRule(pick) {
  const rule = { mode: choose(pick, MODES), enforcement: Object.fromEntries(['analytics', 'ads', 'news'].filter(() => pick() < 0.6).map((id) => [id, choose(pick, ENFORCEMENTS)])), gpc: pick() < 0.5 }
  switch (Math.floor(pick() * 9)) {
    case 0:
      rule[choose(pick, RULE_OPTIONS)] = badValue(pick)
      return rule
    case 1:
      rule.enforcment = rule.enforcement
      return rule
    case 2:
      rule.enforcement.analytic = 'always'
      return rule
    case 3:
      return Object.create(rule) // every option inherited
    case 4:
      return pick() < 0.5 ? hostileProxy() : badValue(pick)
    case 5:
      return Object.defineProperty(rule, 'mode', { enumerable: true, get: thrower })
    default:
      return rule
  }
}

const place = (pick) => (pick() < 0.5 ? choose(pick, PLACES) : pick() < 0.7 ? choose(pick, NOT_PLACES) : badValue(pick))

function mutateRegions(options, pick, probe) {
  switch (Math.floor(pick() * 5)) {
    case 0:
    case 1: {
      const keys = Array.from({ length: 1 + Math.floor(pick() * 3) }, () => (pick() < 0.85 ? choose(pick, REGION_KEYS) : choose(pick, BAD_REGION_KEYS)))
      const regions = {}
      for (const key of keys) Object.defineProperty(regions, key, { value: fuzzRule(pick), enumerable: true, configurable: true, writable: true })
      options.regions = regions
      return `regions = { ${keys.join(', ')} }`
    }
    case 2:
      options.region = place(pick)
      return `region = ${show(options.region)}`
    case 3:
      // Another script's prototype: an inherited region and a lax rule for everywhere are no options.
      Object.setPrototypeOf(options, { region: 'BR', regions: { '*': { mode: 'none', enforcement: { analytics: 'always', ads: 'always', news: 'always' } } } })
      return 'regions and region inherited'
    default:
      probe.cmpRegion = place(pick)
      options.regions ??= { '*': fuzzRule(pick), 'US-CA': fuzzRule(pick) }
      return `the CMP says region ${show(probe.cmpRegion)}`
  }
}

/** Applies one random mutation; returns a description for the failure report. */
function mutate(options, pick, probe) {
  const categories = options.categories
  const at = Array.isArray(categories) && categories.length ? Math.floor(pick() * categories.length) : -1
  const field = CATEGORY_FIELDS[Math.floor(pick() * CATEGORY_FIELDS.length)]
  switch (Math.floor(pick() * 17)) {
    case 0:
    case 1:
    case 2: {
      if (at < 0) return 'no category'
      const value = badValue(pick)
      categories[at][field] = value
      return `categories[${at}].${field} = ${show(value)}`
    }
    case 3:
      if (at >= 0) delete categories[at][field]
      return `delete categories[${at}].${field}`
    case 4:
      // Inherited fields: the object has its id, everything else comes from a prototype.
      if (at >= 0) categories[at] = Object.assign(Object.create({ enforcement: 'always', name: 'x' }), { id: categories[at].id })
      return `categories[${at}] inherits its enforcement`
    case 5:
      if (at >= 0) Object.defineProperty(categories[at], 'enforcement', { enumerable: true, get: thrower })
      return `categories[${at}].enforcement throws`
    case 6:
      if (at >= 0) categories.push({ ...categories[at], enforcement: 'always' })
      return `duplicate of categories[${at}] as always`
    case 7: {
      const name = DESTINATIONS[Math.floor(pick() * DESTINATIONS.length)]
      const value = pick() < 0.5 ? badValue(pick) : [badValue(pick), 'analytics']
      if (options.destinations && typeof options.destinations === 'object') Object.defineProperty(options.destinations, name, { value, enumerable: true, configurable: true, writable: true })
      return `destinations.${name} = ${show(value)}`
    }
    case 8:
      options.unmapped = pick() < 0.3 ? 'allow' : badValue(pick)
      return `unmapped = ${show(options.unmapped)}`
    case 9:
      options[pick() < 0.5 ? 'categorie' : 'enforcement'] = badValue(pick)
      return 'unknown top-level key'
    case 10:
      options[['categories', 'destinations', 'adapters', 'waitMs', 'policyVersion', 'cookie'][Math.floor(pick() * 6)]] = badValue(pick)
      return 'top-level option replaced'
    case 11:
      probe.reading = fuzzReading(pick)
      // The CMP may also say where the visitor is (mutateRegions), before its reading.
      options.adapters = [{ name: 'fuzz', watch: (emit, context) => ('cmpRegion' in probe && context.region(probe.cmpRegion), (probe.emitted = true), emit(probe.reading), () => {}) }]
      return 'fuzzed CMP reading'
    case 12:
      probe.set = Object.fromEntries(READING_IDS.filter(() => pick() < 0.5).map((id) => [id, pick() < 0.5 ? true : badValue(pick)]))
      probe.source = pick() < 0.5 ? 'user' : badValue(pick)
      return 'set() after creation'
    case 13:
    case 14:
    case 15:
      return mutateRegions(options, pick, probe)
    default:
      options.cookie = { name: pick() < 0.5 ? 'fz' : badValue(pick), path: pick() < 0.5 ? '/;domain=evil.test' : badValue(pick) }
      return 'cookie options'
  }
}

const plain = (value) => typeof value === 'object' && value !== null && !Array.isArray(value)
const keysOf = (value) => {
  try {
    return plain(value) ? Object.keys(value) : []
  } catch {
    return []
  }
}

/** A rule's category overrides (id → enforcement), or 'closed' where the manager must read it as the strictest rule. */
function readRule(rule) {
  if (!plain(rule) || keysOf(rule).some((key) => !RULE_OPTIONS.includes(key))) return 'closed'
  const [mode = 'opt-in', enforcement = {}, gpc] = RULE_OPTIONS.map((key) => own(rule, key))
  if (!MODES.includes(mode) || (gpc !== undefined && typeof gpc !== 'boolean') || !plain(enforcement)) return 'closed'
  if (keysOf(enforcement).some((id) => !ENFORCEMENTS.includes(own(enforcement, id)))) return 'closed'
  return enforcement
}

/**
 * The enforcements a category may have for this visitor: its own without `regions`; the closed
 * reading of a malformed map; for a known place any rule's (an upper bound); for an unknown place
 * only what every rule (and the categories as configured, unless `*` is given) agrees on.
 */
function regionEnforcements(options, probe, enforcement, id) {
  if (own(options, 'regions') === undefined) return [enforcement]
  const regions = own(options, 'regions')
  const closedOne = enforcement === 'always' ? 'always' : 'opt-in'
  const keys = keysOf(regions)
  if (!plain(regions) || keys.some((key) => !REGION_KEYS.includes(key))) return [closedOne]
  const each = keys.map((key) => readRule(own(regions, key))).map((rule) => (rule === 'closed' ? closedOne : hasOwn(rule, id) ? own(rule, id) : enforcement))
  const given = own(options, 'region')
  const region = given !== undefined ? given : probe.emitted ? probe.cmpRegion : undefined
  if (typeof region === 'string' && PLACES.includes(region)) return [...each, enforcement]
  const all = keys.includes('*') ? each : [...each, enforcement]
  const strictest = ENFORCEMENTS.find((value) => all.includes(value)) ?? enforcement
  return [strictest]
}

/** The most a configuration may grant, read only from own data properties of the raw input. */
function oracle(options, probe, decidedByReading) {
  const raw = own(options, 'categories')
  const entries = Array.isArray(raw) ? raw : []
  const may = new Set()
  for (const entry of entries) {
    const id = own(entry, 'id')
    if (typeof id !== 'string') continue
    const enforcements = regionEnforcements(options, probe, own(entry, 'enforcement'), id)
    if (enforcements.includes('always')) may.add(id)
    if (enforcements.includes('opt-out') && !decidedByReading) may.add(id)
  }
  if (decidedByReading) for (const id of READING_IDS) if (own(probe.reading, id) === true) may.add(id)
  if (probe.set) for (const id of READING_IDS) if (own(probe.set, id) === true) may.add(id)
  const destinations = own(options, 'destinations')
  const unmapped = own(options, 'unmapped')
  const mayAllow = (name) => {
    if (!hasOwn(destinations, name)) return unmapped === 'allow' || unmapped === undefined
    const ids = own(destinations, name)
    return Array.isArray(ids) && ids.length > 0 && ids.every((id) => may.has(id))
  }
  return { may, mayAllow }
}

function clearCookies() {
  for (const pair of document.cookie.split('; ')) {
    const name = pair.split('=')[0]
    if (name) for (const path of ['/', location.pathname]) document.cookie = `${name}=;max-age=0;path=${path}`
  }
}

/** Runs `rounds` fuzz rounds from `seed`; returns counts and the first few violations. */
window.fuzzOptions = (seed, rounds) => {
  const pick = random(seed)
  const counts = { rounds: 0, reported: 0, threw: 0, overGranted: 0, overAllowed: 0, readings: 0, sets: 0 }
  const violations = []
  for (let round = 0; round < rounds; round++) {
    counts.rounds++
    const options = base()
    const probe = {}
    const steps = Array.from({ length: 1 + Math.floor(pick() * 4) }, () => {
      try {
        return mutate(options, pick, probe)
      } catch {
        // The mutation itself tripped over an earlier hostile value: the object stays as it is.
        return 'mutation skipped'
      }
    })
    const errors = []
    if (pick() < 0.9 && options && typeof options === 'object') options.onError = (error) => errors.push(error.code)
    let consent
    try {
      consent = window.Consentry.createConsent(options)
      if (probe.set) consent.set(probe.set, { source: probe.source })
      if (probe.emitted) counts.readings++
      if (probe.set) counts.sets++
      const { may, mayAllow } = oracle(options, probe, probe.emitted === true)
      for (const id of [...READING_IDS, 'toString', '__proto__', 'hasOwnProperty', 'valueOf']) {
        if (consent.isGranted(id) && !may.has(id)) {
          counts.overGranted++
          violations.length < 5 && violations.push({ round, steps, granted: id })
        }
      }
      for (const name of DESTINATIONS) {
        if (consent.allows(name) && !mayAllow(name)) {
          counts.overAllowed++
          violations.length < 5 && violations.push({ round, steps, allowed: name })
        }
      }
      consent.stamp({ context: hostileProxy() })
      consent.stamp({ event: 'x' })
      if (errors.includes('invalid-option')) counts.reported++
    } catch (error) {
      counts.threw++
      violations.length < 5 && violations.push({ round, steps, threw: String(error && error.message) })
    } finally {
      try {
        consent?.destroy()
      } catch (error) {
        counts.threw++
      }
      clearCookies()
    }
  }
  return { counts, violations }
}
