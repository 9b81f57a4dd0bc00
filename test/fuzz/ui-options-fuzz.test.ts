import { afterEach, describe, expect, it } from 'vitest'
import { createConsent, type ConsentManager } from 'consentry'
import { showPlaceholders } from '../../src/placeholders/index.js'
import { mountPreferenceCenter } from '../../src/widget/index.js'
import { englishTexts } from '../../src/widget/texts.js'
import { garbage, maybe, pick, random, type Rand } from './generate.js'

// mountPreferenceCenter's and showPlaceholders' options, generated: valid-looking objects with any
// part swapped for garbage (wrong types, throwing getters, Proxies that throw on every access,
// prototype keys). In production nothing may throw into the page, nothing may be granted, every
// text shown must be a default or a string the options gave (never an object turned into text),
// and a key neither add-on knows must be reported. In development the first problem is thrown
// as an invalid-option ConsentError (the widget; the placeholders only report).
const RUNS = process.env.FUZZ_FULL ? 4_000 : 400
const categories = [
  { id: 'necessary', name: 'Necessary', enforcement: 'always' },
  { id: 'analytics', name: 'Analytics', enforcement: 'opt-in' },
  { id: 'marketing', name: 'Marketing', enforcement: 'opt-in' },
] as const
const TEXT_KEYS = [...Object.keys(englishTexts), 'dir', 'categories', 'acceptall', '__proto__', 'constructor']
const WIDGET_KEYS = ['texts', 'lang', 'nonce', 'floatingButton', 'floatingbutton', '__proto__', 'constructor', 'toString']
const PLACEHOLDER_KEYS = ['root', 'texts', 'loadOnce', 'nonce', 'loadonce', '__proto__', 'constructor']

const made: ConsentManager[] = []
afterEach(() => {
  for (const consent of made.splice(0)) consent.destroy()
  document.body.innerHTML = ''
})

function bundle(rand: Rand): unknown {
  const out: Record<string, unknown> = {}
  for (const key of TEXT_KEYS.filter(() => rand() < 0.25))
    out[key] = maybe(rand, () => (key === 'dir' ? pick(rand, ['ltr', 'rtl']) : key === 'categories' ? { marketing: { name: 'M<b>x</b>' } } : `${key} <b>!</b>`), TEXT_KEYS, 0.6)
  return out
}

function widgetOptions(rand: Rand): unknown {
  if (rand() < 0.1) return garbage(rand, WIDGET_KEYS)
  const out: Record<string, unknown> = {}
  for (const key of WIDGET_KEYS.filter(() => rand() < 0.35)) {
    const valid = () => (key === 'texts' ? { en: bundle(rand), [pick(rand, ['de', '__proto__', 'constructor'])]: bundle(rand) } : key === 'floatingButton' ? rand() < 0.5 : 'en')
    Object.defineProperty(out, key, { value: maybe(rand, valid, TEXT_KEYS, 0.6), enumerable: true, configurable: true })
  }
  return out
}

/** Every string the options hold, at any depth (what the widget may show besides its defaults). */
function stringsIn(value: unknown, seen = new Set<unknown>()): string[] {
  if (typeof value === 'string') return [value]
  if (typeof value !== 'object' || value === null || seen.has(value)) return []
  seen.add(value)
  try {
    return Object.keys(value).flatMap((key) => stringsIn((value as Record<string, unknown>)[key], seen))
  } catch {
    return []
  }
}

const topKeys = (value: unknown): string[] => {
  try {
    return typeof value === 'object' && value !== null ? Object.keys(value) : []
  } catch {
    return []
  }
}

function withProduction<T>(run: () => T): T {
  process.env.NODE_ENV = 'production'
  try {
    return run()
  } finally {
    process.env.NODE_ENV = 'test'
  }
}

