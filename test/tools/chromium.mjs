import { existsSync } from 'node:fs'
import { chromium } from 'playwright-core'

const DEBIAN_CHROMIUM = '/usr/bin/chromium'

/** The one command that gets a machine without any Chromium going. */
export const INSTALL_COMMAND = 'npx playwright-core install chromium'

/**
 * Which Chromium the e2e tests use: `CHROMIUM_PATH`, else Debian's `/usr/bin/chromium`, else
 * Playwright's own download. `undefined` path with `problem` set when there is none to use.
 * @param {{ env?: Record<string, string | undefined>, debian?: string, playwright?: string, exists?: (path: string) => boolean }} [where]
 * @returns {{ path?: string, problem?: string }}
 */
export function findChromium({ env = process.env, debian = DEBIAN_CHROMIUM, playwright = chromium.executablePath(), exists = existsSync } = {}) {
  if (env.CHROMIUM_PATH) {
    return exists(env.CHROMIUM_PATH) ? { path: env.CHROMIUM_PATH } : { problem: `CHROMIUM_PATH is ${env.CHROMIUM_PATH}, which does not exist. Unset it, or run: ${INSTALL_COMMAND}` }
  }
  if (exists(debian)) return { path: debian }
  if (playwright && exists(playwright)) return { path: playwright }
  return { problem: `No Chromium for the browser tests (looked for CHROMIUM_PATH, ${debian} and Playwright's own). Run: ${INSTALL_COMMAND}` }
}

/**
 * Debian's Chromium (or CHROMIUM_PATH); on a laptop without either, Playwright's own browser
 * (`npx playwright-core install chromium`). Background networking off: nothing may leave the machine.
 * @returns {Promise<import('playwright-core').Browser>}
 */
export function launchBrowser() {
  const { path, problem } = findChromium()
  if (!path) throw new Error(problem)
  return chromium.launch({
    executablePath: path,
    args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run', '--disable-quic'],
  })
}
