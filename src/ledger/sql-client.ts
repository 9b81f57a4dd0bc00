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
}

/**
 * The part of a PGlite instance the adapter uses (`@electric-sql/pglite`).
 * @example
 * const db: PgliteLike = await PGlite.create('./consent-data')
 */
export interface PgliteLike {
  query<T>(text: string, params?: unknown[]): Promise<{ rows: T[] }>
  transaction<T>(fn: (tx: { query<R>(text: string, params?: unknown[]): Promise<{ rows: R[] }> }) => Promise<T>): Promise<T>
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
  const wrap = (q: PgliteLike['query']): SqlClient => ({
    query: (text, params) => q(text, params ? [...params] : undefined),
    transaction: nested,
    close: async () => {},
  })
  return {
    query: (text, params) => db.query(text, params ? [...params] : undefined),
    transaction: (fn) => db.transaction((tx) => fn(wrap((text, params) => tx.query(text, params)))),
    close: () => db.close(),
  }
}

/**
 * Adapts a `pg` connection pool (a PostgreSQL server) to {@link SqlClient}.
 * @example
 * import pg from 'pg'
 * const store = await createSqlStore(fromPg(new pg.Pool({ connectionString: process.env.DATABASE_URL })))
 */
export function fromPg(pool: PgPoolLike): SqlClient {
  return {
    query: async (text, params) => (await pool.query(text, params ? [...params] : undefined)) as { rows: never[] },
    async transaction(fn) {
      const connection = await pool.connect()
      const tx: SqlClient = {
        query: async (text, params) => (await connection.query(text, params ? [...params] : undefined)) as { rows: never[] },
        transaction: nested,
        close: async () => {},
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