describe(`malformed add-on options, ${RUNS} generated each (production)`, () => {
  it('the preference center: never throws, grants nothing, shows only defaults or given strings, reports unknown keys', () => {
    const rand = random(91)
    let reportedRuns = 0
    for (let i = 0; i < RUNS; i++) {
      const options = widgetOptions(rand)
      const errors: string[] = []
      const consent = createConsent({ categories, cookie: false, onError: (e) => errors.push(`${e.code}: ${e.message}`) })
      made.push(consent)
      const center = withProduction(() => mountPreferenceCenter(consent, options as never))
      const root = document.querySelector('[data-consentry-widget]')!.shadowRoot!
      const allowed = new Set([...Object.values(englishTexts), ...categories.map((c) => c.name), ...stringsIn(options)])
      for (const node of Array.from(root.querySelectorAll('button, h2, p, label, a'))) expect(allowed.has(node.textContent!) || node.textContent === '').toBe(true)
      expect(['ltr', 'rtl']).toContain(root.querySelector('[dir]')!.getAttribute('dir'))
      expect(consent.get().categoryPreferences).toEqual({ necessary: true, analytics: false, marketing: false })
      const unknown = topKeys(options).filter((key) => !['texts', 'lang', 'nonce', 'floatingButton'].includes(key))
      if (unknown.length || (options !== undefined && (typeof options !== 'object' || options === null))) expect(errors.length, `${i} ${String(unknown)}`).toBeGreaterThan(0)
      expect(errors.every((e) => e.startsWith('invalid-option: consentry: mountPreferenceCenter '))).toBe(true)
      reportedRuns += errors.length ? 1 : 0
      center.destroy()
      consent.destroy()
      expect(document.querySelector('[data-consentry-widget]')).toBeNull()
    }
    expect(reportedRuns).toBeGreaterThan(RUNS / 4)
    expect(reportedRuns).toBeLessThan(RUNS)
  }, 60_000)

  it('the placeholders: never throw, grant nothing, show only defaults or given strings, report unknown keys', () => {
    const rand = random(92)
    for (let i = 0; i < RUNS; i++) {
      document.body.innerHTML = '<main><iframe data-src="https://v.example.test/e" data-consent="marketing" title="Clip"></iframe></main>'
      const options =
        rand() < 0.1
          ? garbage(rand, PLACEHOLDER_KEYS)
          : Object.fromEntries(
              PLACEHOLDER_KEYS.filter(() => rand() < 0.4).map((key) => [
                key,
                maybe(
                  rand,
                  () => (key === 'root' ? document.querySelector('main') : key === 'loadOnce' ? true : key === 'texts' ? { message: '{title} <b>x</b>' } : 'n-1'),
                  ['message', 'allow', 'once'],
                  0.6,
                ),
              ]),
            )
      const errors: string[] = []
      const consent = createConsent({ categories, cookie: false, onError: (e) => errors.push(`${e.code}: ${e.message}`) })
      made.push(consent)
      const stop = withProduction(() => showPlaceholders(consent, options as never))
      const given = new Set(stringsIn(options).map((s) => s.replace('{title}', 'Clip')))
      for (const host of Array.from(document.querySelectorAll('[data-consentry-placeholder]'))) {
        for (const node of Array.from(host.shadowRoot!.querySelectorAll('p, button'))) {
          const text = node.textContent!
          expect(['Clip is blocked until you allow Marketing.', 'Allow Marketing', 'Load this once'].includes(text) || given.has(text)).toBe(true)
        }
        expect(host.shadowRoot!.querySelectorAll('b')).toHaveLength(0)
      }
      expect(consent.get().categoryPreferences).toEqual({ necessary: true, analytics: false, marketing: false })
      if (topKeys(options).some((key) => !['root', 'texts', 'loadOnce', 'nonce'].includes(key))) expect(errors.length, `${i} ${String(topKeys(options))}`).toBeGreaterThan(0)
      stop()
      consent.destroy()
      expect(document.querySelectorAll('[data-consentry-placeholder]')).toHaveLength(0)
    }
  }, 60_000)
})
