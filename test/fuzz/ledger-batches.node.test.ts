// The SQL store decides a whole batch at once; the in-memory ledger applies writes one by one.
// Whatever a batch holds (exact duplicates, equal times, both statuses, rows for subjects already
// stored), both must end with the same records, and the store's history must tell what it did:
// one "created" line per subject it created, and counts that add up to the rows it was given.
// Random batches from a seeded generator on a real PGlite: 25 seeds in `npm test`, 250 with
// `npm run fuzz` (FUZZ_FULL=1).
import { PGlite } from '@electric-sql/pglite'
import { describe, expect, it } from 'vitest'
import { createLedger, createRecordValidator, createSqlStore, defaultProfile, fromPglite } from '../../src/ledger/index.js'
import type { ConsentRecord, LedgerStore } from '../../src/ledger/index.js'

const SEEDS = process.env.FUZZ_FULL ? 250 : 25

const T0 = Date.UTC(2025, 0, 1)
const profile = {
  ...defaultProfile,
  purposes: defaultProfile.purposes.map((p) => (p.id === 'commercial' ? { ...p, topics: [{ id: 'newsletter', name: 'Newsletter' }] } : p)),
}
const validate = createRecordValidator(profile, { now: () => T0 + 86_400_000 })

/** mulberry32: a small seeded generator, so a failure names the seed that reproduces it. */
function random(seed: number) {
  let a = seed
  return () => {
    a = (a + 0x6d2b79f5) | 0
    let t = Math.imul(a ^ (a >>> 15), 1 | a)
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296
  }
}

/** A batch over few subjects and few times, so ties and repeats are common; some rows are exact copies. */
function batch(next: () => number, size: number): ConsentRecord[] {
  const pick = <T>(items: readonly T[]) => items[Math.floor(next() * items.length)] as T
  const rows: ConsentRecord[] = []
  for (let i = 0; i < size; i++) {
    const earlier = rows.length > 0 && next() < 0.25 ? pick(rows) : undefined
    rows.push(
      earlier ??
        validate({
          contactPoint: pick(['a@example.com', 'b@example.com', 'c@example.com']),
          purpose: 'commercial',
          topic: pick([undefined, 'newsletter']),
          status: pick(['opt-in', 'opt-out'] as const),
          time: T0 + pick([0, 1, 2]) * 60_000,
          origin: pick(['crm', 'web']),
          source: pick(['import', 'form']),
        }),
    )
  }
  return rows
}

const key = (r: ConsentRecord) => `${r.channel}|${r.contactPoint}|${r.topic ?? r.purpose}`
const summary = (r: ConsentRecord) => [key(r), r.status, r.time, r.origin, r.source].join(' ')

async function storeSummary(store: LedgerStore) {
  const all: string[] = []
  for await (const entry of store.records()) all.push(summary(entry.record))
  return all.sort()
}

async function createdLines(store: LedgerStore) {
  let n = 0
  for (const contactPoint of ['a@example.com', 'b@example.com', 'c@example.com']) for await (const h of store.history(contactPoint)) if (h.outcome === 'created') n++
  return n
}

/** What differs between one batch in SQL and the same rows written one by one, for one seed. */
async function differences(db: PGlite, seed: number): Promise<string[]> {
  await db.exec('DROP TABLE IF EXISTS consentry_record, consentry_history, consentry_meta')
  // A conflict window of 0 turns detection off in both: this is about "later time wins".
  const store = await createSqlStore(fromPglite(db), { create: true, profile, conflictWindowMs: 0, now: () => T0 })
  const ledger = createLedger({ profile, conflictWindowMs: 0, now: () => T0 })
  const next = random(seed)
  const found: string[] = []
  let created = 0
  for (let round = 0; round < 2; round++) {
    const rows = batch(next, 12)
    const counts = await store.upsert(rows)
    const sequential = rows.filter((row) => ledger.write(row).outcome === 'created').length
    const total = counts.created + counts.updated + counts.unchanged + counts.stale + counts.conflict
    if (total !== rows.length) found.push(`round ${round}: counts add up to ${total}, not ${rows.length}`)
    if (counts.created !== sequential) found.push(`round ${round}: created ${counts.created}, one by one ${sequential}`)
    created += counts.created
    const expected = [...ledger.entries()].map((e) => summary(e.record)).sort()
    if (JSON.stringify(await storeSummary(store)) !== JSON.stringify(expected)) found.push(`round ${round}: records differ`)
  }
  const lines = await createdLines(store)
  if (lines !== created) found.push(`${lines} "created" history lines for ${created} created subjects`)
  return found.map((text) => `seed ${seed}: ${text}`)
}

describe('a batch decided in SQL agrees with the same rows written one by one', { timeout: 300_000 }, () => {
  it(`same records, one "created" history line per created subject, counts that add up (${SEEDS} seeds)`, async () => {
    const db = await PGlite.create()
    const found: string[] = []
    for (let seed = 1; seed <= SEEDS; seed++) found.push(...(await differences(db, seed)))
    await db.close()
    expect(found).toEqual([])
  })
})
