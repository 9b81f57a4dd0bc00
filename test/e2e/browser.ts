import type { Browser, BrowserContext, Request } from 'playwright-core'
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

/**
 * Serves the repository root on 127.0.0.1 and opens contexts in which every non-local request
 * is recorded and answered locally (204, or by the `thirdParty` handler), so nothing reaches
 * the internet.
 */
export async function startHarness(thirdParty: (url: URL) => { status?: number; contentType?: string; body: string } | undefined = () => undefined): Promise<Harness> {
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
