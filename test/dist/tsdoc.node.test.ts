// Every public export of every entry, value and type, carries TSDoc with a summary and an
// @example, read from the built declarations a user's editor shows. The examples are then
// compiled against those same declarations, so an example that no longer matches the API fails.
import { readFileSync } from 'node:fs'
import { fileURLToPath } from 'node:url'
import ts from 'typescript'
import { describe, expect, it } from 'vitest'

const root = fileURLToPath(new URL('../..', import.meta.url))
type Conditions = { import: { types: string } }
const pkg = JSON.parse(readFileSync(`${root}package.json`, 'utf8')) as { exports: Record<string, Conditions | string> }
const entries = Object.entries(pkg.exports)
  .filter((pair): pair is [string, Conditions] => pair[0] !== './package.json' && typeof pair[1] !== 'string')
  .map(([subpath, target]) => ({ subpath, specifier: `consentry${subpath.slice(1)}`, types: `${root}${target.import.types.slice(2)}` }))

// Resolves 'consentry' and 'consentry/…' to the built declarations, as a user's compiler would.
const paths = Object.fromEntries(entries.map(({ specifier, types }) => [specifier, [types]]))
const options: ts.CompilerOptions = {
  target: ts.ScriptTarget.ES2022,
  module: ts.ModuleKind.ESNext,
  moduleResolution: ts.ModuleResolutionKind.Bundler,
  lib: ['lib.es2022.d.ts', 'lib.dom.d.ts', 'lib.dom.iterable.d.ts', 'lib.dom.asynciterable.d.ts'],
  types: ['node'],
  typeRoots: [`${root}node_modules/@types`],
  strict: true,
  exactOptionalPropertyTypes: true,
  noUncheckedIndexedAccess: true,
  skipLibCheck: true,
  noEmit: true,
  paths,
}

interface Documented {
  subpath: string
  name: string
  summary: string
  examples: string[]
}

function readExports(): Documented[] {
  const program = ts.createProgram(entries.map((entry) => entry.types), options)
  const checker = program.getTypeChecker()
  return entries.flatMap(({ subpath, types }) => {
    const file = program.getSourceFile(types)
    const module = file && checker.getSymbolAtLocation(file)
    if (!module) throw new Error(`${types} is missing or not a module: run npm run build`)
    return checker.getExportsOfModule(module).map((exported) => {
      const symbol = exported.flags & ts.SymbolFlags.Alias ? checker.getAliasedSymbol(exported) : exported
      return {
        subpath,
        name: exported.name,
        summary: ts.displayPartsToString(symbol.getDocumentationComment(checker)).trim(),
        examples: symbol
          .getJsDocTags(checker)
          .filter((tag) => tag.name === 'example')
          .map((tag) => ts.displayPartsToString(tag.text)),
      }
    })
  })
}

const documented = readExports()

/** The code of an @example: a fenced block's body, or the whole text when unfenced. */
function exampleCode(text: string): { language: string; code: string } {
  const fenced = /```(\w*)\n([\s\S]*?)```/.exec(text)
  return fenced ? { language: fenced[1] || 'ts', code: fenced[2] ?? '' } : { language: 'ts', code: text }
}

// Free identifiers examples may use without defining them: the reader's own objects. Anything
// from consentry itself must come from the entries, never from here.
const PRELUDE = `
declare const categories: import('consentry').Category[]
declare const consent: import('consentry').ConsentManager
declare const ledger: import('consentry/ledger').Ledger
declare const profile: import('consentry/ledger').ComplianceProfile
declare const stream: AsyncIterable<string>
declare const rows: string[][]
declare const footerLink: HTMLElement
declare const form: HTMLFormElement & { email: HTMLInputElement }
declare const crmApi: { upsert(record: import('consentry/ledger').ConsentRecord): Promise<void> }
declare const crmWebhook: { on(event: 'change', handler: (row: import('consentry/ledger').ConsentRecordInput) => void): void }
declare const context: import('consentry').AdapterContext
declare const emit: (reading: import('consentry').AdapterReading) => void
declare const visitorInEU: boolean
declare const row: Record<string, unknown>
declare const csvText: string
declare const store: import('consentry/ledger').LedgerStore
declare const records: import('consentry/ledger').ConsentRecord[]
declare const validate: (input: import('consentry/ledger').ConsentRecordInput) => import('consentry/ledger').ConsentRecord
declare const PGlite: typeof import('@electric-sql/pglite').PGlite
declare const pg: typeof import('pg').default
declare const profileText: string
declare const createReadStream: typeof import('node:fs').createReadStream
declare function readFile(path: string, encoding: 'utf8'): Promise<string>
declare const socket: WebSocket
declare const chat: { setTracking(enabled: boolean): void }
declare const myBanner: { onChange(listener: (choice: Record<string, boolean>) => void): () => void }
declare function loadHotjar(): void
declare function removeHotjar(): void
declare const AnalyticsBrowser: typeof import('@segment/analytics-next').AnalyticsBrowser
declare const RudderAnalytics: typeof import('@rudderstack/analytics-js').RudderAnalytics
declare const WRITE_KEY: string
declare const DATA_PLANE_URL: string
interface Window {
  analytics: { track(...args: unknown[]): void; page(...args: unknown[]): void; identify(...args: unknown[]): void }
  myBanner?: { choice?: Record<string, boolean>; save(preferences: Record<string, boolean>): void }
  myCmp?: Record<string, boolean | undefined>
  __tcfapi?: (...args: unknown[]) => void
}
`

