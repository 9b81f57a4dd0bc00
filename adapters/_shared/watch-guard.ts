// The guard every built-in adapter's watch runs behind: one repeat filter, undecided and invalid
// readings, malformed values reported once each, and the fail-closed watch for malformed options.
import { adapterGuard, ConsentError, type AdapterContext, type AdapterReading } from 'consentry'

/** A watch whose options were malformed (production): reports it and grants nothing until the visitor decides through consentry. */
export function closed(context: AdapterContext, error: ConsentError): () => void {
  context.report(error)
  context.undecided({})
  return () => {}
}

/**
 * {@link adapterGuard} plus `undecided`, sharing one repeat filter with `send` (a choice that
 * equals the CMP's defaults still decides), and `invalid`: reports an unusable reading and, while
 * this watch has passed nothing on yet, answers "nothing granted" instead of staying silent (which
 * would let the site's `opt-out` defaults apply after `waitMs`). A later good reading decides.
 * `flag` reports a malformed value inside an otherwise usable answer (`invalid-reading`), once per
 * distinct message: the value denies, and CMPs repeat their answer on every event.
 */
export function guard(name: string, context: AdapterContext, emit: (reading: AdapterReading) => void) {
  let last = ''
  const out = (decided: boolean, reading?: Record<string, boolean>) => {
    const key = decided + JSON.stringify(reading)
    if (key !== last) (last = key), decided ? emit(reading!) : context.undecided(reading)
  }
  const base = adapterGuard(name, context, emit)
  const flagged = new Set<string>()
  return {
    ...base,
    send: (reading: Record<string, boolean>) => out(true, reading),
    undecided: (reading?: Record<string, boolean>) => out(false, reading),
    invalid: (message: string) => (base.fail('invalid-reading', message), last || out(false, {})),
    flag(message: string) {
      if (!flagged.has(message)) flagged.add(message), context.report(new ConsentError('invalid-reading', `consentry: ${name}: ${message}`))
    },
  }
}
