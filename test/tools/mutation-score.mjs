// `node test/tools/mutation-score.mjs [report.json ...]`: the mutation score of the last Stryker
// run (`npm run mutate` writes reports/mutation/mutation.json) per area, per file below 85 %, and
// overall; given several reports (runs over different files), a file's last report counts.
// Counted as Stryker counts: killed and timed-out mutants over those killed, timed out, survived
// or not covered (compile and runtime errors and ignored ones do not count).
import { readFileSync } from 'node:fs'

const AREAS = [
  ['core', /^src\/core\//],
  ['adapters', /^adapters\//],
  ['integrations', /^src\/(integrations|segment|rudderstack|google-consent-mode)\//],
]
const DETECTED = new Set(['Killed', 'Timeout'])
const VALID = new Set(['Killed', 'Timeout', 'Survived', 'NoCoverage'])

const paths = process.argv.length > 2 ? process.argv.slice(2) : ['reports/mutation/mutation.json']
const report = { files: Object.assign({}, ...paths.map((path) => JSON.parse(readFileSync(path, 'utf8')).files)) }
const tally = () => ({ detected: 0, valid: 0, survived: 0, noCoverage: 0 })
const areas = new Map([...AREAS.map(([name]) => [name, tally()]), ['overall', tally()]])
const files = []
for (const [file, { mutants }] of Object.entries(report.files)) {
  const area = AREAS.find(([, re]) => re.test(file))?.[0]
  const own = tally()
  for (const { status } of mutants) {
    if (!VALID.has(status)) continue
    for (const t of [own, areas.get('overall'), area && areas.get(area)].filter(Boolean)) {
      t.valid++
      if (DETECTED.has(status)) t.detected++
      if (status === 'Survived') t.survived++
      if (status === 'NoCoverage') t.noCoverage++
    }
  }
  files.push([file, own])
}
const pct = (t) => (t.valid ? ((100 * t.detected) / t.valid).toFixed(1) : '-')
const line = (name, t) => `${name.padEnd(44)} ${pct(t).padStart(5)} %  ${t.detected} of ${t.valid} (survived ${t.survived}, no coverage ${t.noCoverage})`
console.log('files below 85 %:')
for (const [file, t] of files.filter(([, t]) => t.valid && t.detected / t.valid < 0.85).sort(([, a], [, b]) => a.detected / a.valid - b.detected / b.valid)) console.log(`  ${line(file, t)}`)
for (const [name, t] of areas) if (t.valid) console.log(line(name, t))
