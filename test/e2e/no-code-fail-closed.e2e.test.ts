// The JSON configuration's failure classes in real Chromium with the production script-tag files:
// every way the configuration can be wrong or ambiguous is reported (console + consentry:error),
// and none of them grants a category, loads a gated tag, or lets Google's tags run on a guess.
import { readFileSync } from 'node:fs'
import http from 'node:http'
import type { AddressInfo } from 'node:net'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { Page } from 'playwright-core'
import { collectErrors, startHarness, type Harness } from './browser.js'

const root = new URL('../../', import.meta.url)
const TAG = 'https://tags.example-analytics.test/analytics.js'

let harness: Harness
beforeAll(async () => {
  harness = await startHarness((url) => (url.href === TAG ? { body: 'window.analyticsRan = (window.analyticsRan || 0) + 1' } : undefined))
})
afterAll(() => harness?.close())

const CORE = '<script src="/dist/consentry.core.min.js"></script>'
const IIFE = '<script src="/dist/consentry.iife.min.js"></script>'
const config = (json: unknown, id = 'consentry-config') => `<script type="application/json" id="${id}">${typeof json === 'string' ? json : JSON.stringify(json)}</script>`
const gated = `<script type="text/plain" data-consent="analytics" src="${TAG}"></script>`
const OPT_OUT = [{ id: 'analytics', name: 'Analytics', enforcement: 'opt-out' }]

type W = Window & {
  Consentry: { consent?: { get(): { status: string; categoryPreferences: Record<string, boolean> } } }
  dataLayer?: IArguments[]
  analyticsRan?: number
  reported: string[]
  ready: number
}

/** Opens `head` + the gated tag as a page; `reported` collects the consentry:error events from the first script on. */
async function open(head: string, setUp?: (page: Page) => Promise<void>) {
  const context = await harness.newContext()
  await context.route('**/case/', (route) => route.fulfill({ contentType: 'text/html', body: `<!doctype html><html><head>${head}</head><body>${gated}</body></html>` }))
  const page = await context.newPage()
  await page.addInitScript(() => {
    const w = window as unknown as W
    w.reported = []
    w.ready = 0
    addEventListener('consentry:error', (event) => w.reported.push(String((event as CustomEvent).detail?.message)))
    addEventListener('consentry:ready', () => w.ready++)
  })
  const errors = collectErrors(page)
  let loads = 0
  page.on('load', () => loads++)
  await setUp?.(page)
  await page.goto(`${harness.server.url}/case/`)
  const state = () => page.evaluate(() => (window as unknown as W).Consentry.consent?.get())
  const reported = () => page.evaluate(() => (window as unknown as W).reported.join('\n'))
  const ran = () => page.evaluate(() => (window as unknown as W).analyticsRan)
  return { page, ...errors, state, reported, ran, loads: () => loads, close: () => context.close() }
}

/** Google Consent Mode's commands so far: [command, analytics_storage]. */
const gcm = (page: Page) =>
  page.evaluate(() => ((window as unknown as W).dataLayer ?? []).filter((entry) => entry[0] === 'consent').map((entry) => [entry[1], (entry[2] as Record<string, string>).analytics_storage]))

