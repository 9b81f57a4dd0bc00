// The adapters review's defects on the artifact a site runs: the production script tag in real
// Chromium. Malformed adapter options and malformed values in a CMP's answer never throw into the
// page, never grant, and are reported (not denied in silence, which would store the denial as the
// visitor's choice). The CMP answers are written inline from the vendors' documented formats (GPP
// 1.1 EventListener with pingData; TCF v2.2 TCData), malformed on purpose.
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { startHarness, type Harness } from './browser.js'

let harness: Harness
beforeAll(async () => {
  harness = await startHarness()
})
afterAll(() => harness?.close())

type Result = [string, string, Record<string, boolean>, string[]]

describe('production script tag: malformed adapter options and CMP values are reported and grant nothing', () => {
  it('customAdapter without usable options, a misspelled GPP field, non-boolean values in a reading and in TCF consents', async () => {
    const context = await harness.newContext()
    const page = await context.newPage()
    const thrown: string[] = []
    page.on('pageerror', (error) => thrown.push(error.message))
    await page.goto(`${harness.server.url}/test/bench/pages/blank.html`)
    await page.addScriptTag({ url: '/dist/consentry.iife.min.js' })
    const results = (await page.evaluate(async () => {
      const C = window.Consentry!
      const w = window as unknown as Record<string, unknown>
      const categories = [
        { id: 'analytics', name: 'A', enforcement: 'opt-out' as const },
        { id: 'ads', name: 'Ads', enforcement: 'opt-in' as const },
      ]
      // A ready GPP CMP: usnat applies, the visitor did not opt out of sale but did opt out of targeted advertising.
      const ping = { signalStatus: 'ready', applicableSections: [7], parsedSections: { usnat: { SaleOptOut: 2, SharingOptOut: 2, TargetedAdvertisingOptOut: 1 } } }
      w.__gpp = (command: string, callback: (event: unknown, success: boolean) => void) => {
        if (command === 'addEventListener') callback({ eventName: 'listenerRegistered', listenerId: 1, data: true, pingData: ping }, true)
      }
      const tcData = { gdprApplies: true, eventStatus: 'tcloaded', purpose: { consents: { 1: 'true', 2: 1 } }, vendor: { consents: {} } }
      w.__tcfapi = (command: string, _version: number, callback: (data: unknown, success: boolean) => void) => {
        if (command === 'addEventListener') callback(tcData, true)
      }
      const setups: [string, () => unknown][] = [
        ['custom undefined', () => C.adapters.customAdapter(undefined as never)],
        ['custom null', () => C.adapters.customAdapter(null as never)],
        ['custom subscribe not a function', () => C.adapters.customAdapter({ read: { analytics: true } as never, subscribe: 'nope' as never })],
        ['gpp misspelled field', () => C.adapters.gpp({ optOuts: { analytics: ['SaleOptOut', 'TargetedAdvertsingOptOut'], ads: 'SaleOptOut' } })],
        ['reading with "true" and 1', () => ({ name: 'mine', watch: (emit: (reading: unknown) => void) => (emit({ analytics: 'true', ads: 1 }), () => {}) })],
        ['tcf consents "true" and 1', () => C.adapters.tcf({ purposes: { analytics: [1], ads: [2] } })],
      ]
      const out: Result[] = []
      for (const [name, make] of setups) {
        const errors: string[] = []
        try {
          const consent = C.createConsent({ categories, adapters: [make() as never], cookie: false, waitMs: 50, onError: (e) => errors.push(`${e.code}: ${e.message}`) })
          await new Promise((resolve) => setTimeout(resolve, 100))
          out.push([name, consent.get().status, { ...consent.get().categoryPreferences }, errors])
          consent.destroy()
        } catch (error) {
          out.push([name, 'threw', {}, [String(error)]])
        }
      }
      return out
    })) as Result[]
    const byName = Object.fromEntries(results.map(([name, ...rest]) => [name, rest]))
    for (const name of ['custom undefined', 'custom null', 'custom subscribe not a function']) {
      expect(byName[name]?.slice(0, 2)).toEqual(['default', { analytics: false, ads: false }])
      expect(byName[name]?.[2]).toEqual([expect.stringMatching(/^invalid-option: consentry: customAdapter\(\{ read, subscribe \}\)/)])
    }
    expect(byName['gpp misspelled field']?.slice(0, 2)).toEqual(['default', { analytics: false, ads: false }])
    expect(byName['gpp misspelled field']?.[2]).toEqual([expect.stringMatching(/^invalid-option: consentry: gpp\(\{ optOuts \}\) names TargetedAdvertsingOptOut,/)])
    expect(byName['reading with "true" and 1']?.slice(0, 2)).toEqual(['decided', { analytics: false, ads: false }])
    expect(byName['reading with "true" and 1']?.[2]).toEqual([
      'invalid-reading: consentry: adapter "mine" sent "analytics": "true", which is not true or false: it grants nothing',
      'invalid-reading: consentry: adapter "mine" sent "ads": 1, which is not true or false: it grants nothing',
    ])
    expect(byName['tcf consents "true" and 1']?.slice(0, 2)).toEqual(['decided', { analytics: false, ads: false }])
    expect(byName['tcf consents "true" and 1']?.[2]).toEqual([
      'invalid-reading: consentry: tcf: purpose.consents[1] is "true", not true or false: denied',
      'invalid-reading: consentry: tcf: purpose.consents[2] is 1, not true or false: denied',
    ])
    expect(thrown).toEqual([])
    await context.close()
  })
})
