import { ConsentError, type ConsentManager } from 'consentry'

/**
 * Whether an integration runs the opt-in model (the SDK's load and calls wait for a decision).
 * Only an own `model: 'opt-out'` turns it off: a misspelled or unreadable model would otherwise
 * load the SDK before consent, so it counts as opt-in and is reported. With no own model (an
 * inherited one is ignored), the integration is opt-in when any category is.
 */
export function isOptIn(consent: ConsentManager, options: object, integration: string): boolean {
  let model: unknown = 'unreadable'
  try {
    model = Object.hasOwn(options, 'model') ? (options as { model?: unknown }).model : undefined
  } catch {}
  if (model === 'opt-out') return false
  if (model === undefined) return consent.categories.some((c) => c.enforcement === 'opt-in')
  if (model !== 'opt-in') consent.report(new ConsentError('invalid-option', `consentry: ${integration}(): "model" must be 'opt-in' or 'opt-out'; read as 'opt-in'`))
  return true
}
