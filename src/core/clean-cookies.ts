import { deleteCookies } from './delete-cookies.js'
import type { ConsentManager, CookiePattern } from './types.js'

/**
 * The `cookies` option at work: once consent is known (never while pending: a CMP may still
 * grant), and after every change, the cookies of each denied category are expired. Denied at
 * start counts too: a visitor who refused last time loses what a tag set before the refusal.
 */
export function cleanCookies(consent: ConsentManager, cookies: Readonly<Record<string, readonly CookiePattern[]>>): void {
  const ids = Object.keys(cookies)
  if (ids.length === 0) return
  const sweep = () => {
    if (consent.get().status === 'pending') return
    for (const id of ids) if (!consent.isGranted(id)) deleteCookies(cookies[id]!)
  }
  sweep()
  consent.subscribe(sweep)
}
