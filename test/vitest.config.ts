import { readFileSync } from 'node:fs'
import { availableParallelism } from 'node:os'
import { fileURLToPath } from 'node:url'
import { defineConfig } from 'vitest/config'

const root = fileURLToPath(new URL('..', import.meta.url))
const { version } = JSON.parse(readFileSync(new URL('../package.json', import.meta.url), 'utf8')) as { version: string }

// File suffix picks the environment: *.test.ts runs in happy-dom, *.node.test.ts in plain Node,
// *.e2e.test.ts drives real Chromium through Playwright against the built dist/.
const shared = {
  define: { __VERSION__: JSON.stringify(version) },
  resolve: { alias: { consentry: `${root}src/index.ts` } },
}

export default defineConfig({
  root,
  test: {
    reporters: ['default', './test/tools/summary-reporter.ts'],
    // Vitest's default is one worker less than the cores: on 2 cores, one, so every file waits for
    // the one before. Most files spend their time waiting on Chromium, PostgreSQL, a child process
    // or a timer, not on this CPU: with two workers the two cores were about two-thirds busy, so
    // a third worker fills them (1,219 tests passed with three on a loaded two-core machine).
    maxWorkers: Math.max(3, availableParallelism()),
    // Worker threads instead of child processes: each test file starts without a new Node process
    // and its module set-up, which took a fifth of the CPU of the whole run (vitest alone, two
    // cores: 272 s with forks, 215 s with threads, the same 1,272 tests passing in both).
    pool: 'threads',
    projects: [
      {
        ...shared,
        test: {
          name: 'unit',
          environment: 'happy-dom',
          // No file loading: a unit test must never reach the network.
          environmentOptions: {
            happyDOM: {
              url: 'https://www.example.test/page',
              settings: { disableJavaScriptFileLoading: true, disableCSSFileLoading: true, handleDisabledFileLoadingAsSuccess: true },
            },
          },
          include: ['test/**/*.test.ts'],
          exclude: ['test/**/*.node.test.ts', 'test/**/*.e2e.test.ts'],
        },
      },
      // The files that load the heavy tools (TypeScript, rollup, PGlite, pg, Playwright) and keep
      // no state in our modules share their workers' loaded modules from one file to the next
      // instead of loading them again: the node files 305 -> 218 s of CPU, the e2e files 140 ->
      // 113 s, the same tests passing. The core's own node files keep fresh modules (its warnings
      // print once per process: a second file would see none), as the unit files keep their own
      // happy-dom page each.
      { ...shared, test: { name: 'node', environment: 'node', include: ['test/{core,adapters,structure,widget}/**/*.node.test.ts'] } },
      {
        ...shared,
        test: {
          name: 'node-tools',
          environment: 'node',
          isolate: false,
          include: ['test/**/*.node.test.ts'],
          exclude: ['test/{core,adapters,structure,widget,bench}/**'],
        },
      },
      // The benchmark tables (`npm run test:bench` sets CONSENTRY_BENCH): they check that the benches
      // still run and print every row, not the product, so `npm test` leaves them out.
      ...(process.env.CONSENTRY_BENCH ? [{ ...shared, test: { name: 'bench', environment: 'node', include: ['test/bench/**/*.node.test.ts'] } }] : []),
      {
        ...shared,
        test: {
          name: 'e2e',
          environment: 'node',
          isolate: false,
          include: ['test/**/*.e2e.test.ts'],
          // Stops the run at once, with the command to run, on a machine without Chromium.
          globalSetup: ['./test/tools/chromium-setup.ts'],
          testTimeout: 60_000,
          hookTimeout: 60_000,
        },
      },
    ],
  },
})
