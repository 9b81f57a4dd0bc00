import { readFileSync } from 'node:fs'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { Page } from 'playwright-core'
import { entries } from '../../entries.mjs'
import { collectErrors, startHarness, type Harness } from './browser.js'

const TAG = 'https://tags.example-analytics.test/tag.js'
// A strict policy: scripts only from this origin, the tag host, or with the page's nonce.
const CSP = "default-src 'self'; script-src 'self' 'nonce-demo-nonce' https://tags.example-analytics.test; style-src 'self'"

let harness: Harness

beforeAll(async () => {
  harness = await startHarness((url) => (url.href === TAG ? { body: 'window.externalTagRan = true' } : undefined))
})
afterAll(() => harness?.close())

async function open(): Promise<{ page: Page; violations: string[]; errors: string[] }> {
  const context = await harness.newContext()
  await context.route('**/examples/script-tag/', async (route) => {
    const response = await route.fetch()
    await route.fulfill({ response, headers: { ...response.headers(), 'content-security-policy': CSP } })
  })
  const page = await context.newPage()
  // Under this CSP, any console error is a violation the browser reports.
  const { consoleErrors: violations, pageErrors: errors } = collectErrors(page)
  await page.goto(`${harness.server.url}/examples/script-tag/`)
  return { page, violations, errors }
}

// The whole public core entry (add-on files read adapterGuard, mapReading and poll from it; its
// names are locked in entries.mjs), and what the all-in-one file adds to it: the add-on registry,
// the version, every adapter, integration and the widget.
const CORE_EXPORTS = entries.find((entry) => entry.subpath === '.')?.exports ?? []
const SCRIPT_TAG_EXTRAS = {
  adapters: 'object',
  addons: 'object',
  use: 'function',
  version: 'string',
  googleConsentMode: 'function',
  mountPreferenceCenter: 'function',
  withRudderStack: 'function',
  withSegment: 'function',
}
const GLOBAL_KEYS = [...CORE_EXPORTS, ...Object.keys(SCRIPT_TAG_EXTRAS)].sort()
// Every core export is a function (ConsentError a class).
const GLOBAL_TYPES = { ...Object.fromEntries(CORE_EXPORTS.map((name) => [name, 'function'])), ...SCRIPT_TAG_EXTRAS }

const tagRequests = () => harness.requests.filter((request) => request.url() === TAG).length

describe('script tag (dist/consentry.iife.min.js in Chromium)', () => {
  it('exposes one global and blocks the gated tags until analytics is granted, then loads them', async () => {
    const before = tagRequests()
    const { page, violations, errors } = await open()
    expect(await page.evaluate(() => Object.keys(window.Consentry ?? {}).sort())).toEqual(GLOBAL_KEYS)
    await page.waitForTimeout(200)
    expect(tagRequests()).toBe(before)
    expect(await page.evaluate(() => [(window as { externalTagRan?: boolean }).externalTagRan, (window as { inlineTagRan?: boolean }).inlineTagRan])).toEqual([undefined, undefined])

    await page.click('#allow')
    await page.waitForFunction(() => (window as { externalTagRan?: boolean }).externalTagRan === true)
    expect(tagRequests()).toBe(before + 1)
    // The inline tag ran under a CSP without 'unsafe-inline': its nonce was carried over.
    expect(await page.evaluate(() => (window as { inlineTagRan?: boolean }).inlineTagRan)).toBe(true)
    expect(violations).toEqual([])
    expect(errors).toEqual([])
    await page.context().close()
  })

  it('stamps every analytics call with the preferences and a receipt', async () => {
    const { page } = await open()
    await page.click('#track')
    await page.click('#allow')
    await page.click('#track')
    const calls = await page.evaluate(() => (window as unknown as { demo: { received: unknown[][] } }).demo.received)
    const stamps = calls.map((call) => (call.at(-1) as { context: { consent: { categoryPreferences: Record<string, boolean>; receipt: { source: string; policyVersion: string } } } }).context.consent)
    expect(calls.map((call) => call[0])).toEqual(['page', 'track', 'track'])
    expect(stamps.map((s) => s.categoryPreferences)).toEqual([
      { necessary: true, analytics: false },
      { necessary: true, analytics: false },
      { necessary: true, analytics: true },
    ])
    expect(stamps[2]?.receipt).toMatchObject({ source: 'user', policyVersion: '2025-06' })
    await page.context().close()
  })

  it('a stored decision loads the tag on the next page without asking again', async () => {
    const { page } = await open()
    await page.click('#allow')
    await page.waitForFunction(() => (window as { externalTagRan?: boolean }).externalTagRan === true)
    await page.reload()
    await page.waitForFunction(() => (window as { externalTagRan?: boolean }).externalTagRan === true)
    expect(await page.evaluate(() => (window as unknown as { demo: { consent: { get(): { source: string } } } }).demo.consent.get().source)).toBe('storage')
    await page.context().close()
  })
})

