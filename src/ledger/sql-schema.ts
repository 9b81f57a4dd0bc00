// One schema and one set of queries for both clients (PGlite and a PostgreSQL server).

/** @internal Creates (or keeps) the ledger's tables. Idempotent. */
export const SCHEMA = [
  `CREATE TABLE IF NOT EXISTS consentry_meta (key text PRIMARY KEY, value bigint NOT NULL, profile jsonb)`,
  `INSERT INTO consentry_meta (key, value) VALUES ('seq', 0), ('schema', 1) ON CONFLICT (key) DO NOTHING`,
  `CREATE TABLE IF NOT EXISTS consentry_record (
    channel text NOT NULL, contact_point text NOT NULL, subject text NOT NULL,
    id text NOT NULL, purpose text NOT NULL, topic text,
    status text NOT NULL CHECK (status IN ('opt-in', 'opt-out')),
    source text NOT NULL, reason text NOT NULL, reason_description text NOT NULL,
    time bigint NOT NULL, origin text NOT NULL,
    requested_by text NOT NULL, legal_basis text NOT NULL, policy_version text NOT NULL, message_id text NOT NULL,
    conflict_rule text, conflict_with jsonb, seq bigint NOT NULL,
    PRIMARY KEY (channel, contact_point, subject)) WITH (fillfactor = 80)`,
  `CREATE INDEX IF NOT EXISTS consentry_record_id ON consentry_record (id)`,
  `CREATE TABLE IF NOT EXISTS consentry_history (
    seq bigint PRIMARY KEY, at bigint NOT NULL, outcome text NOT NULL, note text,
    channel text NOT NULL, contact_point text NOT NULL,
    record jsonb NOT NULL, previous jsonb, current jsonb, hash uuid NOT NULL UNIQUE)`,
  `CREATE INDEX IF NOT EXISTS consentry_history_contact ON consentry_history (contact_point, seq)`,
]

/** @internal Record columns, in the order of the staging arrays. */
export const COLUMNS = [
  ['channel', 'text'],
  ['contact_point', 'text'],
  ['subject', 'text'],
  ['id', 'text'],
  ['purpose', 'text'],
  ['topic', 'text'],
  ['status', 'text'],
  ['source', 'text'],
  ['reason', 'text'],
  ['reason_description', 'text'],
  ['time', 'bigint'],
  ['origin', 'text'],
  ['requested_by', 'text'],
  ['legal_basis', 'text'],
  ['policy_version', 'text'],
  ['message_id', 'text'],
] as const

const names = COLUMNS.map(([name]) => name)
const list = (prefix: string) => names.map((n) => `${prefix}${n}`).join(', ')

/**
 * @internal A history line's record fields beyond its key (channel and contact point, which the
 * line's previous and current records share; the subject follows from purpose and topic).
 */
export const LINE_FIELDS = COLUMNS.filter(([n]) => !['channel', 'contact_point', 'subject'].includes(n))
const lineList = (prefix: string, from = '') => LINE_FIELDS.map(([n]) => `${from}${n} AS ${prefix}${n}`).join(', ')

// A row without an id of its own carries the synthetic `channel:contact point:subject`: the record
// keeps the id it has.
const keptId = (p: string, r: string) => `CASE WHEN ${p}id = ${p}channel || ':' || ${p}contact_point || ':' || ${p}subject THEN ${r}id ELSE ${p}id END`

/** @internal The schema version this code writes: 2 keeps history lines in plain columns. */
export const SCHEMA_VERSION = 2

/**
 * Schema 1 → 2, idempotent. A history line's record, the record before it (`p_`) and the record
 * kept when it was not applied (`c_`) become plain columns: building three JSONB documents per
 * line was most of an import's history step. Lines written before keep their JSONB columns, which
 * migrated lines from the old JSON state still use, so nothing is rewritten.
 */
export const UPGRADE = [
  `ALTER TABLE consentry_history ALTER COLUMN record DROP NOT NULL,
    ${['', 'p_', 'c_'].flatMap((prefix) => LINE_FIELDS.map(([n, t]) => `ADD COLUMN IF NOT EXISTS ${prefix}${n} ${t}`)).join(', ')}`,
  `UPDATE consentry_meta SET value = ${SCHEMA_VERSION} WHERE key = 'schema'`,
]

/** @internal A record row as JSON with the API's field names. */
export const recordJson = (p: string): string =>
  `jsonb_build_object('id', ${p}id, 'contactPoint', ${p}contact_point, 'channel', ${p}channel, 'purpose', ${p}purpose, 'topic', ${p}topic,
    'status', ${p}status, 'source', ${p}source, 'reason', ${p}reason, 'reasonDescription', ${p}reason_description, 'time', ${p}time,
    'origin', ${p}origin, 'requestedBy', ${p}requested_by, 'legalBasis', ${p}legal_basis, 'policyVersion', ${p}policy_version, 'messageId', ${p}message_id)`

