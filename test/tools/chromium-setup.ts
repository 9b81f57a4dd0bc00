// Vitest globalSetup of the e2e project: without a Chromium, stop before any browser test starts,
// with the one command that fixes it, instead of one Playwright error per test file. With one,
// start the run's single browser server; every test file connects to it (launchBrowser).
import { findChromium, launchBrowserServer, SHARED_BROWSER_ENV } from './chromium.mjs'

export default async function setup(): Promise<() => Promise<void>> {
  const { path, problem } = findChromium()
  if (!path) throw new Error(problem)
  const server = await launchBrowserServer()
  // Set before the workers start, so each inherits it.
  process.env[SHARED_BROWSER_ENV] = server.wsEndpoint()
  return async () => {
    delete process.env[SHARED_BROWSER_ENV]
    await server.close()
  }
}
