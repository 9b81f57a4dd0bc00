import { fileURLToPath } from 'node:url'
import { AxeBuilder } from '@axe-core/playwright'
import type { Page } from 'playwright-core'
import { afterEach, describe, expect, it } from 'vitest'
import { cspPages, recordCspViolations } from './browser.js'

// consentry/placeholders in Chromium (dist/ ESM, the examples/placeholders page) under a strict
// CSP: no inline script or style; frames and images only from the embeds' own hosts.
const CSP = "default-src 'self'; style-src 'self'; script-src 'self'; frame-src https://www.youtube-nocookie.com https://maps.example.test; img-src 'self' https://px.example.test"
const PAGE = '/examples/placeholders/'
const shot = fileURLToPath(new URL('../../examples/placeholders/placeholder.png', import.meta.url))

const pages = cspPages(PAGE, CSP)
let offsite: string[] = []
afterEach(() => {
  offsite = []
})

async function openPage(): Promise<Page> {
  const context = await pages.newContext({ viewport: { width: 800, height: 900 } })
  await context.route('**/*', (route) => {
    const url = new URL(route.request().url())
    if (url.hostname === '127.0.0.1') return route.continue()
    offsite.push(url.hostname)
    return route.fulfill({ contentType: 'text/html', body: `<!doctype html><title>${url.hostname}</title>` })
  })
  const page = await context.newPage()
  await recordCspViolations(page)
  const errors: string[] = []
  page.on('pageerror', (error) => errors.push(error.message))
  ;(page as Page & { errors: string[] }).errors = errors
  await page.goto(`${pages.url}${PAGE}`)
  await page.waitForFunction(() => 'demo' in window && document.querySelectorAll('[data-consentry-placeholder]').length === 2)
  return page
}

const violations = (page: Page) => page.evaluate(() => (window as unknown as { violations: string[] }).violations)
const granted = (page: Page, id: string) => page.evaluate((id) => (window as any).demo.consent.isGranted(id), id)
const placeholders = (page: Page) => page.locator('[data-consentry-placeholder]')

describe('contextual placeholders (Chromium, strict CSP)', () => {
  it('stand in for each blocked embed: sized like it, saying what it is and what it needs; zero axe and CSP violations', async () => {
    const page = await openPage()
    expect(offsite).toEqual([])
    const video = placeholders(page).first()
    expect(await video.boundingBox()).toMatchObject({ width: 560, height: 315 })
    expect(await page.locator('#video').isHidden()).toBe(true)
    await expect.poll(() => video.locator('p').textContent()).toBe('YouTube video is blocked until you allow Marketing.')
    expect(await placeholders(page).nth(1).locator('p').textContent()).toBe('Map of Berlin is blocked until you allow Functional.')
    const result = await new AxeBuilder({ page }).analyze()
    expect(result.violations.map((v) => `${v.id}: ${v.nodes.map((n) => n.target.join(' ')).join(', ')}`)).toEqual([])
    // axe looked inside the shadow roots: the buttons passed the name and contrast rules.
    const inside = (rule: string) => result.passes.find((p) => p.id === rule)?.nodes.filter((n) => JSON.stringify(n.target[0]).includes('data-consentry-placeholder')).length ?? 0
    expect(inside('button-name')).toBe(4)
    expect(inside('color-contrast')).toBeGreaterThan(0)
    await page.screenshot({ path: shot, clip: { x: 0, y: 0, width: 800, height: 620 } })
    // Themed through the widget's custom properties, set on any ancestor (CSSOM: no CSP issue).
    await page.evaluate(() => document.body.style.setProperty('--consentry-accent', 'rgb(0, 100, 0)'))
    expect(await page.evaluate(() => getComputedStyle(document.querySelector('[data-consentry-placeholder]')!.shadowRoot!.querySelector('button')!).backgroundColor)).toBe('rgb(0, 100, 0)')
    expect(await violations(page)).toEqual([])
  })

  it('a script’s click() changes nothing; the visitor’s “Allow” grants the category and the embed loads', async () => {
    const page = await openPage()
    await page.evaluate(() => {
      const host = document.querySelector('[data-consentry-placeholder]')!
      for (const button of Array.from(host.shadowRoot!.querySelectorAll('button'))) button.click()
    })
    expect(await granted(page, 'marketing')).toBe(false)
    expect(offsite).toEqual([])
    await page.getByRole('button', { name: 'Allow Marketing' }).click()
    expect(await granted(page, 'marketing')).toBe(true)
    await expect.poll(() => placeholders(page).count()).toBe(1)
    expect(await page.locator('#video').isVisible()).toBe(true)
    await expect.poll(() => [...new Set(offsite)].sort()).toEqual(['px.example.test', 'www.youtube-nocookie.com'])
    // Keyboard users continue at the embed that took the placeholder's place.
    expect(await page.evaluate(() => document.activeElement?.id)).toBe('video')
    // A revoke brings the placeholder back and blanks the frame.
    await page.evaluate(() => (window as any).demo.consent.set({ marketing: false }))
    await expect.poll(() => placeholders(page).count()).toBe(2)
    expect(await page.locator('#video').getAttribute('src')).toBe('about:blank')
    expect(await violations(page)).toEqual([])
    expect((page as Page & { errors: string[] }).errors).toEqual([])
  })

  it('“Load this once” loads that embed only, stores nothing, and survives a revoke', async () => {
    const page = await openPage()
    await page.getByRole('group', { name: 'Map of Berlin' }).getByRole('button', { name: 'Load this once' }).click()
    await expect.poll(() => offsite).toEqual(['maps.example.test'])
    expect(await granted(page, 'functional')).toBe(false)
    expect(await placeholders(page).count()).toBe(1)
    await page.evaluate(() => (window as any).demo.consent.set({ functional: false, marketing: false }))
    expect(await page.locator('#map').getAttribute('src')).toBe('https://maps.example.test/embed?q=Berlin')
    expect(await placeholders(page).count()).toBe(1)
    expect(await violations(page)).toEqual([])
  })
})
