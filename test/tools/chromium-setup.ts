// Vitest globalSetup of the e2e project: without a Chromium, stop before any browser test starts,
// with the one command that fixes it, instead of one Playwright error per test file.
import { findChromium } from './chromium.mjs'

export default function setup(): void {
  const { path, problem } = findChromium()
  if (!path) throw new Error(problem)
}
