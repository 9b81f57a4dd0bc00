import type { CategoryPreferences, ConsentManager } from 'consentry'

/**
 * The preferences an integration sends and loads with. An opt-out integration runs before the
 * CMP answers, under the enforcement defaults (`opt-out` and `always` granted), not the closed
 * pending state, which would leave every opt-out destination out of the load for the whole page.
 * Opt-in waits for a decision, so it reads the state as it is.
 */
export function sentPreferences(consent: ConsentManager, optIn: boolean): CategoryPreferences {
  const state = consent.get()
  return state.status === 'pending' && !optIn ? Object.fromEntries(consent.categories.map((c) => [c.id, c.enforcement === 'opt-out' || c.enforcement === 'always'])) : { ...state.categoryPreferences }
}
