import type { ConsentStamp, ConsentState } from './types.js'
import { ConsentError } from './consent-error.js'
import { isObject } from './is-object.js'
import { own } from './own.js'

// One receipt per state: stamping is on every analytics call's path.
const receipts = /* @__PURE__ */ new WeakMap<ConsentState, ConsentStamp['receipt']>()

function receiptOf(state: ConsentState): ConsentStamp['receipt'] {
  let receipt = receipts.get(state)
  if (!receipt) {
    receipt = {
      id: state.id,
      policyVersion: state.policyVersion,
      source: state.source,
      status: state.status,
      updatedAt: state.updatedAt ? new Date(state.updatedAt).toISOString() : '',
      ...(state.adapter ? { adapter: state.adapter } : {}),
    }
    receipts.set(state, receipt)
  }
  return receipt
}

/**
 * Sets `event.context.consent` from `state`, keeping the rest of `context` and of
 * `context.consent`. The context is a new object, not a write into the given one: callers reuse
 * their context objects.
 */
export function stampEvent<T extends object>(event: T, state: ConsentState): T & { context: { consent: ConsentStamp } } {
  const target = event as { context?: unknown }
  const context = own(target, 'context')
  const base = isObject(context) ? context : {}
  const consent = own(base, 'consent')
  target.context = { ...base, consent: { ...(isObject(consent) ? consent : {}), categoryPreferences: { ...state.categoryPreferences }, receipt: { ...receiptOf(state) } } }
  return event as T & { context: { consent: ConsentStamp } }
}

/**
 * A manager's `stamp()`, the page's and a deny-safe view's alike: an event it cannot write to
 * (frozen, `null`, a throwing setter) is returned as it was and reported, never thrown into the page.
 */
export function stampOrReport<T extends object>(event: T, state: ConsentState, report: (error: ConsentError) => void): T & { context: { consent: ConsentStamp } } {
  try {
    return stampEvent(event, state)
  } catch (error) {
    report(new ConsentError('invalid-option', 'consentry: stamp() could not set context.consent on this event', error))
    return event as T & { context: { consent: ConsentStamp } }
  }
}
