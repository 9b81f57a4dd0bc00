import type { Reporter, TestModule } from 'vitest/node'

/** Ends the run with one plain "N passed, N failed" line that any CI log reader understands. */
export default class SummaryReporter implements Reporter {
  onTestRunEnd(modules: ReadonlyArray<TestModule>): void {
    let passed = 0
    let failed = 0
    let skipped = 0
    for (const module of modules) {
      const before = failed
      for (const test of module.children.allTests()) {
        const state = test.result().state
        if (state === 'passed') passed++
        else if (state === 'failed') failed++
        else skipped++
      }
      // A file that failed outside its tests (an import, a beforeAll) leaves them skipped: count
      // the file itself, so the line never says 0 failed for a red run.
      if (module.state() === 'failed' && failed === before) failed++
    }
    process.stdout.write(`\n${passed} passed, ${failed} failed, ${skipped} skipped\n`)
  }
}
