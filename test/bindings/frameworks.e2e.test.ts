import { execFile } from 'node:child_process'
import { readFileSync } from 'node:fs'
import { promisify } from 'node:util'
import type { BrowserContext, Page } from 'playwright-core'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { startHarness, type Harness } from '../e2e/browser.js'

// The React 19, Vue 3 and Svelte 5 examples (examples/<framework>/, bundled by rollup from dist/)
// in Chromium, and their server renders (examples/<framework>/render.mjs, run by Node against
// dist/ through package.json exports, as an app's server would import them).
const run = promisify(execFile)
const root = new URL('../../', import.meta.url)
const DENIED = 'Consent: pending; granted: nothing'
type Renders = { status: number; marketing: number; dashboard: number }

let h: Harness
beforeAll(async () => {
  h = await startHarness()
})
afterAll(() => h?.close())

/** Console errors and warnings, and uncaught errors, of one page. */
function watchConsole(page: Page): string[] {
  const messages: string[] = []
  page.on('console', (message) => void (['error', 'warning'].includes(message.type()) && messages.push(`${message.type()}: ${message.text()}`)))
  page.on('pageerror', (error) => messages.push(`pageerror: ${error.message}`))
  return messages
}

const text = (page: Page, selector: string) => page.locator(selector).textContent()
const renders = (page: Page) => page.evaluate(() => ({ ...(window as unknown as { renders: Renders }).renders }))
// React and Vue render asynchronously after a click; let every scheduled render and effect run.
const settle = (page: Page) => page.evaluate(() => new Promise((done) => requestAnimationFrame(() => setTimeout(done, 50))))

describe.each(['react', 'vue', 'svelte'])('consentry/%s', (framework) => {
  const url = () => `${h.server.url}/examples/${framework}/`
  let serverHtml = ''

  it('server rendering outputs the denied state', async () => {
    ;({ stdout: serverHtml } = await run(process.execPath, [`examples/${framework}/render.mjs`], { cwd: new URL(root).pathname }))
    expect(serverHtml).toContain(DENIED)
    expect(serverHtml).toContain('Marketing: off')
    expect(serverHtml).toContain('id="fallback"')
    expect(serverHtml).not.toContain('id="dashboard"')
  })

  it('a change re-renders each subscribed component exactly once, and no other change does', async () => {
    const context = await h.newContext()
    const page = await context.newPage()
    const messages = watchConsole(page)
    await page.goto(url())
    await expect.poll(() => text(page, '#status')).toBe('Consent: default; granted: necessary')
    await settle(page)
    const before = await renders(page)
    const expectRenders = async (added: Partial<Renders>) => {
      await settle(page)
      expect(await renders(page)).toEqual({ status: before.status + (added.status ?? 0), marketing: before.marketing + (added.marketing ?? 0), dashboard: before.dashboard + (added.dashboard ?? 0) })
      Object.assign(before, await renders(page))
    }

    await page.getByRole('button', { name: 'Allow analytics' }).click()
    await expect.poll(() => text(page, '#status')).toBe('Consent: decided; granted: necessary, analytics')
    expect(await page.locator('#dashboard').isVisible()).toBe(true)
    await expectRenders({ status: 1, dashboard: 1 }) // the marketing badge's answer did not change

    await page.getByRole('button', { name: 'Allow marketing' }).click()
    await expect.poll(() => text(page, '#marketing')).toBe('Marketing: on')
    await expectRenders({ status: 1, marketing: 1 })

    await page.getByRole('button', { name: 'Allow marketing' }).click() // no real change
    await expectRenders({})

    await page.getByRole('button', { name: 'Refuse analytics' }).click()
    await expect.poll(() => page.locator('#fallback').isVisible()).toBe(true)
    expect(await page.locator('#dashboard').count()).toBe(0)
    await expectRenders({ status: 1 })
    expect(messages).toEqual([])
    await context.close()
  })

  describe('hydrating the server HTML', () => {
    let context: BrowserContext
    beforeAll(async () => {
      context = await h.newContext()
    })
    afterAll(() => context?.close())

    // The server HTML goes where the example's page has its empty root; a classic script marks
    // the server's nodes before the module bundle hydrates, so the test can tell kept from re-created.
    async function openHydrated(): Promise<{ page: Page; messages: string[] }> {
      const page = await context.newPage()
      const messages = watchConsole(page)
      const html = readFileSync(new URL(`examples/${framework}/index.html`, root), 'utf8').replace(
        /<div id="(root|app)"><\/div>/,
        (_, id: string) => `<div id="${id}">${serverHtml}</div><script>document.getElementById('status').serverNode = true</script>`,
      )
      expect(html).toContain(DENIED)
      await page.route(url(), (route) => route.fulfill({ contentType: 'text/html', body: html }))
      await page.goto(url())
      return { page, messages }
    }

    it('with no decision stored: no mismatch, the server nodes kept', async () => {
      const { page, messages } = await openHydrated()
      await expect.poll(() => text(page, '#status')).toBe('Consent: default; granted: necessary')
      await settle(page)
      expect(await page.evaluate(() => (document.getElementById('status') as HTMLElement & { serverNode?: boolean }).serverNode)).toBe(true)
      expect(messages).toEqual([])
      await page.close()
    })

    it('for a visitor whose stored decision grants more than the server rendered: no mismatch, then the real state', async () => {
      const first = await context.newPage()
      await first.goto(url())
      await first.getByRole('button', { name: 'Allow analytics' }).click()
      await first.getByRole('button', { name: 'Allow marketing' }).click()
      await expect.poll(() => text(first, '#marketing')).toBe('Marketing: on')
      await first.close()

      const { page, messages } = await openHydrated()
      await expect.poll(() => text(page, '#status')).toBe('Consent: decided; granted: necessary, analytics, marketing')
      expect(await text(page, '#marketing')).toBe('Marketing: on')
      expect(await page.locator('#dashboard').isVisible()).toBe(true)
      await settle(page)
      expect(await page.evaluate(() => (document.getElementById('status') as HTMLElement & { serverNode?: boolean }).serverNode)).toBe(true)
      expect(messages).toEqual([])
      await page.close()
    })
  })
})
