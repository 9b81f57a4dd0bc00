import { ConsentError, deleteCookies, type CategoryPreferences, type ConsentManager, type CookiePattern } from 'consentry'

/** Whether an integration runs the opt-in model: the option, else opt-in when any category is. */
export const isOptIn = (consent: ConsentManager, model: 'opt-in' | 'opt-out' | undefined): boolean =>
  model ? model === 'opt-in' : consent.categories.some((c) => c.enforcement === 'opt-in')

/** Expires the configured cookies of every category granted `before` and denied `now`. */
export function deleteRevokedCookies(
  cookies: Readonly<Record<string, readonly CookiePattern[]>>,
  before: Readonly<CategoryPreferences>,
  now: Readonly<CategoryPreferences>,
): void {
  for (const id in cookies) if (before[id] && !now[id]) deleteCookies(cookies[id] ?? [])
}

/** Runs a site hook or vendor call; a throw goes to `onError`, never into the caller. */
export function guard(consent: ConsentManager, run: (() => unknown) | undefined, what: string): void {
  try {
    run?.()
  } catch (error) {
    consent.report(new ConsentError('callback-failed', `consentry: ${what} threw`, error))
  }
}
