// Static file server for the examples and the Playwright tests. `npm run demo` runs it directly.
import { createServer } from 'node:http'
import { readFile, stat } from 'node:fs/promises'
import { extname, join, normalize, sep } from 'node:path'
import { fileURLToPath } from 'node:url'

const root = fileURLToPath(new URL('..', import.meta.url))
const types = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.cjs': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json',
  '.png': 'image/png',
  '.svg': 'image/svg+xml',
}

/**
 * Serves the repository root read-only on 127.0.0.1.
 * `headers(path)` may add response headers per path (a test's Content-Security-Policy, say).
 * POST requests under `/sink/` (an example's stand-in for a collection API such as Segment's) are
 * read and answered `200 {}`; nothing is stored.
 * @returns {Promise<{ url: string, close(): Promise<void> }>}
 */
export async function serve({ port = 0, quiet = false, headers = () => ({}) } = {}) {
  const server = createServer(async (request, response) => {
    const path = decodeURIComponent(new URL(request.url ?? '/', 'http://x').pathname)
    if (request.method === 'POST' && path.startsWith('/sink/')) {
      request.resume()
      return request.on('end', () => {
        response.writeHead(200, { 'content-type': 'application/json', 'cache-control': 'no-store' })
        response.end('{}')
      })
    }
    let file = normalize(join(root, path))
    if (!file.startsWith(root) || file.split(sep).includes('.git')) return send(response, 403, 'forbidden')
    try {
      if ((await stat(file)).isDirectory()) file = join(file, 'index.html')
      const body = await readFile(file)
      response.writeHead(200, { 'content-type': types[extname(file)] ?? 'application/octet-stream', 'cache-control': 'no-store', ...headers(path) })
      response.end(body)
    } catch {
      send(response, 404, 'not found')
    }
  })
  await new Promise((done) => server.listen(port, '127.0.0.1', done))
  const address = server.address()
  const url = `http://127.0.0.1:${typeof address === 'object' && address ? address.port : port}`
  if (!quiet) console.log(`consentry examples: ${url}/examples/`)
  return { url, close: () => new Promise((done) => server.close(() => done())) }
}

function send(response, status, text) {
  response.writeHead(status, { 'content-type': 'text/plain' })
  response.end(text)
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  await serve({ port: Number(process.env.PORT ?? 8080) })
}
