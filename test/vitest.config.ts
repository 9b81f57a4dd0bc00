import { readFileSync } from 'node:fs'
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
      { ...shared, test: { name: 'node', environment: 'node', include: ['test/**/*.node.test.ts'] } },
      {
        ...shared,
        test: { name: 'e2e', environment: 'node', include: ['test/**/*.e2e.test.ts'], testTimeout: 60_000, hookTimeout: 60_000 },
      },
    ],
  },
})