/** @internal The staging table of one session; emptied at every commit. */
export const STAGE = `CREATE TEMP TABLE IF NOT EXISTS consentry_stage (ord int NOT NULL, ${COLUMNS.map(([n, t]) => `${n} ${t}`).join(', ')}) ON COMMIT DELETE ROWS`

/** @internal The COPY target of the staging table: CSV rows of `ord`, then {@link COLUMNS}. */
export const STAGE_COPY = `consentry_stage (ord, ${list('')})`

/** @internal Fills the staging table from one array per column, for clients without COPY. */
export const STAGE_INSERT = `INSERT INTO consentry_stage (ord, ${list('')})
  SELECT * FROM unnest($1::int[], ${COLUMNS.map(([, t], i) => `$${i + 2}::${t}[]`).join(', ')})`

/** Takes the writer lock (the sequence row): batches apply one after another, never interleaved. */
export const LOCK = `UPDATE consentry_meta SET value = value WHERE key = 'seq' RETURNING value`

/**
 * Decides every staged row against the stored record, in SQL: per subject the batch's latest row
 * (ties: the opt-out) is the candidate; it replaces the stored record when it is later (ties: the
 * opt-out wins), or, inside the conflict window between two origins ($1 ms), by the rule ($2:
 * `most-restrictive` = the opt-out, `latest` = the later time). Rows already in history are `seen`.
 * Of identical copies in one batch, the one that wins speaks for all (`first_of_hash`): it gets the
 * history line, the others count as unchanged. Only rows of a subject that has a record probe the
 * history (`seen`): every history line is written with its key's record, and records are never
 * deleted, so a new subject's row cannot be there (CASE, unlike AND, is never reordered).
 */
export const DECIDE = `CREATE TEMP TABLE consentry_decided ON COMMIT DROP AS
  WITH s AS (SELECT *, md5(concat_ws(chr(31), ${list('')}))::uuid AS hash FROM consentry_stage),
  -- The sorts below only group equal values, so they compare bytes (COLLATE "C"): the same groups
  -- as the database's collation, at a fraction of the cost of a linguistic comparison.
  w AS (
    SELECT DISTINCT ON (channel COLLATE "C", contact_point COLLATE "C", subject COLLATE "C") ord FROM consentry_stage
    ORDER BY channel COLLATE "C", contact_point COLLATE "C", subject COLLATE "C", time DESC, (status = 'opt-out') DESC, ord DESC),
  -- Compared against the stored record first (OFFSET 0 keeps this level apart), so the window
  -- sorts below carry a few narrow columns instead of both rows.
  j AS (
    SELECT s.ord, s.hash, s.id, s.channel || chr(31) || s.contact_point || chr(31) || s.subject AS key,
      w.ord IS NOT NULL AS winner, r.seq IS NOT NULL AS held, r.ctid AS r_ctid,
      (r.seq IS NOT NULL AND (${list('r.')}) IS NOT DISTINCT FROM (${names.map((n) => (n === 'id' ? keptId('s.', 'r.') : `s.${n}`)).join(', ')})) AS same,
      (r.seq IS NOT NULL AND $1::bigint > 0 AND r.status <> s.status AND r.origin <> s.origin AND abs(r.time - s.time) <= $1::bigint) AS clash,
      r.status AS r_status, r.time AS r_time,
      CASE WHEN r.seq IS NULL THEN false ELSE (SELECT true FROM consentry_history h WHERE h.hash = s.hash LIMIT 1) IS NOT NULL END AS seen,
      EXISTS (SELECT 1 FROM consentry_record x WHERE x.id = s.id AND (x.channel, x.contact_point, x.subject) <> (s.channel, s.contact_point, s.subject)) AS id_elsewhere,
      s.status, s.time
    FROM s
    LEFT JOIN w ON w.ord = s.ord
    -- One primary-key probe per staged row (OFFSET 0 keeps the planner from turning it into a
    -- hash join over the whole record table, a cost that grows with every import).
    LEFT JOIN LATERAL (SELECT *, ctid FROM consentry_record x WHERE x.channel = s.channel AND x.contact_point = s.contact_point AND x.subject = s.subject OFFSET 0) r ON true
    OFFSET 0),
  d AS (
    SELECT j.*,
      min(key COLLATE "C") OVER (PARTITION BY id COLLATE "C") <> max(key COLLATE "C") OVER (PARTITION BY id COLLATE "C") OR id_elsewhere AS id_reused,
      row_number() OVER (PARTITION BY hash ORDER BY winner DESC, ord) = 1 AS first_of_hash
    FROM j),
  e AS (SELECT ord, hash, winner, seen, id_reused, first_of_hash, clash, r_ctid,
    CASE
      WHEN same OR NOT first_of_hash THEN 'unchanged'
      WHEN NOT winner THEN CASE WHEN seen THEN 'unchanged' ELSE 'stale' END
      WHEN NOT held THEN 'created'
      WHEN clash THEN 'conflict'
      WHEN time > r_time OR (time = r_time AND NOT (r_status = 'opt-out' AND status = 'opt-in')) THEN 'updated'
      WHEN seen THEN 'unchanged'
      ELSE 'stale'
    END AS outcome,
    CASE
      WHEN same OR NOT winner THEN false
      WHEN NOT held THEN true
      WHEN clash THEN CASE WHEN $2::text = 'latest' THEN time > r_time ELSE status = 'opt-out' END
      ELSE time > r_time OR (time = r_time AND NOT (r_status = 'opt-out' AND status = 'opt-in'))
    END AS apply
  FROM d)
  -- The record before the batch, for history (and as JSON for a conflict's flag); read by row
  -- address after the window sorts so they do not carry it (same snapshot, so the same row version).
  SELECT e.*, ${lineList('p_', 'p.')}, CASE WHEN e.clash THEN ${recordJson('p.')} END AS previous
  FROM e
  LEFT JOIN LATERAL (SELECT * FROM consentry_record p WHERE p.ctid = e.r_ctid OFFSET 0) p ON true`

