// `node test/tools/run-parallel.mjs typecheck build`: runs npm scripts at the same time (the type
// check and the build are independent, and each keeps one core busy) and prints each one's output
// in one piece when it ends. Exits with the first failing script's code, after all have ended.
import { spawn } from 'node:child_process'

const scripts = process.argv.slice(2)
const runs = scripts.map(
  (script) =>
    new Promise((resolve) => {
      const started = Date.now()
      const child = spawn('npm', ['run', '--silent', script], { stdio: ['ignore', 'pipe', 'pipe'] })
      let output = ''
      child.stdout.on('data', (chunk) => (output += chunk))
      child.stderr.on('data', (chunk) => (output += chunk))
      child.on('close', (code, signal) => {
        const status = code === 0 ? 'ok' : `failed (${signal ?? `exit ${code}`})`
        process.stdout.write(`${output}> ${script}: ${status} in ${((Date.now() - started) / 1000).toFixed(1)} s\n`)
        resolve(code ?? 1)
      })
    }),
)
const codes = await Promise.all(runs)
process.exitCode = codes.find((code) => code !== 0) ?? 0
