// The examples' bundles, built from dist/ through package.json `exports` as an app that installed
// consentry would: run after the library build (`npm run build` does both; `npm run
// build:examples` this part alone, dist/ must exist).
import spaExample from './spa/rollup.config.mjs'
import frameworkExamples from './frameworks.rollup.config.mjs'

export default [
  // A single-page app: the core, the OneTrust adapter, withSegment and the widget.
  spaExample,
  // The React, Vue and Svelte examples (about 4 s together).
  ...frameworkExamples,
]
