// Starts a throwaway PostgreSQL cluster (initdb + pg_ctl from the machine's PostgreSQL) in a temp
// directory on a free port, for tests and benchmarks against a real server. initdb refuses to run
// as root, so as root the cluster runs as the `postgres` OS user.
import { execFileSync } from 'node:child_process'
import { chmodSync, chownSync, mkdtempSync, rmSync } from 'node:fs'
import { createServer } from 'node:net'
import { tmpdir } from 'node:os'
import { join } from 'node:path'

const freePort = () =>
  new Promise((resolve, reject) => {
    const server = createServer()
    server.once('error', reject)
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address()
      server.close(() => resolve(port))
    })
  })

function asOwner(command, args, uid) {
  if (uid === undefined) return execFileSync(command, args, { stdio: 'pipe' })
  return execFileSync('runuser', ['-u', 'postgres', '--', command, ...args], { stdio: 'pipe' })
}

/**
 * @param {{ fsync?: boolean }} [options]
 * @returns {Promise<{ url: string, database: (name: string) => string, stop: () => void }>}
 */
export async function startPostgres(options = {}) {
  const dir = mkdtempSync(join(tmpdir(), 'consentry-pg-'))
  let uid
  if (process.getuid?.() === 0) {
    uid = Number(execFileSync('id', ['-u', 'postgres']).toString().trim())
    const gid = Number(execFileSync('id', ['-g', 'postgres']).toString().trim())
    chownSync(dir, uid, gid)
    chmodSync(dir, 0o700)
  }
  const data = join(dir, 'data')
  asOwner('initdb', ['-D', data, '-A', 'trust', '-U', 'postgres', '--no-sync', '-E', 'UTF8'], uid)
  const port = await freePort()
  const settings = `-p ${port} -k ${dir} -c listen_addresses=127.0.0.1${options.fsync === false ? ' -c fsync=off' : ''}`
  asOwner('pg_ctl', ['-D', data, '-o', settings, '-l', join(dir, 'log'), '-w', 'start'], uid)
  let stopped = false
  const url = `postgres://postgres@127.0.0.1:${port}/postgres`
  return {
    url,
    /** Creates an empty database on this cluster; its URL. */
    database(name) {
      execFileSync('psql', [url, '-qc', `CREATE DATABASE ${name}`], { stdio: 'pipe' })
      return url.replace(/\/postgres$/, `/${name}`)
    },
    stop() {
      if (stopped) return
      stopped = true
      try {
        asOwner('pg_ctl', ['-D', data, '-m', 'immediate', '-w', 'stop'], uid)
      } finally {
        rmSync(dir, { recursive: true, force: true })
      }
    },
  }
}
