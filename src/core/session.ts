import type { ConsentAdapter } from '../adapter.js'
import { ConsentError, type ConsentErrorCode } from './consent-error.js'
import type { StoredDecision } from './decision-codec.js'
import { decisionStore } from './decision-store.js'
import { own } from './own.js'
import type { Page } from './page.js'
import { closedPreferences, defaultPreferences, effectivePreferences, samePreferences } from './preferences.js'
import { receiptId } from './receipt-id.js'
import type { Config } from './resolve-config.js'
import type { ResolvedRegion } from './regions.js'
import type { Category, CategoryPreferences, ConsentListener, ConsentSource, ConsentState, ConsentStatus } from './types.js'

/** One manager's mutable state, shared by its steps (this file, session-adapters.ts, create-consent.ts). */
export interface Session {
  config: Config
  /** Where the manager reads and stores; undefined on a server, where every category stays denied. */
  page: Page | undefined
  /** The region's policy; a CMP may place the visitor (see placeBy) while nothing is decided yet. */
  policy: ResolvedRegion
  categories: readonly Category[]
  known: Set<string>
  /** Each listener with the state it was last told of: its `previous` on the next change. */
  listeners: Map<ConsentListener, ConsentState>
  store: ReturnType<typeof decisionStore> | undefined
  /** Global Privacy Control is on: read once, and a true only restricts. */
  gpc: boolean
  stored: StoredDecision | undefined
  /** The visitor's own choices: a grant lifts GPC, a denial outlasts a CMP that cannot be written back. */
  explicit: Map<string, boolean>
  state: ConsentState
  /** The adapter that decided, once one has. */
  active: ConsentAdapter | undefined
  watching: Map<ConsentAdapter, () => void>
  /** Problems in adapters' readings already reported (each once per session). */
  readingProblems: Set<string>
  destroyed: boolean
  timer: ReturnType<typeof setTimeout> | undefined
  settle: (state: ConsentState) => void
  ready: Promise<ConsentState>
  fail(code: ConsentErrorCode, message: string, cause?: unknown): void
}

/** The wanted map a stored decision stands for: the enforcement defaults, then what it records. */
export function storedWanted(categories: readonly Category[], stored: StoredDecision): CategoryPreferences {
  const wanted = defaultPreferences(categories)
  for (const id of stored.granted) wanted[id] = true
  for (const id of stored.denied) wanted[id] = false
  return wanted
}

export const explicitFrom = (stored: StoredDecision | undefined) =>
  new Map<string, boolean>([...(stored?.explicit ?? []).map((id) => [id, true] as const), ...(stored?.refused ?? []).map((id) => [id, false] as const)])

/** A new session: the stored decision read, the state pending (only `always` granted in a browser). */
export function openSession(config: Config, page: Page | undefined): Session {
  const { policyVersion, onError: report, region: policy } = config
  const { categories } = policy
  const fail = (code: ConsentErrorCode, message: string, cause?: unknown) => report(new ConsentError(code, `consentry: ${message}`, cause))
  const store =
    page && config.cookie
      ? decisionStore(
          config.cookie,
          page,
          policyVersion,
          (message) => fail('invalid-cookie', message),
          (decision) => s.policy.covers(decision.region),
        )
      : undefined
  let settle!: (state: ConsentState) => void
  const ready = new Promise<ConsentState>((resolve) => (settle = resolve))
  const s: Session = {
    config,
    page,
    policy,
    categories,
    known: new Set(categories.map((c) => c.id)),
    listeners: new Map(),
    store,
    // Read only where it can matter: a category that honours GPC, now or under a region a CMP
    // reports (only with `regions`). Without one, GPC changes nothing, and the first read of
    // navigator costs Chromium about 0.2 ms at start-up (test/bench/first-touch.mjs).
    gpc: page !== undefined && (policy.key !== '' || categories.some((c) => c.gpc === true)) && page.gpc(),
    stored: undefined,
    explicit: new Map(),
    state: Object.freeze({
      categoryPreferences: Object.freeze(page ? closedPreferences(categories) : Object.fromEntries(categories.map((c) => [c.id, false]))),
      status: 'pending',
      source: 'default',
      id: '',
      policyVersion,
      updatedAt: 0,
      ...(policy.key ? { mode: policy.mode } : {}),
    }),
    active: undefined,
    watching: new Map(),
    readingProblems: new Set(),
    destroyed: false,
    timer: undefined,
    settle,
    ready,
    fail,
  }
  s.stored = store?.load()
  s.explicit = explicitFrom(s.stored)
  return s
}

