import { fileURLToPath } from 'node:url'
import { AxeBuilder } from '@axe-core/playwright'
import type { Page } from 'playwright-core'
import { afterEach, describe, expect, it } from 'vitest'
import { cspPages, recordCspViolations } from '../e2e/browser.js'

// The example page is served under the strictest CSP the issue names, for every test here.
const CSP = "default-src 'self'; style-src 'self'; script-src 'self'"
const PAGE = '/examples/preference-center/'
const shot = (name: string) => fileURLToPath(new URL(`../../examples/preference-center/${name}`, import.meta.url))

const pages = cspPages(PAGE, CSP)
const offsite: string[] = []
afterEach(() => {
  expect(offsite).toEqual([])
})

interface Demo {
  demo: { consent: { get(): { status: string; categoryPreferences: Record<string, boolean> } } }
  violations: string[]
}

async function openPage(query = ''): Promise<Page> {
  const context = await pages.newContext()
  await context.route('**/*', (route) => {
    const url = new URL(route.request().url())
    if (url.hostname === '127.0.0.1') return route.continue()
    offsite.push(url.href)
    return route.abort()
  })
  const page = await context.newPage()
  await recordCspViolations(page)
  const consoleViolations: string[] = []
  page.on('console', (message) => {
    if (/Content Security Policy/i.test(message.text())) consoleViolations.push(message.text())
  })
  ;(page as Page & { consoleViolations: string[] }).consoleViolations = consoleViolations
  await page.goto(`${pages.url}${PAGE}${query}`)
  await page.waitForFunction(() => 'demo' in window)
  return page
}

const consentState = (page: Page) => page.evaluate(() => (window as unknown as Demo).demo.consent.get())
const violations = async (page: Page) => [...(await page.evaluate(() => (window as unknown as Demo).violations)), ...(page as Page & { consoleViolations: string[] }).consoleViolations]

/** Accessible name of the focused element, looking through shadow roots. */
const focused = (page: Page) =>
  page.evaluate(() => {
    let active = document.activeElement
    while (active?.shadowRoot?.activeElement) active = active.shadowRoot.activeElement
    if (!active) return ''
    if (active.getAttribute('role') === 'dialog') return 'dialog'
    const input = active as HTMLInputElement
    if (input.labels?.[0]) return `switch ${input.labels[0].textContent}`
    return active.textContent ?? ''
  })

const axe = (page: Page) => new AxeBuilder({ page }).analyze()
/** How many nodes inside the widget's shadow root passed `rule`. */
const inside = (result: Awaited<ReturnType<typeof axe>>, rule: string) =>
  result.passes.find((p) => p.id === rule)?.nodes.filter((n) => JSON.stringify(n.target[0]).includes('data-consentry-widget')).length ?? 0
const summary = (result: Awaited<ReturnType<typeof axe>>) => result.violations.map((v) => `${v.id}: ${v.nodes.map((n) => n.target.join(' ')).join(', ')}`)

