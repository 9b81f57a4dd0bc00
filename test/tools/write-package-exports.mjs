// Writes package.json `files`, `exports` and `typesVersions` from entries.mjs, the one list of entries.
// `--check` writes nothing and exits 1 when package.json differs (test/dist/package-json.node.test.ts
// runs the same comparison inside `npm test`).
import { readFileSync, writeFileSync } from 'node:fs'
import { fileURLToPath } from 'node:url'
import { packageExports, packageFiles, packageTypesVersions } from '../../entries.mjs'

const file = fileURLToPath(new URL('../../package.json', import.meta.url))

/** package.json text with `files`, `exports` and `typesVersions` as entries.mjs says; other fields untouched. */
export function expectedPackageJson(text = readFileSync(file, 'utf8')) {
  const pkg = JSON.parse(text)
  pkg.files = packageFiles()
  pkg.exports = packageExports()
  pkg.typesVersions = packageTypesVersions()
  return `${JSON.stringify(pkg, null, 2)}\n`
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const now = readFileSync(file, 'utf8')
  const expected = expectedPackageJson(now)
  if (now === expected) console.log('package.json exports and typesVersions match entries.mjs')
  else if (process.argv.includes('--check')) {
    console.error('package.json exports/typesVersions differ from entries.mjs: run node test/tools/write-package-exports.mjs')
    process.exitCode = 1
  } else {
    writeFileSync(file, expected)
    console.log('package.json exports and typesVersions written from entries.mjs')
  }
}
