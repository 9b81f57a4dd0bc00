import type { Browser, BrowserServer } from 'playwright-core'
export const INSTALL_COMMAND: string
export const SHARED_BROWSER_ENV: string
export function findChromium(where?: { env?: Record<string, string | undefined>; headlessShell?: string; debian?: string; playwright?: string; exists?: (path: string) => boolean }): {
  path?: string
  problem?: string
}
export function launchBrowser(): Promise<Browser>
export function launchBrowserServer(): Promise<BrowserServer>
