import { existsSync } from 'node:fs'
import { chromium } from 'playwright-core'

const DEBIAN_CHROMIUM = '/usr/bin/chromium'

/**
 * Debian's Chromium (or CHROMIUM_PATH); on a laptop without either, Playwright's own browser
 * (`npx playwright install chromium`). Background networking off: nothing may leave the machine.
 * @returns {Promise<import('playwright-core').Browser>}
 */
export function launchBrowser() {
  const path = process.env.CHROMIUM_PATH ?? (existsSync(DEBIAN_CHROMIUM) ? DEBIAN_CHROMIUM : undefined)
  return chromium.launch({
    ...(path ? { executablePath: path } : {}),
    args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run', '--disable-quic'],
  })
}
