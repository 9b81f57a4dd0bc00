import { ConsentError, type ConsentManager } from 'consentry'

/** Runs a site hook or vendor call; a throw goes to `onError`, never into the caller. */
export function guard(consent: ConsentManager, run: (() => unknown) | undefined, what: string): void {
  try {
    run?.()
  } catch (error) {
    consent.report(new ConsentError('callback-failed', `consentry: ${what} threw`, error))
  }
}
