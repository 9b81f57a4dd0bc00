import type { CategoryPreferences, ConsentState } from 'consentry'

/**
 * The name of the event `withSegment` tracks once per real consent change (Segment's Unify reads
 * consent changes from it). Use it to tell that event apart from the site's own.
 *
 * @example
 * const isConsentChange = (eventName: string) => eventName === CONSENT_UPDATED_EVENT
 */
export const CONSENT_UPDATED_EVENT = 'Segment Consent Preference Updated'

// Last change event sent, so a CMP re-firing the same state on the next page sends none.
const REPORTED = 'consentry:segment:reported'

/**
 * Tracks "Segment Consent Preference Updated" once per real, decided change that is not a stored
 * decision read back, deduplicated across pages through localStorage (within the page without it).
 */
export function consentChangeEvent(track: (event: string, properties: undefined, options: object) => unknown) {
  let reported: string | null | undefined
  try {
    reported = localStorage.getItem(REPORTED)
  } catch {
    // No storage: changes are deduplicated within this page only.
  }
  return (state: ConsentState, now: Readonly<CategoryPreferences>) => {
    const map = JSON.stringify(now)
    if (state.status !== 'decided' || state.source === 'storage' || map === reported) return
    reported = map
    try {
      localStorage.setItem(REPORTED, map)
    } catch {
      // See above.
    }
    void track(CONSENT_UPDATED_EVENT, undefined, { consent: { categoryPreferences: now } })
  }
}
