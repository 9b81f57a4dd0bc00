// `npm run bench:size`: our entries next to the peers' comparable feature sets, in one table.
// Our rows are the size budget rows (test/tools/size-budgets.mjs, read now), measured by
// test/tools/size.mjs; bundled rows (ours and the peers') go through rollup + node-resolve +
// commonjs and then the same terser options. gzip -9 and brotli 11. CSS a peer ships is measured
// as the file it ships (already minified). `--write` puts the table into README.md.
// Needs `npm run build` first.
import { readFileSync } from 'node:fs'
import { fileURLToPath } from 'node:url'
import { compressedSizes, measure } from '../tools/size.mjs'
import { bundle, kb, machine, root, writeReadme } from './shared.mjs'

/** The gzip targets, matched against the budget rows by label. */
const TARGETS = [
  [/^core\b/, 4096],
  [/^adapter /, 819],
  [/^widget\b/, 5120],
  [/^full script tag/, 10240],
  // Issue 16: the modular script-tag files.
  [/^script tag: core file/, 4608],
  [/^script tag: OneTrust \+ Google Consent Mode site/, 6144],
]

/** Bundled rows: [group, label, module source, target?]. */
const BUNDLED = [
  ['consentry', 'core, bundled as a site ships it (no runtime dependencies)', "export * from 'consentry'", 4096],
  ['consentry', 'core + OneTrust adapter, bundled', "export * from 'consentry'; export { oneTrust } from 'consentry/adapters/onetrust'"],
  ['consentry', 'core + widget (its CSS is inside the JS), bundled', "export * from 'consentry'; export { mountPreferenceCenter } from 'consentry/widget'"],
  [
    'consentry',
    'a typical npm site: core + OneTrust adapter + withSegment + widget, bundled',
    "export * from 'consentry'; export { oneTrust } from 'consentry/adapters/onetrust'; export { withSegment } from 'consentry/segment'; export { mountPreferenceCenter } from 'consentry/widget'",
  ],
  [
    'peer',
    '@segment/analytics-consent-tools 2.0.3: createWrapper + resolveWhen (stamping, gating, CMP hooks; no UI, no adapters)',
    "export { createWrapper, resolveWhen } from '@segment/analytics-consent-tools'",
  ],
  ['peer', 'vanilla-cookieconsent 3.1.0: JS (banner + preferences + script gating)', "export * from 'vanilla-cookieconsent'"],
  ['peer', 'vanilla-cookieconsent 3.1.0: core only (no UI)', "export * from 'vanilla-cookieconsent/dist/core/cookieconsent-core.esm.js'"],
  ['peer', 'klaro 0.7.22: main (UI + CSS + translations)', "import * as klaro from 'klaro'; export default klaro"],
  ['peer', 'klaro 0.7.22: cm.js (consent manager, no UI)', "import * as cm from 'klaro/dist/cm.js'; export default cm"],
  ['peer', 'c15t 2.2.1: core, all exports (headless; no UI)', "export * from 'c15t'"],
]

const CSS = [['vanilla-cookieconsent 3.1.0: CSS (shipped file)', 'node_modules/vanilla-cookieconsent/dist/cookieconsent.css']]

/** @returns {Promise<{ group: string, label: string, minified: number, gzip: number, brotli: number, target?: number }[]>} */
export async function sizeRows() {
  const rows = (await measure()).map(({ label, minified, gzip, brotli }) => ({
    group: 'consentry',
    label: `${label}${/^widget\b/.test(label) ? ' — CSS inside the JS' : ''}`,
    minified,
    gzip,
    brotli,
    target: TARGETS.find(([pattern]) => pattern.test(label))?.[1],
  }))
  for (const [group, label, source, target] of BUNDLED) rows.push({ group, label, ...compressedSizes(await bundle(source)), target })
  // The peer's CSS right after its JS, then both together (two downloads, so summed).
  const at = rows.findIndex((r) => r.label.startsWith('vanilla-cookieconsent 3.1.0: JS'))
  const js = rows[at]
  for (const [label, file] of CSS) {
    const css = { group: 'peer', label, ...compressedSizes(readFileSync(`${root}${file}`, 'utf8')) }
    const both = {
      group: 'peer',
      label: 'vanilla-cookieconsent 3.1.0: JS + CSS (two downloads, summed)',
      minified: js.minified + css.minified,
      gzip: js.gzip + css.gzip,
      brotli: js.brotli + css.brotli,
    }
    rows.splice(at + 1, 0, css, both)
  }
  return rows
}

export function sizeTable(rows) {
  const verdict = (r) => (r.target === undefined ? '' : r.gzip <= r.target ? `✅ ≤ ${kb(r.target)}` : `❌ ${kb(r.target)}, over by ${kb(r.gzip - r.target)}`)
  return [
    '| | entry | minified | gzip -9 | brotli | target (gzip) |',
    '| --- | --- | ---: | ---: | ---: | --- |',
    ...rows.map((r) => `| ${r.group} | ${r.label} | ${kb(r.minified)} | ${kb(r.gzip)} | ${kb(r.brotli)} | ${verdict(r)} |`),
  ].join('\n')
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const rows = await sizeRows()
  const text = `${sizeTable(rows)}\n\n_${machine()} · \`npm run bench:size\`_`
  console.log(text)
  if (process.argv.includes('--write')) {
    writeReadme('bench-size', text)
    console.log('README.md benchmark size table updated')
  }
}
