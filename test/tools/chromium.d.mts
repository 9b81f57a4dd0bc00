import type { Browser } from 'playwright-core'
export const INSTALL_COMMAND: string
export function findChromium(where?: { env?: Record<string, string | undefined>; debian?: string; playwright?: string; exists?: (path: string) => boolean }): { path?: string; problem?: string }
export function launchBrowser(): Promise<Browser>
