// Node-only: opens the CLI's database. PGlite (embedded, a data directory) by default; a
// PostgreSQL server for postgres:// URLs. Both client packages are optional peer dependencies,
// loaded only here, so `consentry/ledger` itself never imports them.
import { existsSync, mkdirSync, openSync, closeSync, readFileSync, unlinkSync, writeFileSync } from 'node:fs'
import { resolve } from 'node:path'
import { createSqlStore } from './create-sql-store.js'
import type { LedgerStore, SqlStoreOptions } from './create-sql-store.js'
import { ledgerError } from './ledger-error.js'
import { fromPg, fromPglite } from './sql-client.js'
import type { PgCopyStreamsLike, PgliteLike, PgPoolLike } from './sql-client.js'

interface PgliteModule {
  create(options: { dataDir: string; startParams: readonly string[] }): Promise<PgliteLike>
  defaultStartParams: readonly string[]
}

/** @internal True for a connection URL of a PostgreSQL server. */
export const isServerUrl = (target: string): boolean => /^postgres(ql)?:\/\//i.test(target)

async function load<T>(name: string): Promise<T> {
  try {
    return (await import(name)) as T
  } catch (cause) {
    throw ledgerError('invalid-reading', `the ledger needs "${name}": npm i consentry @electric-sql/pglite pg pg-copy-streams csv-parse libphonenumber-js zod`, cause)
  }
}

const alive = (pid: number) => {
  try {
    process.kill(pid, 0)
    return true
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM'
  }
}

/** One process at a time may open a PGlite directory: wait for the lock (a stale one is taken over). */
async function lockDirectory(dir: string): Promise<() => void> {
  const path = `${dir}.lock`
  for (let waited = 0; ; waited += 100) {
    try {
      const fd = openSync(path, 'wx')
      writeFileSync(fd, String(process.pid))
      closeSync(fd)
      const release = () => {
        try {
          if (readFileSync(path, 'utf8') === String(process.pid)) unlinkSync(path)
        } catch {
          // already gone
        }
      }
      process.once('exit', release)
      return release
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error
      const owner = Number(readFileSync(path, 'utf8').trim())
      if (!Number.isInteger(owner) || owner <= 0 || !alive(owner)) {
        try {
          unlinkSync(path)
        } catch {
          // another waiter took it first
        }
        continue
      }
      if (waited === 2000) process.stderr.write(`consentry-ledger: waiting for process ${owner}, which has ${dir} open\n`)
      await new Promise((r) => setTimeout(r, 100))
    }
  }
}

/**
 * Opens the ledger database: a PGlite data directory (created only when `create` is set; a
 * missing one is an error, never an empty ledger) or a PostgreSQL server URL.
 * @internal
 */
export async function openDatabase(target: string, options: SqlStoreOptions): Promise<LedgerStore> {
  if (isServerUrl(target)) {
    const pg = await load<{ default: { Pool: new (config: object) => PgPoolLike } }>('pg')
    const copyStreams = await load<PgCopyStreamsLike>('pg-copy-streams')
    const pool = new pg.default.Pool({ connectionString: target, max: 4 })
    ;(pool as unknown as { on(event: string, fn: () => void): void }).on('error', () => {})
    try {
      await pool.query('SELECT 1')
    } catch (cause) {
      await pool.end().catch(() => {})
      throw ledgerError('invalid-reading', `cannot connect to the database: ${(cause as Error).message}`, cause)
    }
    return createSqlStore(fromPg(pool, copyStreams), options).catch(async (error: unknown) => {
      await pool.end().catch(() => {})
      throw error
    })
  }
  const dir = resolve(target)
  if (!options.create && !existsSync(`${dir}/PG_VERSION`)) throw ledgerError('invalid-reading', `no ledger database at ${dir}`)
  const release = await lockDirectory(dir)
  try {
    mkdirSync(dir, { recursive: true })
    const { PGlite } = await load<{ PGlite: PgliteModule }>('@electric-sql/pglite')
    // PGlite sets up all of shared_buffers when it starts. Readers need few: a `check` at 16 MB took
    // 1.27 s and 222 MiB against 1.76 s and 337 MiB at the default 128 MB (farm-bench -n 8,
    // medians). Writers keep the default for their batches.
    const startParams = options.create ? PGlite.defaultStartParams : [...PGlite.defaultStartParams, '-c', 'shared_buffers=16MB']
    const client = fromPglite(await PGlite.create({ dataDir: dir, startParams }))
    const store = await createSqlStore(client, options).catch(async (error: unknown) => {
      await client.close()
      throw error
    })
    return {
      ...store,
      async close() {
        await store.close()
        release()
      },
    }
  } catch (error) {
    release()
    throw error
  }
}
