import { createLedger } from './create-ledger.js'
import type { Ledger, LedgerOptions } from './create-ledger.js'
import type { ComplianceProfile, HistoryEntry, LedgerEntry } from './types.js'

/**
 * What a store keeps between runs: the current entries and how long the history is.
 * @example
 * const snapshot: LedgerSnapshot = { version: 1, entries: [...ledger.entries()], historyLength: ledger.historyLength }
 */
export interface LedgerSnapshot {
  version: 1
  /** The profile the entries were written under, when the store keeps it. */
  profile?: ComplianceProfile | undefined
  entries: LedgerEntry[]
  historyLength: number
}

/**
 * Where a ledger lives between runs. The default is a JSON file (the CLI); a database adapter
 * implements the same three calls. `appendHistory` must only ever append.
 * @example
 * // A key-value backend: entries are replaced, history only grows.
 * const kv = new Map<string, string>()
 * const store: LedgerStore = {
 *   load: async () => (kv.has('snapshot') ? (JSON.parse(kv.get('snapshot') ?? '') as LedgerSnapshot) : undefined),
 *   save: async (snapshot) => void kv.set('snapshot', JSON.stringify(snapshot)),
 *   appendHistory: async (entries) => void kv.set('history', (kv.get('history') ?? '') + entries.map((e) => JSON.stringify(e) + '\n').join('')),
 * }
 * const { ledger, commit } = await openLedger(store)
 */
export interface LedgerStore {
  load(): Promise<LedgerSnapshot | undefined>
  save(snapshot: LedgerSnapshot): Promise<void>
  appendHistory(entries: readonly HistoryEntry[]): Promise<void>
}

/**
 * A ledger bound to a store.
 * @example
 * const stored: StoredLedger = await openLedger(createMemoryStore())
 * const importer = createTableImporter(stored.ledger)
 * for await (const chunk of stream) {
 *   importer.push(chunk)
 *   await stored.flushHistory() // a slow store holds the import back instead of filling memory
 * }
 * importer.end()
 * await stored.commit()
 */
export interface StoredLedger {
  ledger: Ledger
  /** Appends the history written since the last commit, then saves the entries. */
  commit(): Promise<void>
  /**
   * Resolves once the history written so far is in the store. Await it between chunks of a long
   * import so a slow store holds the import back instead of letting history pile up in memory.
   */
  flushHistory(): Promise<void>
}

/**
 * Loads a ledger from a store. History goes to the store in batches on `commit()` (and every
 * `historyBatch` entries in between) instead of being held in memory.
 *
 * @example
 * const { ledger, commit } = await openLedger(createMemoryStore())
 * ledger.write({ contactPoint: 'a@b.example', purpose: 'commercial', status: 'opt-in' })
 * await commit()
 */
export async function openLedger(
  store: LedgerStore,
  options: Omit<LedgerOptions, 'entries' | 'historyLength' | 'history'> & { historyBatch?: number | undefined } = {},
): Promise<StoredLedger> {
  const snapshot = await store.load()
  const batchSize = options.historyBatch ?? 10_000
  let batch: HistoryEntry[] = []
  let writing: Promise<void> = Promise.resolve()
  const flush = () => {
    if (batch.length === 0) return writing
    const out = batch
    batch = []
    writing = writing.then(() => store.appendHistory(out))
    return writing
  }
  const ledger = createLedger({
    ...options,
    profile: options.profile ?? snapshot?.profile,
    entries: snapshot?.entries,
    historyLength: snapshot?.historyLength,
    history: (entry) => {
      batch.push(entry)
      if (batch.length >= batchSize) void flush()
    },
  })
  return {
    ledger,
    flushHistory: flush,
    async commit() {
      await flush()
      await store.save({ version: 1, profile: ledger.profile, entries: [...ledger.entries()], historyLength: ledger.historyLength })
    },
  }
}

/**
 * A store that keeps everything in memory; for tests and for pages that only need a session.
 *
 * @example
 * const store = createMemoryStore()
 */
export function createMemoryStore(): LedgerStore & { readonly history: readonly HistoryEntry[] } {
  let saved: LedgerSnapshot | undefined
  const history: HistoryEntry[] = []
  return {
    history,
    load: async () => (saved ? structuredClone(saved) : undefined),
    save: async (snapshot) => {
      saved = structuredClone(snapshot)
    },
    appendHistory: async (entries) => {
      history.push(...entries)
    },
  }
}
