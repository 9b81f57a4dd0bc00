// The one list of the package's import paths. Everything that needs to know the entries reads it:
// rollup.config.mjs (what to build, and how, and the script tag's add-on files), test/tools/write-package-exports.mjs (package.json
// `exports` and `typesVersions`; test/dist/package-json.node.test.ts fails when they drift from
// here), test/tools/size-budgets.mjs (every entry needs a budget row), test/dist/exports.node.test.ts
// (the locked export names) and test/dist/readme-entries.node.test.ts (the README row and its page).
// Adding an entry: one object here, then `node test/tools/write-package-exports.mjs`, a budget row,
// the README row and its docs page. CONTRIBUTING.md, "Add an entry", has the checklist.

/**
 * @typedef {object} Entry
 * @property {string} subpath  package.json `exports` key ('.' is `consentry` itself)
 * @property {string} source   the TypeScript file the entry is built from
 * @property {string} dist     path in dist/ without extension (`.js`, `.cjs`, `.d.ts`, `.d.cts`)
 * @property {'library' | 'adapter' | 'binding'} build
 *   library: built together, sharing chunks with the core; adapter and binding: built one file
 *   each, with their small shared helpers inlined and `consentry` left as an import of the core.
 * @property {string[]} exports  the public names, sorted and locked: changing them is an API change
 * @property {string} docs     the entry's page (the README's Entries table links it)
 */

/** @type {Entry[]} */
export const entries = [
  {
    subpath: '.',
    source: 'src/index.ts',
    dist: 'index',
    build: 'library',
    // Issue 16: cookie clean-up (deleteCookies), gating every embed (gateElements, allowOnce). Issue 15: regionFromCmp.
    exports: [
      'ConsentError',
      'adapterGuard',
      'allowOnce',
      'createConsent',
      'defineAdapter',
      'deleteCookies',
      'gate',
      'gateElements',
      'gateScripts',
      'isConsentError',
      'isConsentManager',
      'mapReading',
      'poll',
      'regionFromCmp',
      'withConsent',
    ],
    docs: 'src/README.md',
  },
  ...[
    ['onetrust', 'oneTrust'],
    ['trustarc', 'trustArc'],
    ['ketch', 'ketch'],
    ['custom', 'customAdapter'],
    ['tcf', 'tcf'],
    ['gpp', 'gpp'],
  ].map(([name, factory]) => ({
    subpath: `./adapters/${name}`,
    source: `adapters/${name}/index.ts`,
    dist: `adapters/${name}/index`,
    build: /** @type {const} */ ('adapter'),
    exports: [factory],
    docs: `adapters/${name}/README.md`,
  })),
  { subpath: './widget', source: 'src/widget/index.ts', dist: 'widget', build: 'library', exports: ['mountPreferenceCenter'], docs: 'src/widget/README.md' },
  {
    subpath: './placeholders',
    source: 'src/placeholders/index.ts',
    dist: 'placeholders',
    build: 'library',
    exports: ['showPlaceholders'],
    docs: 'src/placeholders/README.md',
  },
  { subpath: './segment', source: 'src/segment/index.ts', dist: 'segment', build: 'library', exports: ['CONSENT_UPDATED_EVENT', 'withSegment'], docs: 'src/segment/README.md' },
  { subpath: './rudderstack', source: 'src/rudderstack/index.ts', dist: 'rudderstack', build: 'library', exports: ['withRudderStack'], docs: 'src/rudderstack/README.md' },
  {
    subpath: './google-consent-mode',
    source: 'src/google-consent-mode/index.ts',
    dist: 'google-consent-mode',
    build: 'library',
    exports: ['googleConsentMode'],
    docs: 'src/google-consent-mode/README.md',
  },
  { subpath: './react', source: 'src/react/index.ts', dist: 'react', build: 'binding', exports: ['ConsentGate', 'useConsent', 'useGranted'], docs: 'src/react/README.md' },
  { subpath: './vue', source: 'src/vue/index.ts', dist: 'vue', build: 'binding', exports: ['useConsent', 'useGranted'], docs: 'src/vue/README.md' },
  { subpath: './svelte', source: 'src/svelte/index.ts', dist: 'svelte', build: 'binding', exports: ['consentStore', 'grantedStore'], docs: 'src/svelte/README.md' },
  {
    subpath: './ledger',
    source: 'src/ledger/index.ts',
    dist: 'ledger/index',
    build: 'library',
    // Issue 13: the JSON snapshot store (openLedger, createMemoryStore), the hand-written CSV parser
    // and the push importer are gone; the database store, the one validator and csv-parse replace them.
    exports: [
      'canContact',
      'createLedger',
      'createLedgerSink',
      'createRecordValidator',
      'createSqlStore',
      'createSyncAdapter',
      'defaultProfile',
      'fromPg',
      'fromPglite',
      'importIntoStore',
      'importTable',
      'isLedgerError',
      'normalizeContactPoint',
      'parseTime',
      'queryContactPoints',
      'resolveSubject',
      'statusFromFlags',
      'statusFromValue',
      'tableRecords',
      'validateProfile',
    ],
    docs: 'src/ledger/README.md',
  },
]

/** `{ [dist name]: source }` of the entries built one way, as rollup's `input` takes it. */
export function inputs(build) {
  return Object.fromEntries(entries.filter((entry) => entry.build === build).map((entry) => [entry.dist, entry.source]))
}

/**
 * The script tag's add-on files (`dist/consentry.<name>.min.js`), `{ [name]: [source, adapter] }`:
 * every entry but the core (the core file itself), the ledger (Node only) and the framework
 * bindings (they need the app's bundler). `adapter` entries join `window.Consentry.adapters`.
 */
export function addons() {
  const browser = entries.filter(({ subpath, build }) => subpath !== '.' && subpath !== './ledger' && build !== 'binding')
  return Object.fromEntries(browser.map(({ subpath, source, build }) => [subpath.split('/').pop(), [source, build === 'adapter']]))
}

/** package.json `exports`: import and require conditions, each with its own declarations. */
export function packageExports() {
  const rows = entries.map(({ subpath, dist }) => [
    subpath,
    {
      import: { types: `./dist/${dist}.d.ts`, default: `./dist/${dist}.js` },
      require: { types: `./dist/${dist}.d.cts`, default: `./dist/${dist}.cjs` },
    },
  ])
  return Object.fromEntries([...rows, ['./package.json', './package.json']])
}

/**
 * package.json `typesVersions`, for TypeScript's old `moduleResolution: node` (node10), which
 * ignores `exports`: every subpath maps to its ESM declarations. `consentry` itself resolves
 * through `types`.
 */
export function packageTypesVersions() {
  const rows = entries.filter(({ subpath }) => subpath !== '.').map(({ subpath, dist }) => [subpath.slice(2), [`./dist/${dist}.d.ts`]])
  return { '*': Object.fromEntries(rows) }
}

/**
 * package.json `files`: the build, the changelog and every entry's page (the README links them;
 * npm adds README.md, LICENSE and package.json itself).
 */
export function packageFiles() {
  return ['dist', 'CHANGELOG.md', ...entries.map((entry) => entry.docs)]
}
