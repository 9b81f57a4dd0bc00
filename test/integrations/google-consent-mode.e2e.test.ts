import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { startHarness, type Harness } from '../e2e/browser.js'

// The Google tag is a stub served by the harness: when it runs it snapshots dataLayer, so the test
// sees what a real gtag.js would find on arrival.
const TAG = `window.tagSaw = Array.prototype.map.call(window.dataLayer, function (e) {
  return Object.prototype.toString.call(e) === '[object Arguments]' ? { args: true, cmd: [e[0], e[1]] } : { args: false }
})`
let h: Harness
beforeAll(async () => {
  h = await startHarness((url) => (url.hostname === 'www.googletagmanager.com' ? { body: TAG } : undefined))
})
afterAll(() => h?.close())

describe('googleConsentMode in Chromium', () => {
  it('puts the consent default before every tag command, then updates on each real change', async () => {
    const context = await h.newContext()
    const page = await context.newPage()
    await page.goto(`${h.server.url}/test/fixtures/integrations/gcm.html`)
    await page.waitForFunction(() => (window as any).tagSaw)
    const saw = await page.evaluate(() => (window as any).tagSaw as { args: boolean; cmd?: unknown[] }[])
    expect(saw.map((e) => e.cmd)).toEqual([
      ['consent', 'default'],
      ['js', expect.anything()],
      ['config', 'G-TEST'],
    ])
    expect(saw.every((e) => e.args)).toBe(true)

    await page.evaluate(() => (window as any).cmp({ analytics: true }))
    await page.evaluate(() => (window as any).cmp({ analytics: true }))
    await page.evaluate(() => (window as any).cmp({ analytics: true, marketing: true }))
    const consent = await page.evaluate(() =>
      ((window as any).dataLayer as unknown[])
        .filter((e) => Object.prototype.toString.call(e) === '[object Arguments]' && (e as IArguments)[0] === 'consent')
        .map((e) => [(e as IArguments)[1], (e as IArguments)[2].analytics_storage, (e as IArguments)[2].ad_storage]),
    )
    expect(consent).toEqual([
      ['default', 'denied', 'denied'],
      ['update', 'granted', 'denied'],
      ['update', 'granted', 'granted'],
    ])
    await context.close()
  })
})