describe('no category is granted by default when the adapter failed, or a top-level key is unknown or not allowed in JSON', () => {
  const regionsOptOut = { '*': { mode: 'opt-out', enforcement: { analytics: 'opt-out' } } }
  const OPT_IN = [{ id: 'analytics', name: 'Analytics', enforcement: 'opt-in' }]
  it.each([
    ['a misspelled adapter name, and a regions rule that says opt-out', { categories: OPT_IN, regions: regionsOptOut, adapter: { name: 'OneTrust' } }, /"adapter\.name" must be one of/],
    [
      'an invalid adapter, and the visitor’s region rule says opt-out',
      { categories: OPT_IN, regions: { DE: { enforcement: { analytics: 'opt-out' } } }, region: 'DE', adapter: 'onetrust' },
      /"adapter" must be an object/,
    ],
    [
      'an adapter file that never loads, and a regions rule that says opt-out',
      { categories: OPT_IN, regions: regionsOptOut, adapter: { name: 'trustarc' }, addonWaitMs: 100 },
      /consentry\.trustarc\.min\.js, which did not load/,
    ],
    ['"adapters" (functions: code only)', { categories: OPT_OUT, adapters: { name: 'onetrust' } }, /"adapters" takes functions, so it cannot be given in JSON/],
    ['"onError" (a function: code only)', { categories: OPT_OUT, onError: 'console.log' }, /"onError" takes functions, so it cannot be given in JSON/],
    ['a misspelled "adapter" key', { categories: OPT_OUT, adaptor: { name: 'onetrust' } }, /"adaptor" is not an option/],
    ['an unknown top-level key', { categories: OPT_OUT, Gate: false }, /"Gate" is not an option/],
  ])('%s: reported; nothing granted, the gated tag never loads', async (_, json, message) => {
    const t = await open(config(json) + CORE)
    await t.page.waitForFunction(() => (window as unknown as W).ready === 1)
    await t.page.waitForTimeout(400)
    expect(await t.reported()).toMatch(message)
    expect((await t.state())?.categoryPreferences).toEqual({ analytics: false })
    expect(await t.ran()).toBeUndefined()
    expect(t.pageErrors).toEqual([])
    await t.close()
  })

  it('control: the same page with a valid configuration grants the opt-out category and loads the tag', async () => {
    const t = await open(config({ categories: OPT_OUT, regions: regionsOptOut }) + CORE)
    await t.page.waitForFunction(() => (window as unknown as W).analyticsRan === 1)
    expect(await t.reported()).toBe('')
    await t.close()
  })
})

describe('an ambiguous configuration is reported and starts nothing', () => {
  it.each([
    ['two #consentry-config elements', config({ categories: OPT_OUT }) + config({ categories: OPT_OUT }) + CORE, /"#consentry-config" must be the id of one element; 2 have it/],
    [
      'data-config naming an id two elements have',
      config({ categories: OPT_OUT }, 'site') + config({ categories: OPT_OUT }, 'site') + CORE.replace('<script ', '<script data-config="site" '),
      /"#site" must be the id of one element/,
    ],
    // JSON.parse keeps the last of two equal keys, in silence: which one was meant is as unknown as
    // with two elements, at any depth and however the key is spelled (an escape is the same key).
    [
      'a top-level key twice (the last one opt-out)',
      config(`{"categories": [{"id": "analytics", "name": "Analytics", "enforcement": "opt-in"}], "categories": ${JSON.stringify(OPT_OUT)}}`) + CORE,
      /"#consentry-config" has the key "categories" twice in one object/,
    ],
    [
      'a nested key twice, once escaped',
      config('{"categories": [{"id": "analytics", "name": "Analytics", "enforcement": "opt-in", "\\u0065nforcement": "opt-out"}]}') + CORE,
      /"#consentry-config" has the key "enforcement" twice in one object/,
    ],
    ['the same, in the all-in-one file', config(`{"categories": ${JSON.stringify(OPT_OUT)}, "gate": false, "gate": true}`) + IIFE, /has the key "gate" twice/],
  ])('%s', async (_, head, message) => {
    const t = await open(head)
    await expect.poll(() => t.reported()).toMatch(message)
    await t.page.waitForTimeout(300)
    expect(await t.state()).toBeUndefined()
    expect(await t.ran()).toBeUndefined()
    await t.close()
  })

  // A module has no document.currentScript: its tag's data-config cannot be read. It passed in
  // silence, and nothing started (no #consentry-config), so the site ran without its configuration.
  it.each([
    ['core', CORE],
    ['all-in-one', IIFE],
  ])('the %s file as type="module" with data-config: reported, nothing starts', async (_, file) => {
    const t = await open(config({ categories: OPT_OUT }, 'site') + file.replace('<script ', '<script type="module" data-config="site" '))
    await expect.poll(() => t.reported()).toMatch(/"data-config" was not read: the running core file is not the script tag that has it/)
    expect(await t.state()).toBeUndefined()
    expect(await t.ran()).toBeUndefined()
    await t.close()
  })

  it('a second #consentry-config parsed after the core started is reported once the page is parsed', async () => {
    const t = await open(config({ categories: OPT_OUT }) + CORE + config({ categories: OPT_OUT }))
    await expect.poll(() => t.reported()).toMatch(/"#consentry-config" must be the id of one element; another one came later in the page/)
    await t.close()
  })

  it.each([
    ['core', CORE],
    ['all-in-one', IIFE],
  ])('a second %s file with data-config, after a core without configuration, reports that its configuration did not start', async (_, file) => {
    const second = file.replace('<script ', '<script data-config="site" ')
    const t = await open(file + config({ categories: OPT_OUT }, 'site') + second)
    await expect.poll(() => t.reported()).toMatch(/"data-config" was not started: a consentry core is running already/)
    expect(t.consoleErrors.join('\n')).toMatch(/a consentry core is running already/)
    expect(await t.ran()).toBeUndefined()
    await t.close()
  })
})