describe('preference center in Chromium under a strict CSP', () => {
  it('shows an accessible banner with zero axe violations', async () => {
    const page = await openPage()
    const banner = page.getByRole('region', { name: 'Your privacy choices' })
    await expect(banner.isVisible()).resolves.toBe(true)
    const result = await axe(page)
    expect(summary(result)).toEqual([])
    // axe did look inside the shadow root: the banner's buttons were checked for names and contrast.
    expect(inside(result, 'button-name')).toBeGreaterThanOrEqual(3)
    expect(inside(result, 'color-contrast')).toBeGreaterThan(0)
    await page.screenshot({ path: shot('banner.png') })
    // After a decision only the floating button is left; it must pass too.
    await page.getByRole('button', { name: 'Reject all' }).click()
    await expect(page.getByRole('button', { name: 'Privacy settings' }).isVisible()).resolves.toBe(true)
    expect(summary(await axe(page))).toEqual([])
    expect(await violations(page)).toEqual([])
  })

  it('shows an accessible modal dialog with zero axe violations, light and dark', async () => {
    const page = await openPage()
    await page.getByRole('button', { name: 'Customise' }).click()
    const dialog = page.getByRole('dialog', { name: 'Privacy preferences' })
    await expect(dialog.isVisible()).resolves.toBe(true)
    expect(await page.evaluate(() => (document.querySelector('main') as HTMLElement).inert)).toBe(true)
    const result = await axe(page)
    expect(summary(result)).toEqual([])
    expect(inside(result, 'aria-dialog-name')).toBe(1)
    expect(inside(result, 'label')).toBeGreaterThanOrEqual(5)
    await page.screenshot({ path: shot('dialog.png') })
    await page.emulateMedia({ colorScheme: 'dark', reducedMotion: 'reduce' })
    expect(summary(await axe(page))).toEqual([])
    await page.screenshot({ path: shot('dialog-dark.png') })
    expect(await violations(page)).toEqual([])
  })

  it('works with the keyboard alone: tab order, Space, Enter, Escape and focus return', async () => {
    const page = await openPage()
    const tab = async (expected: string, key = 'Tab') => {
      await page.keyboard.press(key)
      expect(await focused(page)).toBe(expected)
    }
    await tab('Accept all')
    await tab('Reject all')
    await tab('Customise')
    await page.keyboard.press('Enter')
    expect(await focused(page)).toBe('dialog')
    await tab('Close')
    await tab('switch Analytics')
    await page.keyboard.press('Space')
    await tab('switch Marketing')
    await tab('Accept all') // topics are disabled while Marketing is off, so Tab skips them
    await tab('switch Marketing', 'Shift+Tab')
    await page.keyboard.press('Space')
    await tab('switch Weekly newsletter')
    await page.keyboard.press('Space')
    await tab('switch Partner offers')
    await tab('Accept all')
    await tab('Reject all')
    await tab('Save choices')
    await tab('Close') // trapped: wraps to the first control
    await tab('Save choices', 'Shift+Tab')
    // Escape discards the draft and returns focus to the opener.
    await page.keyboard.press('Escape')
    expect(await page.getByRole('dialog').count()).toBe(0)
    expect(await focused(page)).toBe('Customise')
    expect((await consentState(page)).status).toBe('default')

    await page.keyboard.press('Enter')
    await tab('Close')
    await tab('switch Analytics')
    await page.keyboard.press('Space')
    await tab('switch Marketing')
    await page.keyboard.press('Space')
    await tab('switch Weekly newsletter')
    await page.keyboard.press('Space')
    await tab('switch Partner offers')
    await tab('Accept all')
    await tab('Reject all')
    await tab('Save choices')
    await page.keyboard.press('Enter')
    const state = await consentState(page)
    expect(state.status).toBe('decided')
    expect(state.categoryPreferences).toEqual({ necessary: true, analytics: true, marketing: true, newsletter: true, offers: false })
    // The banner is gone, so focus lands on the floating button, which reopens the dialog.
    expect(await focused(page)).toBe('Privacy settings')
    await page.keyboard.press('Enter')
    expect(await focused(page)).toBe('dialog')
    await page.keyboard.press('Escape')
    expect(await focused(page)).toBe('Privacy settings')
    expect(await violations(page)).toEqual([])
  })

  it('keeps topics off and disabled while their purpose is off', async () => {
    const page = await openPage()
    await page.getByRole('button', { name: 'Customise' }).click()
    const marketing = page.getByRole('switch', { name: 'Marketing' })
    const newsletter = page.getByRole('switch', { name: 'Weekly newsletter' })
    expect([await newsletter.isChecked(), await newsletter.isDisabled()]).toEqual([false, true])
    await marketing.click()
    await newsletter.click()
    expect([await newsletter.isChecked(), await newsletter.isDisabled()]).toEqual([true, false])
    await marketing.click()
    expect([await newsletter.isChecked(), await newsletter.isDisabled()]).toEqual([false, true])
    await page.getByRole('button', { name: 'Save choices' }).click()
    expect((await consentState(page)).categoryPreferences).toMatchObject({ marketing: false, newsletter: false })
  })

  it('grants nothing for clicks and key presses faked by page script, but does for a real click', async () => {
    const page = await openPage()
    await page.evaluate(() => {
      const root = (document.querySelector('[data-consentry-widget]') as HTMLElement).shadowRoot as ShadowRoot
      const byText = (text: string) => [...root.querySelectorAll('button')].filter((b) => b.textContent === text)
      for (const b of byText('Accept all')) {
        b.click()
        b.dispatchEvent(new MouseEvent('click', { bubbles: true, composed: true }))
        b.dispatchEvent(new KeyboardEvent('keydown', { key: 'Enter', bubbles: true }))
      }
      // Through the dialog: fake flips of every switch, then a fake Save.
      byText('Customise')[0]?.click()
      for (const input of root.querySelectorAll('input')) {
        input.click()
        input.checked = !input.checked
        input.dispatchEvent(new Event('change', { bubbles: true }))
      }
      for (const label of root.querySelectorAll('label')) label.click()
      for (const b of byText('Save choices')) b.click()
    })
    const state = await consentState(page)
    expect(state.status).toBe('default')
    expect(state.categoryPreferences).toMatchObject({ analytics: false, marketing: false })
    // The switches show the untouched draft, so a real Save now saves nothing the script flipped.
    await page.getByRole('button', { name: 'Save choices' }).click()
    expect((await consentState(page)).categoryPreferences).toEqual({ necessary: true, analytics: false, marketing: false, newsletter: false, offers: false })
    await page.getByRole('button', { name: 'Privacy settings' }).click()
    await page.getByRole('dialog').getByRole('button', { name: 'Accept all' }).click()
    expect((await consentState(page)).categoryPreferences).toEqual({ necessary: true, analytics: true, marketing: true, newsletter: true, offers: true })
  })

  it('takes its colours from --consentry-* properties and drops the animation under reduced motion', async () => {
    const page = await openPage()
    const look = () =>
      page.evaluate(() => {
        const root = (document.querySelector('[data-consentry-widget]') as HTMLElement).shadowRoot as ShadowRoot
        const button = root.querySelector('.b button') as HTMLElement
        const input = root.querySelector('input') as HTMLElement
        return [getComputedStyle(button).backgroundColor, getComputedStyle(input, '::before').transitionDuration]
      })
    expect(await look()).toEqual(['rgb(29, 78, 216)', '0.15s'])
    // CSSOM writes are not inline markup, so the strict CSP allows them.
    await page.evaluate(() => document.documentElement.style.setProperty('--consentry-accent', 'rgb(120, 20, 60)'))
    await page.emulateMedia({ reducedMotion: 'reduce' })
    expect(await look()).toEqual(['rgb(120, 20, 60)', '0s'])
    expect(await violations(page)).toEqual([])
  })

  it('writes a saved decision back to the CMP whose adapter supports write', async () => {
    const page = await openPage('?cmp=demo')
    expect(await consentState(page)).toMatchObject({ status: 'decided', source: 'cmp' })
    expect(await page.getByRole('region', { name: 'Your privacy choices' }).count()).toBe(0)
    await page.getByRole('button', { name: 'Privacy settings' }).click()
    expect(await page.getByRole('switch', { name: 'Analytics' }).isChecked()).toBe(true)
    await page.getByRole('switch', { name: 'Marketing' }).click()
    await page.getByRole('button', { name: 'Save choices' }).click()
    const written = { necessary: true, analytics: true, marketing: true, newsletter: false, offers: false }
    expect(await consentState(page)).toMatchObject({ source: 'user', categoryPreferences: written })
    expect(await page.evaluate(() => (window as unknown as { demo: { demoCmp: { writes: unknown[] } } }).demo.demoCmp.writes)).toEqual([written])
  })

  it('records no CSP violation through a whole visit, and the recorder does catch one', async () => {
    const page = await openPage('?lang=ar')
    expect(await page.evaluate(() => ((document.querySelector('[data-consentry-widget]') as HTMLElement).shadowRoot as ShadowRoot).querySelector('[dir]')?.getAttribute('dir'))).toBe('rtl')
    await page.getByRole('button', { name: 'تخصيص' }).click()
    await page.getByRole('switch', { name: 'Analytics' }).click()
    await page.getByRole('button', { name: 'حفظ' }).click()
    await page.locator('footer [data-consentry-open]').click()
    await page.keyboard.press('Escape')
    expect(await violations(page)).toEqual([])
    // Control: an inline style attribute is refused and recorded, so the empty list above means something.
    await page.evaluate(() => document.body.setAttribute('style', 'outline: 1px solid red'))
    await page.waitForFunction(() => (window as unknown as Demo).violations.length > 0)
    expect((await violations(page)).join('\n')).toMatch(/style-src/)
  })
})

