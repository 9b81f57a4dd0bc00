import { existsSync } from 'node:fs'
import { chromium } from 'playwright-core'

const DEBIAN_CHROMIUM = '/usr/bin/chromium'
// Debian's build of the old headless mode, the browser Playwright itself runs headless by default
// (its chromium-headless-shell). In the full browser's new headless mode a browser test file takes
// about twice the CPU (test/e2e/fail-closed.e2e.test.ts: 12.3 s against 6.7 s, medians of three
// farm-bench runs with CHROMIUM_PATH=/usr/bin/chromium against none, vitest and the browser
// summed), and browser pages were the biggest single cost of `npm test` on two cores.
const DEBIAN_HEADLESS_SHELL = '/usr/bin/chromium-headless-shell'

/** The one command that gets a machine without any Chromium going. */
export const INSTALL_COMMAND = 'npx playwright-core install chromium'

/**
 * Which Chromium the e2e tests use: `CHROMIUM_PATH`, else Debian's headless shell, else Debian's
 * `/usr/bin/chromium`, else Playwright's own download. `undefined` path with `problem` set when
 * there is none to use.
 * @param {{ env?: Record<string, string | undefined>, headlessShell?: string, debian?: string, playwright?: string, exists?: (path: string) => boolean }} [where]
 * @returns {{ path?: string, problem?: string }}
 */
export function findChromium({ env = process.env, headlessShell = DEBIAN_HEADLESS_SHELL, debian = DEBIAN_CHROMIUM, playwright = chromium.executablePath(), exists = existsSync } = {}) {
  if (env.CHROMIUM_PATH) {
    return exists(env.CHROMIUM_PATH) ? { path: env.CHROMIUM_PATH } : { problem: `CHROMIUM_PATH is ${env.CHROMIUM_PATH}, which does not exist. Unset it, or run: ${INSTALL_COMMAND}` }
  }
  if (exists(headlessShell)) return { path: headlessShell }
  if (exists(debian)) return { path: debian }
  if (playwright && exists(playwright)) return { path: playwright }
  return { problem: `No Chromium for the browser tests (looked for CHROMIUM_PATH, ${headlessShell}, ${debian} and Playwright's own). Run: ${INSTALL_COMMAND}` }
}

const ARGS = ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run', '--disable-quic']

function executable() {
  const { path, problem } = findChromium()
  if (!path) throw new Error(problem)
  return path
}

/** Where {@link launchBrowser} finds the browser server of a test run, when there is one. */
export const SHARED_BROWSER_ENV = 'CONSENTRY_CHROMIUM_WS'

/**
 * Debian's Chromium (or CHROMIUM_PATH); on a laptop without either, Playwright's own browser
 * (`npx playwright-core install chromium`). Background networking off: nothing may leave the machine.
 * Inside `npm test` it connects to the run's one browser server instead (test/tools/chromium-setup.ts):
 * each test file still gets its own browser contexts, without the second of CPU a launch costs.
 * @returns {Promise<import('playwright-core').Browser>}
 */
export function launchBrowser() {
  const shared = process.env[SHARED_BROWSER_ENV]
  if (shared) return chromium.connect(shared)
  return chromium.launch({ executablePath: executable(), args: ARGS })
}

/**
 * One browser for a whole test run; its `wsEndpoint()` goes in {@link SHARED_BROWSER_ENV}.
 * @returns {Promise<import('playwright-core').BrowserServer>}
 */
export function launchBrowserServer() {
  return chromium.launchServer({ executablePath: executable(), args: ARGS })
}