describe('delays above setTimeout’s maximum (2^31-1 ms) are rejected, not fired at once', () => {
  it('waitMs: reported; the wait for OneTrust is the default 3000 ms, not zero', async () => {
    const json = { categories: OPT_OUT, waitMs: 2 ** 31, adapter: { name: 'onetrust' } }
    const t = await open(config(json) + CORE + '<script src="/dist/consentry.onetrust.min.js"></script>')
    await t.page.waitForFunction(() => (window as unknown as W).ready === 1)
    await t.page.waitForTimeout(800)
    expect(await t.reported()).toMatch(/"waitMs" must be a number of milliseconds from 0 to 2147483647/)
    expect((await t.state())?.status).toBe('pending')
    expect(await t.ran()).toBeUndefined()
    await t.close()
  })

  it('addonWaitMs: reported; the start still waits for an add-on file that arrives late', async () => {
    const json = { categories: OPT_OUT, addonWaitMs: 2 ** 31 + 5, googleConsentMode: { mapping: { analytics_storage: ['analytics'] } } }
    const t = await open(config(json) + CORE + '<script async src="/slow/consentry.google-consent-mode.min.js"></script>', async (page) => {
      await page.route('**/slow/*', async (route) => {
        await new Promise((resolve) => setTimeout(resolve, 600))
        await route.fulfill({ contentType: 'application/javascript', body: readFileSync(new URL('dist/consentry.google-consent-mode.min.js', root), 'utf8') })
      })
    })
    await t.page.waitForFunction(() => (window as unknown as W).ready === 1, undefined, { timeout: 5000 })
    const text = await t.reported()
    expect(text).toMatch(/"addonWaitMs" must be a number of milliseconds from 0 to 2147483647/)
    expect(text).not.toMatch(/did not load/)
    expect((await gcm(t.page))[0]).toEqual(['default', 'denied'])
    await t.close()
  })
})

describe('Google Consent Mode from JSON: what cannot be mapped with certainty is denied, and reported', () => {
  it.each([
    ['a misspelled "mapping"', { Mapping: { analytics_storage: ['analytics'] } }, /"googleConsentMode\.Mapping" is not an option/],
    ['a category id no category has', { mapping: { analytics_storage: ['Analytics'] } }, /"googleConsentMode\.mapping\.analytics_storage" must name configured category ids/],
    ['a section that is not an object', 'yes', /"googleConsentMode" must be true, false or an object/],
  ])('%s: analytics_storage stays denied although analytics is granted', async (_, googleConsentMode, message) => {
    const t = await open(config({ categories: OPT_OUT, googleConsentMode }) + IIFE)
    await t.page.waitForFunction(() => (window as unknown as W).analyticsRan === 1)
    expect(await t.reported()).toMatch(message)
    expect(await gcm(t.page)).toEqual([
      ['default', 'denied'],
      ['update', 'denied'],
    ])
    await t.close()
  })

  it('control: a valid mapping grants analytics_storage', async () => {
    const t = await open(config({ categories: OPT_OUT, googleConsentMode: { mapping: { analytics_storage: ['analytics'] } } }) + IIFE)
    await t.page.waitForFunction(() => (window as unknown as W).analyticsRan === 1)
    expect((await gcm(t.page)).at(-1)).toEqual(['update', 'granted'])
    await t.close()
  })

  it('dataLayerName "location" is reported and dataLayer used: the page is not reloaded', async () => {
    const t = await open(config({ categories: OPT_OUT, googleConsentMode: { dataLayerName: 'location', mapping: { analytics_storage: ['analytics'] } } }) + IIFE)
    await t.page.waitForTimeout(1000)
    expect(t.loads()).toBe(1)
    expect(await t.reported()).toMatch(/"googleConsentMode\.dataLayerName" must be an identifier naming no global but an array/)
    expect((await gcm(t.page))[0]).toEqual(['default', 'denied'])
    await t.close()
  })

  it('called from code with invalid options: nothing thrown into the page, each problem reported, nothing granted', async () => {
    const code = `<script>
      var consent = Consentry.createConsent({ categories: [{ id: 'analytics', name: 'Analytics', enforcement: 'opt-out' }], waitMs: 0, onError: function (e) { window.reported.push(e.message) } })
      Consentry.googleConsentMode(consent, { mapping: { analytics_storage: 'analytics' }, region: 'DE', waitForUpdate: '500' })
    </script>`
    const t = await open(IIFE + code)
    await t.page.waitForTimeout(300)
    expect(t.pageErrors).toEqual([])
    const text = await t.reported()
    for (const key of ['mapping.analytics_storage', 'region', 'waitForUpdate']) expect(text).toContain(`"googleConsentMode.${key}" must be`)
    const first = await t.page.evaluate(() => ({ ...((window as unknown as W).dataLayer![0]![2] as object) }))
    expect(first).toMatchObject({ analytics_storage: 'denied', wait_for_update: 500 })
    expect(first).not.toHaveProperty('region')
    expect((await gcm(t.page)).at(-1)).toEqual(['update', 'denied'])
    await t.close()
  })
})

