import { type CategoryPreferences, type CookiePattern, deleteCookies } from 'consentry'

/** Expires the configured cookies of every category granted `before` and denied `now`. */
export function deleteRevokedCookies(cookies: Readonly<Record<string, readonly CookiePattern[]>>, before: Readonly<CategoryPreferences>, now: Readonly<CategoryPreferences>): void {
  for (const id in cookies) if (before[id] && !now[id]) deleteCookies(cookies[id] ?? [])
}