describe('the region\u2019s mode in Chromium, from the production script tag, with axe', () => {
  /** Names of the widget's visible landmarks and buttons, looking into its shadow root. */
  const shown = (page: Page) =>
    page.evaluate(() => {
      const root = document.querySelector('[data-consentry-widget]')?.shadowRoot
      const visible = [...(root?.querySelectorAll<HTMLElement>('[role="region"], [role="dialog"], button, a') ?? [])].filter((node) => node.checkVisibility())
      return visible.map((node) => `${node.getAttribute('role') ?? node.tagName.toLowerCase()}: ${node.getAttribute('role') ? node.querySelector('h2')?.textContent : node.textContent}`)
    })

  it('opt-in (FR): the banner with equal-weight Accept all and Reject all; zero axe violations', async () => {
    const page = await openPage('?region=FR')
    expect(await shown(page)).toEqual(['region: Your privacy choices', 'button: Accept all', 'button: Reject all', 'button: Customise'])
    const sizes = await page.evaluate(() => {
      const root = document.querySelector('[data-consentry-widget]')?.shadowRoot
      return [...(root?.querySelectorAll<HTMLElement>('.b:not([hidden]) button') ?? [])].slice(0, 2).map((b) => [getComputedStyle(b).backgroundColor, getComputedStyle(b).fontWeight, b.offsetHeight])
    })
    expect(sizes[0]).toEqual(sizes[1])
    const result = await axe(page)
    expect(summary(result)).toEqual([])
    expect(inside(result, 'button-name')).toBeGreaterThanOrEqual(3)
    expect(await violations(page)).toEqual([])
  })

  it('opt-out (US-CA): a notice with the "Do not sell or share" link that opens the dialog; zero axe violations', async () => {
    const page = await openPage('?region=US-CA')
    expect(await shown(page)).toEqual(['region: Your privacy choices', 'a: Do not sell or share my personal information'])
    expect(await consentState(page)).toMatchObject({ status: 'default', categoryPreferences: { analytics: true, marketing: true } })
    const result = await axe(page)
    expect(summary(result)).toEqual([])
    expect(inside(result, 'link-name')).toBe(1)
    await page.getByRole('link', { name: 'Do not sell or share my personal information' }).click()
    await expect(page.getByRole('dialog', { name: 'Privacy preferences' }).isVisible()).resolves.toBe(true)
    expect(summary(await axe(page))).toEqual([])
    await page.getByRole('button', { name: 'Reject all' }).click()
    expect(await consentState(page)).toMatchObject({ status: 'decided', source: 'user', categoryPreferences: { analytics: false, marketing: false } })
    expect(await violations(page)).toEqual([])
  })

  it('opt-out with Global Privacy Control: the notice says it is honoured and the GPC categories are off; zero axe violations', async () => {
    const context = await pages.newContext()
    await context.addInitScript(() => Object.defineProperty(Navigator.prototype, 'globalPrivacyControl', { get: () => true, configurable: true }))
    const page = await context.newPage()
    await page.goto(`${pages.url}${PAGE}?region=US-CA`)
    await page.waitForFunction(() => 'demo' in window)
    await expect(page.getByText('Your browser sends a Global Privacy Control signal: we honour it as your request to opt out.').isVisible()).resolves.toBe(true)
    expect(await consentState(page)).toMatchObject({ source: 'gpc', categoryPreferences: { analytics: false, marketing: false } })
    expect(summary(await axe(page))).toEqual([])
  })

  it('none (BR): nothing shown at all; the page has zero axe violations; the footer link still opens the dialog', async () => {
    const page = await openPage('?region=BR')
    expect(await shown(page)).toEqual([])
    expect(summary(await axe(page))).toEqual([])
    await page.getByRole('button', { name: 'Cookie settings' }).click()
    await expect(page.getByRole('dialog', { name: 'Privacy preferences' }).isVisible()).resolves.toBe(true)
    expect(summary(await axe(page))).toEqual([])
  })
})
