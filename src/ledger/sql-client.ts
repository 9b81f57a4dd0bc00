/**
 * The little the ledger's SQL store needs from a PostgreSQL client: run one parameterised query
 * and run a function inside a transaction. {@link fromPglite} and {@link fromPg} adapt the two
 * supported clients; both run the same SQL.
 * @example
 * const client: SqlClient = fromPglite(await PGlite.create('./consent-data'))
 * const { rows } = await client.query<{ n: number }>('select 1 as n')
 */
export interface SqlClient {
  query<T = Record<string, unknown>>(text: string, params?: readonly unknown[]): Promise<{ rows: T[] }>
  /** Runs `fn` in one transaction (on one connection); rolls back when it throws. */
  transaction<T>(fn: (tx: SqlClient) => Promise<T>): Promise<T>
  close(): Promise<void>
  /**
   * Bulk-loads CSV text into a table with COPY; `copy(table, csv)` runs `COPY <table> FROM … WITH
   * (FORMAT csv)`. Optional: without it the store stages rows with array parameters.
   */
  copy?: ((table: string, csv: string) => Promise<void>) | undefined
}

/**
 * The part of a PGlite instance the adapter uses (`@electric-sql/pglite`).
 * @example
 * const db: PgliteLike = await PGlite.create('./consent-data')
 */
export interface PgliteLike {
  query<T>(text: string, params?: unknown[], options?: { blob?: Blob }): Promise<{ rows: T[] }>
  transaction<T>(fn: (tx: { query<R>(text: string, params?: unknown[], options?: { blob?: Blob }): Promise<{ rows: R[] }> }) => Promise<T>): Promise<T>
  close(): Promise<void>
}

/**
 * The part of a `pg` Pool the adapter uses.
 * @example
 * const pool: PgPoolLike = new pg.Pool({ connectionString: process.env.DATABASE_URL })
 */
export interface PgPoolLike {
  query(text: string, params?: unknown[]): Promise<{ rows: unknown[] }>
  connect(): Promise<{ query(text: string, params?: unknown[]): Promise<{ rows: unknown[] }>; release(error?: Error | boolean): void }>
  end(): Promise<void>
}

/**
 * The part of `pg-copy-streams` {@link fromPg} uses for COPY: `from(sql)` makes a query object
 * that `pg` runs as a writable stream.
 * @example
 * import { from } from 'pg-copy-streams'
 * const copyStreams: PgCopyStreamsLike = { from }
 */
export interface PgCopyStreamsLike {
  from(text: string): unknown
}

interface CopyStream {
  on(event: string, listener: (error?: Error) => void): unknown
  end(chunk: string): unknown
}

/** COPY through `pg-copy-streams` on one connection: the text goes in one write. */
const pgCopy =
  (connection: { query(query: unknown): unknown }, streams: PgCopyStreamsLike) =>
  (table: string, csv: string): Promise<void> =>
    new Promise((resolve, reject) => {
      const stream = connection.query(streams.from(`COPY ${table} FROM STDIN WITH (FORMAT csv)`)) as CopyStream
      stream.on('error', reject)
      stream.on('finish', () => resolve())
      stream.end(csv)
    })

const nested = (): never => {
  throw new Error('consentry/ledger: nested transactions are not supported')
}

/**
 * Adapts an embedded PGlite database (PostgreSQL in WebAssembly; no server) to {@link SqlClient}.
 * @example
 * import { PGlite } from '@electric-sql/pglite'
 * const store = await createSqlStore(fromPglite(await PGlite.create('./consent-data')))
 */
export function fromPglite(db: PgliteLike): SqlClient {
  // PGlite reads COPY data from a Blob through its '/dev/blob' device.
  const copyWith = (q: PgliteLike['query']) => async (table: string, csv: string) => {
    await q(`COPY ${table} FROM '/dev/blob' WITH (FORMAT csv)`, [], { blob: new Blob([csv]) })
  }
  const wrap = (q: PgliteLike['query']): SqlClient => ({
    query: (text, params) => q(text, params ? [...params] : undefined),
    transaction: nested,
    close: async () => {},
    copy: copyWith(q),
  })
  return {
    query: (text, params) => db.query(text, params ? [...params] : undefined),
    transaction: (fn) => db.transaction((tx) => fn(wrap((text, params, options) => tx.query(text, params, options)))),
    close: () => db.close(),
    copy: copyWith((text, params, options) => db.query(text, params, options)),
  }
}

/**
 * Adapts a `pg` connection pool (a PostgreSQL server) to {@link SqlClient}. With `pg-copy-streams`
 * passed in, imports stage their rows with COPY (several times faster than array parameters).
 * @example
 * import pg from 'pg'
 * import { from } from 'pg-copy-streams'
 * const store = await createSqlStore(fromPg(new pg.Pool({ connectionString: process.env.DATABASE_URL }), { from }))
 */
export function fromPg(pool: PgPoolLike, copyStreams?: PgCopyStreamsLike): SqlClient {
  return {
    query: async (text, params) => (await pool.query(text, params ? [...params] : undefined)) as { rows: never[] },
    async transaction(fn) {
      const connection = await pool.connect()
      const tx: SqlClient = {
        query: async (text, params) => (await connection.query(text, params ? [...params] : undefined)) as { rows: never[] },
        transaction: nested,
        close: async () => {},
        copy: copyStreams ? pgCopy(connection as never, copyStreams) : undefined,
      }
      try {
        await connection.query('BEGIN')
        const result = await fn(tx)
        await connection.query('COMMIT')
        connection.release()
        return result
      } catch (error) {
        await connection.query('ROLLBACK').catch(() => {})
        connection.release(error instanceof Error ? error : true)
        throw error
      }
    },
    close: () => pool.end(),
  }
}