describe('unknown keys and invalid values in nested add-on options are reported', () => {
  it('widget texts, placeholder options and texts, Google Consent Mode regions', async () => {
    const json = {
      categories: OPT_OUT,
      widget: { texts: { en: { acceptAl: 'OK', categories: { analytics: { nam: 'Stats' } } } } },
      placeholders: { loadonce: true, texts: { mesage: 'Blocked' } },
      googleConsentMode: { region: ['UK', 'eu', 'Germany', ''], mapping: { analytics_storage: ['analytics'] } },
    }
    const t = await open(config(json) + IIFE + '<script src="/dist/consentry.placeholders.min.js"></script>')
    await t.page.waitForFunction(() => (window as unknown as W).ready === 1)
    const text = await t.reported()
    for (const key of ['widget.texts.en.acceptAl', 'widget.texts.en.categories.analytics.nam', 'placeholders.loadonce', 'placeholders.texts.mesage'])
      expect(text).toContain(`"${key}" is not an option`)
    expect(text).toContain('"googleConsentMode.region" must be a non-empty array of ISO 3166 codes')
    // No region list: the denied default applies everywhere.
    expect(await t.page.evaluate(() => Object.hasOwn((window as unknown as W).dataLayer![0]![2] as object, 'region'))).toBe(false)
    await t.close()
  })
})

describe('an async core placed before a configuration that is still arriving', () => {
  let server: http.Server
  let base = ''
  beforeAll(async () => {
    // The page comes in two network chunks 600 ms apart, split inside the configuration's JSON.
    server = http.createServer(async (request, response) => {
      if (request.url?.startsWith('/dist/')) {
        response.writeHead(200, { 'content-type': 'application/javascript' })
        return response.end(readFileSync(new URL(`.${request.url}`, root)))
      }
      response.writeHead(200, { 'content-type': 'text/html; charset=utf-8' })
      response.write(`<!doctype html><html><head><script async src="/dist/consentry.core.min.js"></script>
        <script type="application/json" id="consentry-config">{ "categories": [ { "id": "necessary", "name": "Necessary", "enforcement": "always" },${' '.repeat(4096)}`)
      await new Promise((resolve) => setTimeout(resolve, 600))
      response.end(`{ "id": "analytics", "name": "Analytics", "enforcement": "opt-in" } ] }</script></head><body>${gated}</body></html>`)
    })
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
    base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`
  })
  afterAll(() => new Promise((resolve) => server.close(resolve)))

  it('waits until the document is parsed, then starts from the whole configuration', async () => {
    const context = await harness.newContext()
    const page = await context.newPage()
    const { consoleErrors } = collectErrors(page)
    await page.goto(`${base}/`)
    await page.waitForFunction(() => (window as unknown as W).Consentry?.consent !== undefined, undefined, { timeout: 5000 })
    expect(await page.evaluate(() => (window as unknown as W).Consentry.consent?.get().categoryPreferences)).toEqual({ necessary: true, analytics: false })
    expect(consoleErrors.join('\n')).not.toMatch(/not valid JSON/)
    await context.close()
  })
})
