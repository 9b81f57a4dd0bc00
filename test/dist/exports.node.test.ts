import { createRequire } from 'node:module'
import { readFileSync } from 'node:fs'
import { describe, expect, it } from 'vitest'

// The public surface of every entry, locked. Changing a list here is an API change: say so.
const locked: Record<string, string[]> = {
  // Issue 16: cookie clean-up (deleteCookies), gating every embed (gateElements, allowOnce). Issue 15: regionFromCmp.
  '.': ['ConsentError', 'adapterGuard', 'allowOnce', 'createConsent', 'defineAdapter', 'deleteCookies', 'gate', 'gateElements', 'gateScripts', 'isConsentError', 'mapReading', 'poll', 'regionFromCmp', 'withConsent'],
  './adapters/custom': ['customAdapter'],
  './adapters/gpp': ['gpp'],
  './adapters/ketch': ['ketch'],
  './adapters/onetrust': ['oneTrust'],
  './adapters/tcf': ['tcf'],
  './adapters/trustarc': ['trustArc'],
  './google-consent-mode': ['googleConsentMode'],
  './react': ['ConsentGate', 'useConsent', 'useGranted'],
  './rudderstack': ['withRudderStack'],
  './svelte': ['consentStore', 'grantedStore'],
  './vue': ['useConsent', 'useGranted'],
  './segment': ['CONSENT_UPDATED_EVENT', 'withSegment'],
  // Issue 13: the JSON snapshot store (openLedger, createMemoryStore), the hand-written CSV parser
  // and the push importer are gone; the database store, the one validator and csv-parse replace them.
  './ledger': [
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
  './widget': ['mountPreferenceCenter'],
  './placeholders': ['showPlaceholders'],
}

const pkg = JSON.parse(readFileSync(new URL('../../package.json', import.meta.url), 'utf8')) as {
  exports: Record<string, { import: { types: string; default: string }; require: { types: string; default: string } } | string>
}
const require = createRequire(import.meta.url)
const entries = Object.entries(pkg.exports).filter(([subpath]) => subpath !== './package.json')

describe('public exports', () => {
  it('every package entry has a locked export list, and every locked list an entry', () => {
    expect(entries.map(([subpath]) => subpath).sort()).toEqual(Object.keys(locked).sort())
  })

  describe.each(entries)('%s', (subpath, target) => {
    if (typeof target === 'string') throw new Error(`${subpath} needs import/require conditions`)
    const file = (path: string) => new URL(`../../${path}`, import.meta.url)

    it('ESM exports exactly the locked names', async () => {
      const module = (await import(file(target.import.default).href)) as Record<string, unknown>
      expect(Object.keys(module).sort()).toEqual(locked[subpath])
    })

    it('CJS exports the same names', () => {
      const module = require(file(target.require.default).pathname) as Record<string, unknown>
      expect(Object.keys(module).filter((key) => key !== '__esModule').sort()).toEqual(locked[subpath])
    })

    it('ships declarations for both conditions, naming every runtime export', () => {
      for (const types of [target.import.types, target.require.types]) {
        const text = readFileSync(file(types), 'utf8')
        for (const name of locked[subpath] ?? []) expect(text).toMatch(new RegExp(`\\b${name}\\b`))
      }
    })
  })
})
