import { execFile } from 'node:child_process'
import { promisify } from 'node:util'
import { fileURLToPath } from 'node:url'
import { describe, expect, it } from 'vitest'
import { mkdtempSync, readFileSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { rollup } from 'rollup'
import { minify } from 'terser'

const run = promisify(execFile)
const root = fileURLToPath(new URL('../..', import.meta.url))
const bin = (name: string) => `${root}node_modules/.bin/${name}`

describe('package quality (the packed tarball)', () => {
  it('publint finds nothing', async () => {
    const { stdout } = await run(bin('publint'), ['--strict'], { cwd: root })
    expect(stdout).toMatch(/All good!/)
  }, 60_000)

  // Every resolver attw knows, node10 included: typesVersions (written from entries.mjs) maps each
  // subpath for it. Packed without scripts: prepack would rebuild dist/ under the other tests' feet
  // (npm test has just built it; test/dist/pack.node.test.ts checks prepack on a clean checkout).
  it('are-the-types-wrong finds nothing for node10, node16 (CJS and ESM) and bundlers', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'consentry-attw-'))
    try {
      const { stdout: packed } = await run('npm', ['pack', '--ignore-scripts', '--json', '--pack-destination', dir], { cwd: root })
      const [{ filename }] = JSON.parse(packed) as [{ filename: string }]
      const { stdout } = await run(bin('attw'), [join(dir, filename), '--format', 'json'], { cwd: root })
      const { analysis } = JSON.parse(stdout) as { analysis: { entrypoints: object; problems: { kind: string; resolutionKind?: string }[] } }
      expect(Object.keys(analysis.entrypoints).length).toBeGreaterThan(1)
      expect(analysis.problems).toEqual([])
    } finally {
      rmSync(dir, { recursive: true, force: true })
    }
  }, 60_000)
})

// Markers: strings found only in the code of one feature. Each is first shown to be in that
// feature's own bundle, so a marker that appears nowhere (a typo, a rename) fails instead of
// passing the must-not-appear check silently. Comments are stripped first: a marker must be code.
const MARKERS: { feature: string; source: string; markers: string[] }[] = [
  { feature: 'gateScripts', source: "export { gateScripts } from 'consentry'", markers: ['text/plain', 'MutationObserver'] },
  { feature: 'withConsent', source: "export { withConsent } from 'consentry'", markers: ['new Proxy'] },
  { feature: 'gate', source: "export { gate } from 'consentry'", markers: ['() of "'] },
  { feature: 'OneTrust adapter', source: "export * from 'consentry/adapters/onetrust'", markers: ['OptanonWrapper', 'OneTrustGroupsUpdated'] },
  { feature: 'TrustArc adapter', source: "export * from 'consentry/adapters/trustarc'", markers: ['getGDPRConsentDecision', 'notice_gdpr_prefs'] },
  { feature: 'Ketch adapter', source: "export * from 'consentry/adapters/ketch'", markers: ['setConsent'] },
  { feature: 'TCF adapter', source: "export * from 'consentry/adapters/tcf'", markers: ['__tcfapi', 'useractioncomplete'] },
  { feature: 'GPP adapter', source: "export * from 'consentry/adapters/gpp'", markers: ['__gpp', 'usnat'] },
  { feature: 'custom adapter', source: "export * from 'consentry/adapters/custom'", markers: ['needs read() and subscribe() functions'] },
  { feature: 'widget', source: "export * from 'consentry/widget'", markers: ['attachShadow', 'adoptedStyleSheets', 'data-consentry-open', '--consentry-accent'] },
  { feature: 'ledger', source: "export * from 'consentry/ledger'", markers: ['channel-needs-opt-in', 'non-restrictive-default', 'purpose-denied'] },
  { feature: 'Segment', source: "export * from 'consentry/segment'", markers: ['Segment Consent Preference Updated', 'consentry:segment', 'sessionStorage'] },
  { feature: 'RudderStack', source: "export * from 'consentry/rudderstack'", markers: ['allowedConsentIds', 'consentry:rudderstack'] },
  { feature: 'Google Consent Mode', source: "export * from 'consentry/google-consent-mode'", markers: ['wait_for_update', 'ad_user_data', 'consentry_consent_update'] },
]

const pkg = JSON.parse(readFileSync(`${root}package.json`, 'utf8')) as { exports: Record<string, { import?: { default: string } } | string> }
// 'consentry' and 'consentry/…' resolve to dist/ exactly as package.json exports say.
const entryFiles = new Map(
  Object.entries(pkg.exports).flatMap(([subpath, target]) => (typeof target === 'string' || !target.import ? [] : [[`consentry${subpath.slice(1)}`, `${root}${target.import.default.slice(2)}`]])),
)

/** Bundles `source` against dist/ (dependencies left external) and returns its code, comments stripped. */
async function bundle(source: string): Promise<string> {
  const build = await rollup({
    input: 'entry',
    external: (id) => /^zod(\/|$)/.test(id),
    plugins: [
      {
        name: 'entry-and-self',
        resolveId: (id) => (id === 'entry' ? id : (entryFiles.get(id) ?? null)),
        load: (id) => (id === 'entry' ? source : null),
      },
    ],
    onwarn: () => {},
  })
  const { output } = await build.generate({ format: 'es' })
  const minified = await minify(output.map((chunk) => (chunk.type === 'chunk' ? chunk.code : '')).join('\n'), { compress: false, mangle: false, module: true, format: { comments: false } })
  return minified.code ?? ''
}

describe('tree-shaking', () => {
  it.each(MARKERS)("each marker is really in the $feature code (so its absence below means something)", async ({ source, markers }) => {
    const code = await bundle(source)
    expect(markers.filter((marker) => !code.includes(marker))).toEqual([])
  })

  it('the script tag carries its global', async () => {
    const { code } = await minify(readFileSync(`${root}dist/consentry.iife.js`, 'utf8'), { compress: false, mangle: false, format: { comments: false } })
    expect(code).toContain('window.Consentry')
  })

  it('a bundle importing only createConsent carries no gating, wrapping, adapter, widget, ledger, integration or script-tag code', async () => {
    const code = await bundle("import { createConsent } from 'consentry'; export const consent = createConsent({ categories: [{ id: 'a', name: 'A', enforcement: 'opt-in' }] })")
    expect(code).toMatch(/categoryPreferences/)
    const found = [...MARKERS.flatMap(({ feature, markers }) => markers.map((marker) => `${feature}: ${marker}`)), 'script tag: window.Consentry'].filter((item) =>
      code.includes(item.slice(item.indexOf(': ') + 2)),
    )
    expect(found).toEqual([])
  })
})
