// Node-only: the CLI's default store. Not part of the `consentry/ledger` browser-safe entry.
import { createWriteStream, existsSync } from 'node:fs'
import { readFile, rename, writeFile } from 'node:fs/promises'
import { Readable } from 'node:stream'
import { pipeline } from 'node:stream/promises'
import type { LedgerSnapshot, LedgerStore } from './open-ledger.js'
import type { HistoryEntry } from './types.js'

/**
 * Keeps the current entries in `path` (JSON, replaced atomically on save) and the append-only
 * history next to it in `path` + `.history.ndjson`, one entry per line (`current` omitted when it
 * equals `record`).
 */
export function createJsonFileStore(path: string): LedgerStore {
  const historyPath = `${path}.history.ndjson`
  return {
    async load() {
      if (!existsSync(path)) return undefined
      const snapshot = JSON.parse(await readFile(path, 'utf8')) as LedgerSnapshot
      if (snapshot?.version !== 1 || !Array.isArray(snapshot.entries)) throw new Error(`${path} is not a consentry ledger file`)
      if (snapshot.profile === null) delete snapshot.profile
      return snapshot
    },
    async save(snapshot) {
      const tmp = `${path}.tmp`
      // One entry per line keeps the file diffable and avoids one giant string for big ledgers;
      // pipeline() handles backpressure and errors.
      function* lines() {
        yield `{"version":1,"historyLength":${snapshot.historyLength},"profile":${JSON.stringify(snapshot.profile ?? null)},"entries":[\n`
        let i = 0
        for (const entry of snapshot.entries) yield (i++ ? ',\n' : '') + JSON.stringify(entry)
        yield '\n]}\n'
      }
      await pipeline(Readable.from(lines()), createWriteStream(tmp))
      await rename(tmp, path)
    },
    async appendHistory(entries: readonly HistoryEntry[]) {
      // `current` is left out when it is the written record itself (created, updated): a third
      // less to write for the common case; readers take `current ?? record`.
      const lines = entries.map((e) => JSON.stringify(e.current === e.record ? { ...e, current: undefined } : e))
      await writeFile(historyPath, lines.join('\n') + '\n', { flag: 'a' })
    },
  }
}
