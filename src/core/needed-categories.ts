import { ConsentError } from './consent-error.js'
import type { ConsentManager } from './types.js'

// HTML splits attribute tokens on ASCII whitespace only: "analytics\u00a0ads" is one (unknown) id.
const SPACE = /[\t\n\f\r ]+/

/** The category ids an element needs: every token of its `data-consent` and `data-category`. */
export const neededBy = (element: Element): string[] => `${element.getAttribute('data-consent') ?? ''} ${element.getAttribute('data-category') ?? ''}`.split(SPACE).filter(Boolean)

/** Whether every category the element names is granted; naming none never is. */
export const grantedFor = (consent: ConsentManager, element: Element): boolean => {
  const needed = neededBy(element)
  return needed.length > 0 && needed.every((id) => consent.isGranted(id))
}

const reported = new WeakSet<Element>()

/** Reports, once per element, one that names no category or one that is not configured: it stays blocked. */
export function checkNeeded(consent: ConsentManager, element: Element): void {
  if (reported.has(element)) return
  const needed = neededBy(element)
  const unknown = needed.find((id) => !consent.categories.some((c) => c.id === id))
  if (needed.length > 0 && unknown === undefined) return
  reported.add(element)
  const what = needed.length === 0 ? 'names no category' : `needs "${unknown}", which is not a configured category`
  consent.report(new ConsentError('unknown-category', `consentry: a gated <${element.localName}> ${what}; it stays blocked`))
}
