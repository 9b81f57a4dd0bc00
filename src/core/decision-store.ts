import { cookieStore } from './cookie-store.js'
import { decodeDecision, encodeDecision, type StoredDecision } from './decision-codec.js'
import type { Page } from './page.js'
import type { Config } from './resolve-config.js'

type Fail = (message: string) => void

/**
 * The visitor's one stored decision, whatever cookies exist: of several copies the newest by its
 * stored time wins, stale copies go at the next write, and a write that the browser did not keep
 * (too large, refused) is reported and clears every copy, so an older grant cannot come back in
 * its place. Another tab's decision is told by its receipt id, not its time: a clock set back
 * between two decisions must not hide the later one (a revoke) from this tab.
 */
export function decisionStore(cookie: Exclude<Config['cookie'], false>, page: Page, policyVersion: string, fail: Fail, stands: (decision: StoredDecision) => boolean) {
  const store = cookieStore(cookie, page)
  // Where this manager's decisions live. A decision written for another scope (a sibling site's
  // `domain` cookie, seen here through the parent domain) is not this site's visitor's choice.
  const scope = cookie.domain?.replace(/^\./, '').toLowerCase()
  const ours = (decision: StoredDecision) => (decision.domain ?? scope) === scope
  // Receipt id of the last decision this page has read or written.
  let seen: string | undefined
  // Each problem is reported once per page, however often the store is read.
  const reported = new Set<string>()
  const once = (message: string) => void (reported.has(message) || (reported.add(message), fail(message)))
  const newest = (): StoredDecision | undefined => {
    let top: StoredDecision | undefined
    for (const value of store.read()) {
      const decision = decodeDecision(value)
      if (typeof decision === 'string') once(`ignored a consent cookie (${decision})`)
      else if (ours(decision) && (!top || decision.updatedAt > top.updatedAt)) top = decision
    }
    return top
  }
  // A page outside the cookie's path can neither read a decision made under the path nor keep its
  // own: its visitor would be asked again at every load, with opt-out categories granted meanwhile.
  // So can a page that cannot use cookies at all (a sandboxed frame, or blocked by the visitor).
  // Whether the browser blocks them is asked from the first task after start-up on (newer()), and
  // at a save: not while the manager is created (see page.blocked).
  const cannot = () => (once('this page cannot use cookies (they are blocked, or it is a sandboxed frame without allow-same-origin): no decision is kept or read here'), false)
  const covered = (askBrowser: boolean) =>
    page.cookies() === undefined || (askBrowser && page.blocked())
      ? cannot()
      : store.visible() || (once(`the decision cookie's path "${cookie.path}" does not cover this page (${page.location().pathname}): no decision is kept or read here`), false)
  // A decision made under another policy version is not reused: the site must ask again.
  // Nor is one made in a region with laxer rules than this visitor's now (`stands`).
  const current = (decision: StoredDecision | undefined) => (decision?.policyVersion === policyVersion && stands(decision) ? decision : undefined)
  return {
    /** The newest stored decision made under this policy version. */
    load(): StoredDecision | undefined {
      covered(false)
      const top = newest()
      seen = top?.id
      return current(top)
    },
    /** A decision another tab stored since this page last read or wrote one, if any. */
    newer(): StoredDecision | undefined {
      if (page.blocked()) cannot()
      const top = newest()
      if (!top || top.id === seen) return undefined
      seen = top.id
      return current(top)
    },
    save(decision: StoredDecision): void {
      const value = encodeDecision({ ...decision, domain: scope })
      seen = decision.id
      store.write(value)
      if (!covered(true)) return
      // Another scope's decision (a sibling site's) is left alone: it is neither ours nor stale.
      const mine = () =>
        store.read().filter((text) => {
          const read = decodeDecision(text)
          return typeof read === 'string' || ours(read)
        })
      let kept = mine()
      if (kept.length > 1) {
        // Stale copies under another path or domain (the options changed): only ours may stay.
        store.clear()
        store.write(value)
        kept = mine()
      }
      if (kept.length === 1 && kept[0] === value) return
      store.clear()
      fail(`the browser did not keep the decision cookie (${value.length} characters); it is asked again on the next page`)
    },
  }
}