describe('TSDoc on the built declarations', () => {
  it(`finds the public exports of all ${entries.length} entries`, () => {
    expect(new Set(documented.map((item) => item.subpath)).size).toBe(entries.length)
    expect(documented.length).toBeGreaterThan(entries.length)
  })

  it('every export, value and type, has a summary and an @example', () => {
    const offenders = documented
      .filter((item) => !item.summary || item.examples.length === 0)
      .map((item) => `${item.subpath} ${item.name}: ${item.summary ? '' : 'no summary '}${item.examples.length ? '' : 'no @example'}`)
    expect(offenders.join('\n'), 'exports without a TSDoc summary or @example').toBe('')
  })

  it('every @example compiles against the built entries', { timeout: 60_000 }, () => {
    const virtual = new Map<string, string>([[`${root}test/dist/__examples__/prelude.d.ts`, PRELUDE]])
    const owners = new Map<string, string>()
    const valueAndTypeNames = new Map(entries.map(({ subpath }) => [subpath, documented.filter((item) => item.subpath === subpath).map((item) => item.name)]))
    const coreNames = valueAndTypeNames.get('.') ?? []
    documented.forEach((item, index) => {
      item.examples.forEach((text, n) => {
        const { language, code } = exampleCode(text)
        if (!/^(ts|typescript|js|javascript)$/.test(language)) return
        // Examples may import what they use; whatever they do not import comes from their own
        // entry and the core, as if the reader had imported it.
        const imported = new Set([...code.matchAll(/import\s+(?:type\s+)?\{([^}]*)\}/g)].flatMap((match) => (match[1] ?? '').split(',').map((part) => part.trim().split(/\s+as\s+/).pop() ?? '')))
        const own = (valueAndTypeNames.get(item.subpath) ?? []).filter((name) => !imported.has(name))
        const core = item.subpath === '.' ? [] : coreNames.filter((name) => !imported.has(name) && !own.includes(name))
        const specifier = entries.find((entry) => entry.subpath === item.subpath)?.specifier ?? 'consentry'
        const header = [own.length ? `import { ${own.join(', ')} } from '${specifier}'` : '', core.length ? `import { ${core.join(', ')} } from 'consentry'` : ''].join('\n')
        const path = `${root}test/dist/__examples__/${index}-${n}.ts`
        virtual.set(path, `${header}\nexport {}\n${code}\n`)
        owners.set(path, `${item.subpath} ${item.name}`)
      })
    })

    const host = ts.createCompilerHost(options)
    const { fileExists, readFile, getSourceFile } = host
    host.fileExists = (file) => virtual.has(file) || fileExists.call(host, file)
    host.readFile = (file) => virtual.get(file) ?? readFile.call(host, file)
    host.getSourceFile = (file, language, ...rest) => {
      const text = virtual.get(file)
      return text === undefined ? getSourceFile.call(host, file, language, ...rest) : ts.createSourceFile(file, text, language)
    }
    const program = ts.createProgram([...virtual.keys()], options, host)
    const failures = ts
      .getPreEmitDiagnostics(program)
      .map((diagnostic) => {
        const file = diagnostic.file?.fileName ?? ''
        const owner = owners.get(file) ?? file.replace(root, '')
        const line = diagnostic.file && diagnostic.start !== undefined ? diagnostic.file.getLineAndCharacterOfPosition(diagnostic.start).line : 0
        const source = diagnostic.file?.text.split('\n')[line]?.trim() ?? ''
        return `${owner}: ${ts.flattenDiagnosticMessageText(diagnostic.messageText, ' ')}\n    ${source}`
      })
    expect(owners.size).toBeGreaterThan(0)
    // One string, so the failure shows every broken example in full.
    expect(failures.join('\n'), 'examples that do not compile').toBe('')
  })
})