/** Another tab stored a newer decision: start from it and apply only what this change changes. */
function rebase(s: Session, newer: StoredDecision, preferences: CategoryPreferences): CategoryPreferences {
  const mine = s.explicit
  s.explicit = explicitFrom(newer)
  const wanted = storedWanted(s.categories, newer)
  for (const { id } of s.categories) {
    if (preferences[id] === own(s.state.categoryPreferences, id)) continue
    wanted[id] = preferences[id] === true
    if (mine.has(id)) s.explicit.set(id, mine.get(id) === true)
  }
  return effectivePreferences(s.categories, wanted, s.gpc, s.explicit).preferences
}

function save(s: Session): void {
  const { state, categories, explicit } = s
  const ids = (granted: boolean) => categories.filter((c) => c.enforcement !== 'always' && state.categoryPreferences[c.id] === granted).map((c) => c.id)
  const choices = (granted: boolean) => [...explicit].filter(([, value]) => value === granted).map(([id]) => id)
  const { id, updatedAt, source } = state
  const { policyVersion } = s.config
  s.store?.save({ id, updatedAt, source, policyVersion, granted: ids(true), denied: ids(false), explicit: choices(true), refused: choices(false), region: s.policy.key })
}

/** Makes `wanted` the state (after GPC, topics and another tab's newer decision), stores a decision, tells the listeners. */
export function commit(s: Session, wanted: unknown, status: ConsentStatus, source: ConsentSource, extra: { adapter?: string; stored?: StoredDecision; chose?: boolean } = {}): void {
  let { preferences, byGpc } = effectivePreferences(s.categories, wanted, s.gpc, s.explicit)
  const storing = status === 'decided' && source !== 'storage'
  const newer = storing ? s.store?.newer() : undefined
  if (newer) preferences = rebase(s, newer, preferences)
  const previous = s.state
  // No change, yet a visitor's new choice is stored: it outlasts a CMP without write() (see explicit).
  if (status === previous.status && samePreferences(preferences, previous.categoryPreferences)) return void (extra.chose && save(s))
  const state: ConsentState = (s.state = Object.freeze({
    categoryPreferences: Object.freeze(preferences),
    status,
    source: byGpc && source !== 'storage' ? 'gpc' : source,
    id: extra.stored?.id ?? receiptId(),
    policyVersion: s.config.policyVersion,
    updatedAt: extra.stored?.updatedAt ?? Date.now(),
    ...(extra.adapter ? { adapter: extra.adapter } : {}),
    ...(s.policy.key ? { mode: s.policy.mode } : {}),
  }))
  if (storing) save(s)
  if (status !== 'pending') s.settle(state)
  for (const [listener] of [...s.listeners]) {
    // A listener's own set() has told everyone a newer state: this one is stale, a revoke may
    // follow a grant. An unsubscribed (or destroyed) listener hears nothing more.
    const told = s.listeners.get(listener)
    if (s.state !== state) break
    if (!told) continue
    s.listeners.set(listener, state)
    try {
      listener(state, told)
    } catch (error) {
      s.fail('listener-failed', 'a consent listener threw', error)
    }
  }
}

/** The stored decision, or the enforcement defaults when there is none. */
export function fallBack(s: Session, decision: StoredDecision | undefined): void {
  if (!decision) return commit(s, defaultPreferences(s.categories), 'default', 'default')
  commit(s, storedWanted(s.categories, decision), 'decided', 'storage', { stored: decision })
}

/** A decision another tab stored (seen on focus or a cookie change) replaces this page's. */
export function refresh(s: Session): void {
  const newer = s.destroyed ? undefined : s.store?.newer()
  if (!newer) return
  s.explicit = explicitFrom(newer)
  fallBack(s, newer)
}
