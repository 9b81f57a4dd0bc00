import { defineConfig } from 'vitest/config'
import base from '../vitest.config'

// Mutation testing (`npm run mutate`) runs only the unit (happy-dom) and Node projects of the
// suite: e2e tests drive dist/ in Chromium and never load the mutated sources, the dist/ and bench
// checks read built files, and the ledger is outside the mutated code. The two fuzz tests (10 000
// CMP payloads, 1 500 tabs) would run for every mutant they cover and outlast the timeouts once
// instrumented; the adapters' and the held-calls buffer's own tests cover the same code.
const skipped = ['test/e2e/**', 'test/**/*.e2e.test.ts', 'test/dist/**', 'test/bench/**', 'test/ledger/**', 'test/fuzz/**', 'test/integrations/replay-fuzz.test.ts']

type Project = { test: { name?: string; exclude?: string[] } }
const projects = (base.test?.projects ?? []) as Project[]

export default defineConfig({
  ...base,
  test: {
    ...base.test,
    reporters: ['default'],
    projects: projects.filter((project) => project.test.name !== 'e2e').map((project) => ({ ...project, test: { ...project.test, exclude: [...(project.test.exclude ?? []), ...skipped] } })),
  },
})
