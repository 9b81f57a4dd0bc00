import { ConsentError, type CategoryPreferences, type ConsentManager } from 'consentry'
import { isIdList, isRecord, mappingProblems } from '../integrations/runtime.js'

/** The parts of Segment's CDN settings consent decisions use. */
export interface CdnSettings {
  integrations: Record<string, { consentSettings?: { categories?: string[] } } & Record<string, unknown>>
  remotePlugins?: { name: string; creationName: string }[] | undefined
  consentSettings?: { allCategories?: string[]; hasUnmappedDestinations?: boolean }
  [key: string]: unknown
}

export const SEGMENT_IO = 'Segment.io'

// Granted only as an own `true`: an inherited or odd value (a polluted prototype) never grants.
const on = (prefs: Readonly<CategoryPreferences>, id: string) => Object.hasOwn(prefs, id) && prefs[id] === true

/**
 * What Segment's CDN settings (or the site's `integrationCategoryMappings`) say about consent:
 * which destinations the workspace has, which categories each needs, and when the whole SDK is
 * off. The settings are read once, not per event.
 */
export function segmentSettings(consent: ConsentManager, option: unknown) {
  // The site's mappings: a malformed value is reported and never allows its destination; a
  // malformed whole (not an object) allows none.
  for (const problem of mappingProblems(option, 'integrationCategoryMappings')) consent.report(new ConsentError('invalid-option', `consentry: withSegment(): ${problem}; read as granting nothing`))
  const mappings = option === undefined ? undefined : isRecord(option) ? option : {}
  const broken = mappings && mappings !== option
  let settings: CdnSettings | undefined
  let destinations: string[] = []
  // What consent.allows() answered for each destination at the CDN read or the last change: it
  // only answers for the current state, and a change must compare with the state before it.
  const answered = new Map<string, boolean>()
  const allowed = (name: string, prefs: Readonly<CategoryPreferences>, before = false) => {
    if (broken) return false
    const cdn = settings?.integrations
    const needed = mappings && Object.hasOwn(mappings, name) ? isIdList(mappings[name]) && mappings[name] : cdn && Object.hasOwn(cdn, name) ? cdn[name]?.consentSettings?.categories : undefined
    // Mapped by neither Segment nor the site: the manager's `destinations`/`unmapped` decide.
    if (needed === undefined || needed === null) return (before ? answered.get(name) : undefined) ?? consent.allows(name)
    // A malformed CDN value (not a list) denies instead of throwing inside analytics-next's middleware.
    return Array.isArray(needed) && needed.every((id) => on(prefs, id))
  }
  /** Whether a destination was allowed before a change and is now. */
  const changed = (name: string, before: Readonly<CategoryPreferences>, now: Readonly<CategoryPreferences>): [boolean, boolean] => {
    const was = allowed(name, before, true)
    answered.set(name, consent.allows(name))
    return [was, allowed(name, now)]
  }
  // Whole-SDK off, as Segment's server would decide: no unmapped destination and nothing relevant granted.
  // The site's mappings are fixed: their category ids are listed once, not per event.
  // A site mapping with no valid list says nothing about the whole SDK: Segment's settings decide.
  const listed = Object.values(mappings ?? {})
    .filter(isIdList)
    .flat()
  const mapped = listed.length ? listed : undefined
  const sdkOff = (prefs: Readonly<CategoryPreferences>) => {
    const cdn = settings?.consentSettings
    const all = mapped ?? cdn?.allCategories
    return !!all && (!!mapped || cdn?.hasUnmappedDestinations === false) && !all.some((id) => on(prefs, id))
  }
  // Reads the CDN settings once: the destinations, and the category ids the manager lacks (then
  // nothing mapped to them is ever delivered, whatever the visitor chose: say so, once, by name).
  const read = (cdn: CdnSettings | undefined) => {
    if (!cdn?.integrations || settings) return
    settings = cdn
    destinations = [...new Set([...Object.keys(cdn.integrations), ...(cdn.remotePlugins ?? []).map((p) => p.creationName)])].filter((n) => n !== SEGMENT_IO)
    for (const name of destinations) answered.set(name, consent.allows(name))
    const ids = [...(mapped ?? Object.values(cdn.integrations).flatMap((i) => i?.consentSettings?.categories ?? [])), ...(cdn.consentSettings?.allCategories ?? [])]
    const unknown = [...new Set(ids)].filter((id) => !consent.categories.some((c) => c.id === id))
    if (unknown.length) {
      consent.report(
        new ConsentError('unknown-category', `consentry: withSegment(): Segment's consent categories ${unknown.join(', ')} are not categories of this manager; destinations needing them get nothing`),
      )
    }
  }
  return { allowed, changed, sdkOff, read, destinations: () => destinations }
}
