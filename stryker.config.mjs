// Mutation testing: `npm run mutate` (not part of `npm test`). Narrow a run with
// `npm run mutate -- --mutate 'src/core/**/*.ts'`.
/** @type {import('@stryker-mutator/api/core').PartialStrykerOptions} */
export default {
  testRunner: 'vitest',
  vitest: { configFile: 'test/mutation/vitest.config.ts' },
  mutate: ['src/core/**/*.ts', 'adapters/**/*.ts', 'src/integrations/**/*.ts', 'src/segment/**/*.ts', 'src/rudderstack/**/*.ts', 'src/google-consent-mode/**/*.ts'],
  coverageAnalysis: 'perTest',
  // A static mutant (module-level code: a regex, a constant table) runs the whole suite once per
  // mutant; skipping them keeps a run within the hour on two cores. They are not counted.
  ignoreStatic: true,
  // The machine this runs on is small and shared: two workers at most.
  concurrency: 2,
  incremental: true,
  incrementalFile: 'reports/stryker-incremental.json',
  reporters: ['clear-text', 'progress-append-only', 'html', 'json'],
  htmlReporter: { fileName: 'reports/mutation/index.html' },
  jsonReporter: { fileName: 'reports/mutation/mutation.json' },
  thresholds: { high: 85, low: 80, break: null },
  timeoutMS: 10_000,
  // The first run executes the whole unit and Node suite in one worker, slow on a loaded machine.
  dryRunTimeoutMinutes: 40,
  tempDirName: '.stryker-tmp',
  cleanTempDir: 'always',
}
