// The public types, locked against dist/ the way a user's TypeScript sees them: each case is a
// small file compiled with the TypeScript API (inside `npm test`, not only under `tsc`), and must
// either compile or fail with the named error at the marked line. A case that stops failing means
// the types let a mistake through that they used to reject.
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import ts from 'typescript'
import { describe, expect, it } from 'vitest'

const root = fileURLToPath(new URL('../..', import.meta.url))

interface Case {
  name: string
  code: string
  /** The TypeScript error code(s) accepted on the line holding `// error`; none: must compile. */
  error?: number | number[]
}

const head = `import { createConsent, withConsent, type Category, type ConsentOptions } from 'consentry'
import { oneTrust } from 'consentry/adapters/onetrust'
import { mountPreferenceCenter } from 'consentry/widget'
import { googleConsentMode } from 'consentry/google-consent-mode'
declare const consent: ReturnType<typeof createConsent>
`

const cases: Case[] = [
  { name: 'a literal config compiles', code: `createConsent({ categories: [{ id: 'necessary', name: 'N', enforcement: 'always' }, { id: 'ads', name: 'Ads', enforcement: 'opt-in', gpc: true }], destinations: { GA4: ['ads'] } })` },
  { name: 'ids typed as string compile (checked at run time)', code: `declare const id: string\ncreateConsent({ categories: [{ id, name: 'A', enforcement: 'opt-out' }] })` },
  { name: 'a ConsentOptions variable compiles', code: `declare const options: ConsentOptions\ncreateConsent(options)` },
  { name: 'a Category[] variable compiles', code: `declare const categories: Category[]\ncreateConsent({ categories, waitMs: 500, cookie: false })` },
  { name: 'a literal category id that starts with a digit', code: `createConsent({ categories: [{ id: 'ok', name: 'A', enforcement: 'opt-in' }, { id: '1st-party', name: 'B', enforcement: 'opt-in' }] }) // error`, error: 2322 },
  { name: 'a misspelled enforcement', code: `createConsent({ categories: [{ id: 'a', name: 'A', enforcement: 'optin' }] }) // error`, error: 2820 },
  { name: 'an enforcement that is not a model', code: `createConsent({ categories: [{ id: 'a', name: 'A', enforcement: 'required' }] }) // error`, error: 2322 },
  { name: 'a Category with a wrong enforcement', code: `const c: Category = { id: 'a', name: 'A', enforcement: 'granted' } // error`, error: 2322 },
  { name: 'an unknown option', code: `createConsent({ categories: [{ id: 'a', name: 'A', enforcement: 'opt-in' }], waitMS: 10 }) // error`, error: 2561 },
  { name: 'a category without a name', code: `createConsent({ categories: [{ id: 'a', enforcement: 'opt-in' }] }) // error`, error: 2741 },
  { name: 'unmapped is allow or deny only', code: `createConsent({ categories: [{ id: 'a', name: 'A', enforcement: 'opt-in' }], unmapped: 'block' }) // error`, error: 2322 },
  { name: 'set() takes booleans only', code: `consent.set({ a: 'yes' }) // error`, error: 2322 },
  { name: 'isGranted() answers a boolean', code: `const granted: boolean = consent.isGranted('a')\nconst text: string = consent.isGranted('a') // error`, error: 2322 },
  { name: 'set() source is never default or storage', code: `consent.set({ a: true }, { source: 'storage' }) // error`, error: 2322 },
  { name: 'stamp() keeps the event type and adds context.consent', code: `const event = consent.stamp({ event: 'Signed Up' as const })\nconst name: 'Signed Up' = event.event\nconst prefs: Record<string, boolean> = event.context.consent.categoryPreferences` },
  { name: 'the widget rejects an option of the wrong type', code: `mountPreferenceCenter(consent, { floatingButton: 'no' }) // error`, error: 2322 },
  { name: 'an adapter is a ConsentAdapter', code: `createConsent({ categories: [{ id: 'a', name: 'A', enforcement: 'opt-in' }], adapters: [oneTrust()] })` },
  { name: 'adapters must be adapters', code: `createConsent({ categories: [{ id: 'a', name: 'A', enforcement: 'opt-in' }], adapters: [{ name: 'x' }] }) // error`, error: 2741 },
  { name: 'withConsent keeps the SDK type', code: `const sdk = withConsent({ track: (name: string) => name }, consent)\nconst out: string = sdk.track('x')` },
  { name: 'googleConsentMode needs the manager', code: `googleConsentMode({}) // error`, error: 2345 },
]

/** Compiles every case as its own file against dist/ (the package resolves itself by name). */
function compile(): Map<string, ts.Diagnostic[]> {
  const files = new Map(cases.map((item, i) => [join(root, 'test', 'dist', `__public-types-${i}.ts`), head + item.code]))
  const options: ts.CompilerOptions = {
    strict: true,
    exactOptionalPropertyTypes: true,
    noUnusedLocals: false,
    noEmit: true,
    skipLibCheck: true,
    target: ts.ScriptTarget.ES2022,
    module: ts.ModuleKind.ESNext,
    moduleResolution: ts.ModuleResolutionKind.Bundler,
    lib: ['lib.es2022.d.ts', 'lib.dom.d.ts'],
    types: [],
  }
  const host = ts.createCompilerHost(options)
  const { fileExists, readFile, getSourceFile } = host
  host.fileExists = (file) => files.has(file) || fileExists(file)
  host.readFile = (file) => files.get(file) ?? readFile(file)
  host.getSourceFile = (file, language, ...rest) => {
    const text = files.get(file)
    return text === undefined ? getSourceFile(file, language, ...rest) : ts.createSourceFile(file, text, language)
  }
  const program = ts.createProgram([...files.keys()], options, host)
  return new Map([...files.keys()].map((file) => [file, [...ts.getPreEmitDiagnostics(program, program.getSourceFile(file))]]))
}

describe('public types (compiled against dist/)', () => {
  const results = [...compile().values()]

  it.each(cases.map((item, i) => ({ ...item, i })))('$name', ({ code, error, i }) => {
    const diagnostics = results[i] ?? []
    const shown = diagnostics.map((d) => `${d.code} line ${d.file ? d.file.getLineAndCharacterOfPosition(d.start ?? 0).line - head.split('\n').length + 2 : '?'}: ${ts.flattenDiagnosticMessageText(d.messageText, ' ')}`)
    if (error === undefined) return expect(shown).toEqual([])
    const line = code.split('\n').findIndex((text) => text.includes('// error')) + 1
    expect(shown).toHaveLength(1)
    expect(shown[0]).toMatch(new RegExp(`^(${[error].flat().join('|')}) line ${line}:`))
  })

  it('names the rule in the digit error', () => {
    const index = cases.findIndex((item) => item.name.includes('digit'))
    expect(ts.flattenDiagnosticMessageText(results[index]?.[0]?.messageText ?? '', ' ')).toContain('category ids never start with a digit')
  })
})