/** @internal History lines for the staged rows that are news: one per distinct row, in file order. */
export const HISTORY_INSERT = `INSERT INTO consentry_history (seq, at, outcome, note, channel, contact_point, ${['', 'p_', 'c_'].map((prefix) => LINE_FIELDS.map(([n]) => `${prefix}${n}`).join(', ')).join(', ')}, hash)
  SELECT $1::bigint + row_number() OVER (ORDER BY d.ord), $2::bigint, d.outcome, CASE WHEN d.id_reused THEN 'id-reused' END,
    s.channel, s.contact_point, ${LINE_FIELDS.map(([n]) => `s.${n}`).join(', ')}, ${LINE_FIELDS.map(([n]) => `d.p_${n}`).join(', ')},
    ${LINE_FIELDS.map(([n]) => `r.${n}`).join(', ')}, d.hash
  FROM consentry_decided d
  JOIN consentry_stage s ON s.ord = d.ord
  -- The record kept, read by primary key for the rows that were not applied only.
  LEFT JOIN LATERAL (SELECT * FROM consentry_record x WHERE NOT d.apply AND x.channel = s.channel AND x.contact_point = s.contact_point AND x.subject = s.subject OFFSET 0) r ON true
  WHERE d.outcome <> 'unchanged' AND d.first_of_hash AND NOT d.seen
  RETURNING seq`

/**
 * @internal Applies the winning rows of subjects that have a record, in place: by the row address
 * the decision read under the writer lock, not by a second primary-key search (an insert with ON
 * CONFLICT did both, at twice the cost). Returns how many were written and how many should have
 * been: a row that moved meanwhile (a writer that bypassed the lock) stops the batch instead of
 * losing the update.
 */
export const UPDATE_HELD = `WITH u AS (
    UPDATE consentry_record r SET
      ${LINE_FIELDS.map(([n]) => (n === 'id' ? `id = ${keptId('s.', 'r.')}` : `${n} = s.${n}`)).join(', ')},
      conflict_rule = NULL, conflict_with = NULL, seq = $1::bigint
    FROM consentry_decided d JOIN consentry_stage s ON s.ord = d.ord
    WHERE d.apply AND d.r_ctid IS NOT NULL AND r.ctid = d.r_ctid
    RETURNING 1)
  SELECT (SELECT count(*) FROM u)::int AS written, (SELECT count(*) FROM consentry_decided WHERE apply AND r_ctid IS NOT NULL)::int AS expected`

/** @internal Inserts the winning rows of new subjects (a key taken meanwhile fails the batch). */
export const INSERT_NEW = `INSERT INTO consentry_record (${list('')}, conflict_rule, conflict_with, seq)
  SELECT ${list('s.')}, NULL, NULL, $1::bigint
  FROM consentry_decided d JOIN consentry_stage s ON s.ord = d.ord
  WHERE d.apply AND d.r_ctid IS NULL`

/** @internal Flags conflicts (both sides kept) on the records they touched. */
export const FLAG_CONFLICTS = `UPDATE consentry_record r SET conflict_rule = $1::text,
    conflict_with = CASE WHEN d.apply THEN d.previous ELSE ${recordJson('s.')} END
  FROM consentry_decided d JOIN consentry_stage s ON s.ord = d.ord
  WHERE d.winner AND d.clash AND r.channel = s.channel AND r.contact_point = s.contact_point AND r.subject = s.subject`

/** @internal Counts of one batch. */
export const COUNTS = `SELECT outcome, count(*)::int AS n, count(*) FILTER (WHERE id_reused)::int AS reused FROM consentry_decided GROUP BY outcome`

/** @internal The records of one contact point on one channel. */
export const RECORDS_OF = `SELECT * FROM consentry_record WHERE channel = $1 AND contact_point = $2`
