import { existsSync } from 'node:fs'
import { chromium, type Browser, type BrowserContext, type Request } from 'playwright-core'
import { serve, type Server } from '../../examples/serve.mjs'

const DEBIAN_CHROMIUM = '/usr/bin/chromium'

/**
 * Debian's Chromium (or CHROMIUM_PATH); on a laptop without either, Playwright's own browser
 * (`npx playwright install chromium`).
 */
export function launchBrowser(): Promise<Browser> {
  const path = process.env.CHROMIUM_PATH ?? (existsSync(DEBIAN_CHROMIUM) ? DEBIAN_CHROMIUM : undefined)
  return chromium.launch({
    ...(path ? { executablePath: path } : {}),
    args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run', '--disable-quic'],
  })
}

export interface Harness {
  browser: Browser
  server: Server
  /** Every request the pages made, local or not, in order. */
  requests: Request[]
  newContext(): Promise<BrowserContext>
  close(): Promise<void>
}

/**
 * Serves the repository root on 127.0.0.1 and opens contexts in which every non-local request
 * is recorded and answered locally (204, or by the `thirdParty` handler), so nothing reaches
 * the internet.
 */
export async function startHarness(
  thirdParty: (url: URL) => { status?: number; contentType?: string; body: string } | undefined = () => undefined,
): Promise<Harness> {
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
        const answer = thirdParty(url)
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
