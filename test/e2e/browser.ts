import type { Browser, BrowserContext, BrowserContextOptions, Page, Request } from 'playwright-core'
import { afterAll, afterEach, beforeAll } from 'vitest'
import { serve, type Server } from '../../examples/serve.mjs'
import { launchBrowser } from '../tools/chromium.mjs'

export { launchBrowser }

export interface Harness {
  browser: Browser
  server: Server
  /** Every request the pages made, local or not, in order. */
  requests: Request[]
  newContext(): Promise<BrowserContext>
  close(): Promise<void>
}

type Answer = { status?: number; contentType?: string; body: string } | undefined

/**
 * Serves the repository root on 127.0.0.1 and opens contexts in which every non-local request
 * is recorded and answered locally (204, or by the `thirdParty` handler, which may answer late),
 * so nothing reaches the internet.
 */
export async function startHarness(thirdParty: (url: URL) => Answer | Promise<Answer> = () => undefined): Promise<Harness> {
  const [browser, server] = await Promise.all([launchBrowser(), serve({ port: 0, quiet: true })])
  const requests: Request[] = []
  return {
    browser,
    server,
    requests,
    async newContext() {
      const context = await browser.newContext()
      context.on('request', (request) => requests.push(request))
      await context.route('**/*', async (route) => {
        const url = new URL(route.request().url())
        if (url.hostname === '127.0.0.1' || url.hostname === 'localhost') return route.continue()
        const answer = await thirdParty(url)
        return route.fulfill({
          status: answer?.status ?? (answer ? 200 : 204),
          contentType: answer?.contentType ?? 'application/javascript',
          body: answer?.body ?? '',
        })
      })
      return context
    },
    async close() {
      await browser.close()
      await server.close()
    },
  }
}

/**
 * For one test file (the hooks are registered here): a browser, and the repository served with
 * `csp` as the Content-Security-Policy header of every page under `prefix`, the strict-CSP example
 * pages' set-up. Each test opens its context with `newContext()`; it is closed after the test.
 */
export function cspPages(prefix: string, csp: string): { readonly url: string; newContext(options?: BrowserContextOptions): Promise<BrowserContext> } {
  const headers = (path: string): Record<string, string> => (path.startsWith(prefix) ? { 'content-security-policy': csp } : {})
  let browser: Browser
  let server: Server
  let context: BrowserContext | undefined
  beforeAll(async () => {
    ;[browser, server] = await Promise.all([launchBrowser(), serve({ port: 0, quiet: true, headers })])
  })
  afterAll(async () => {
    await browser?.close()
    await server?.close()
  })
  afterEach(async () => {
    await context?.close()
    context = undefined
  })
  return {
    get url() {
      return server.url
    },
    async newContext(options) {
      context = await browser.newContext(options)
      return context
    },
  }
}

/** Collects the page's CSP violation events on `window.violations`, from before its first script runs. */
export async function recordCspViolations(page: Page): Promise<void> {
  await page.addInitScript(() => {
    const w = window as unknown as { violations: string[] }
    w.violations = []
    document.addEventListener('securitypolicyviolation', (e) => w.violations.push(`${e.violatedDirective} ${e.blockedURI}`))
  })
}

/** The page's console errors and the errors thrown into it, collected from now on. */
export function collectErrors(page: Page): { consoleErrors: string[]; pageErrors: string[] } {
  const consoleErrors: string[] = []
  const pageErrors: string[] = []
  page.on('console', (message) => message.type() === 'error' && consoleErrors.push(message.text()))
  page.on('pageerror', (error) => pageErrors.push(error.message))
  return { consoleErrors, pageErrors }
}
