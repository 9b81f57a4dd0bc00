// The `consentry-ledger` executable: everything lives in cli.ts so tests can call main() directly.
import { main } from './cli.js'

void main(process.argv.slice(2)).then((code) => {
  process.exitCode = code
})