describe('IIFE smoke test (dist/consentry.iife.min.js alone in a blank page)', () => {
  // A page with nothing but the script, served from the harness origin so the file loads as it
  // would from a CDN: no example code, no other script, no stylesheet.
  async function blank(withScript: boolean) {
    const context = await harness.newContext()
    await context.route('**/__blank__/', (route) =>
      route.fulfill({
        contentType: 'text/html',
        body: `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>blank</title>${withScript ? '<script src="/dist/consentry.iife.min.js"></script>' : ''}</head><body></body></html>`,
      }),
    )
    const page = await context.newPage()
    const errors: string[] = []
    const requests: string[] = []
    page.on('pageerror', (error) => errors.push(error.message))
    page.on('console', (message) => (message.type() === 'error' || message.type() === 'warning') && errors.push(message.text()))
    page.on('request', (request) => requests.push(new URL(request.url()).pathname))
    await page.goto(`${harness.server.url}/__blank__/`)
    return { page, errors, requests }
  }

  it('adds exactly one global, window.Consentry, with the documented keys and nothing else', async () => {
    const without = await blank(false)
    const globalsWithout = await without.page.evaluate(() => Object.keys(window))
    await without.page.context().close()

    const { page, errors, requests } = await blank(true)
    const added = await page.evaluate((before) => Object.keys(window).filter((key) => !before.includes(key)), globalsWithout)
    expect(added).toEqual(['Consentry'])
    const { version } = JSON.parse(readFileSync(new URL('../../package.json', import.meta.url), 'utf8')) as { version: string }
    expect(
      await page.evaluate(() => {
        const api = window.Consentry as unknown as Record<string, unknown> & { adapters: Record<string, unknown> }
        return {
          keys: Object.keys(api).sort(),
          types: Object.fromEntries(Object.entries(api).map(([key, value]) => [key, typeof value])),
          adapters: Object.entries(api.adapters)
            .map(([key, value]) => `${key}:${typeof value}`)
            .sort(),
        }
      }),
    ).toEqual({
      keys: GLOBAL_KEYS,
      types: GLOBAL_TYPES,
      adapters: ['customAdapter:function', 'gpp:function', 'ketch:function', 'oneTrust:function', 'tcf:function', 'trustArc:function'],
    })
    expect(await page.evaluate(() => window.Consentry?.version)).toBe(version)
    // The page and the script, nothing fetched on load.
    expect(requests).toEqual(['/__blank__/', '/dist/consentry.iife.min.js'])
    expect(errors).toEqual([])
    await page.context().close()
  })

  it('creates a manager whose stamp() carries the preferences and a receipt, and fails closed before a decision', async () => {
    const { page, errors } = await blank(true)
    const result = await page.evaluate(async () => {
      const { createConsent, ConsentError, isConsentError } = window.Consentry!
      const consent = createConsent({
        categories: [
          { id: 'necessary', name: 'Necessary', enforcement: 'always' },
          { id: 'analytics', name: 'Analytics', enforcement: 'opt-in' },
        ],
        policyVersion: 'smoke-1',
        cookie: false,
      })
      const ready = await consent.ready()
      const before = consent.stamp({ event: 'Before' })
      consent.set({ analytics: true })
      const after = consent.stamp({ event: 'After', context: { consent: { kept: 1 } } })
      const error = new ConsentError('invalid-option', 'x')
      consent.destroy()
      return { status: ready.status, source: ready.source, before: before.context.consent, after: after.context.consent, isError: isConsentError(error), cookie: document.cookie }
    })
    expect(result.status).toBe('default')
    expect(result.before.categoryPreferences).toEqual({ necessary: true, analytics: false })
    expect(result.after).toMatchObject({ kept: 1, categoryPreferences: { necessary: true, analytics: true }, receipt: { policyVersion: 'smoke-1', source: 'user', status: 'decided' } })
    expect(result.after.receipt.id).toMatch(/\S/)
    expect(result.after.receipt.id).not.toBe(result.before.receipt.id)
    expect(Number.isNaN(Date.parse(result.after.receipt.updatedAt))).toBe(false)
    expect(result.isError).toBe(true)
    expect(result.cookie).toBe('') // cookie: false keeps the decision in memory
    expect(errors).toEqual([])
    await page.context().close()
  })
})
