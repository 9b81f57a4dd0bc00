// The modular script-tag files: one core, and add-on files that carry no second copy of it.
import { readdirSync, readFileSync } from 'node:fs'
import { describe, expect, it } from 'vitest'

const dist = new URL('../../dist/', import.meta.url)
const read = (file: string) => readFileSync(new URL(file, dist), 'utf8')
const addons = readdirSync(dist).filter((name) => /^consentry\.[\w-]+\.min\.js$/.test(name) && !['consentry.core.min.js', 'consentry.iife.min.js'].includes(name))
// Strings only the core's own modules hold (createConsent, the decision store, gateScripts, the JSON start).
const CORE_ONLY = ['no CMP answered within', 'a consent listener threw', 'script[type="text/plain"][data-consent]', 'consentry-config']

describe('script-tag add-on files', () => {
  it('exist for every adapter, integration and the widget', () => {
    for (const name of ['onetrust', 'trustarc', 'ketch', 'custom', 'tcf', 'gpp', 'segment', 'rudderstack', 'google-consent-mode', 'widget']) expect(addons).toContain(`consentry.${name}.min.js`)
  })

  it.each(addons)('%s reads the core from window.Consentry and bundles none of it', (file) => {
    const code = read(file)
    for (const text of CORE_ONLY) expect(code, text).not.toContain(text)
    expect(code.startsWith('!function(')).toBe(true)
    // A classic script: no top-level declarations, so no globals but window.Consentry.
    expect(code).not.toMatch(/^(var|let|const|function) /)
  })

  it('the core file holds the core', () => {
    for (const text of CORE_ONLY) expect(read('consentry.core.min.js'), text).toContain(text)
  })
})
