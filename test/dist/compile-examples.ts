// Compiles code examples (TSDoc @example blocks, fenced blocks of the docs pages) against the
// built declarations in dist/, exactly as a user's compiler would see them.
import { readFileSync } from 'node:fs'
import { fileURLToPath } from 'node:url'
import ts from 'typescript'

export const root = fileURLToPath(new URL('../..', import.meta.url))
type Conditions = { import: { types: string } }
const pkg = JSON.parse(readFileSync(`${root}package.json`, 'utf8')) as { exports: Record<string, Conditions | string> }
export const entries = Object.entries(pkg.exports)
  .filter((pair): pair is [string, Conditions] => pair[0] !== './package.json' && typeof pair[1] !== 'string')
  .map(([subpath, target]) => ({ subpath, specifier: `consentry${subpath.slice(1)}`, types: `${root}${target.import.types.slice(2)}` }))

// Resolves 'consentry' and 'consentry/…' to the built declarations, as a user's compiler would.
const paths = Object.fromEntries(entries.map(({ specifier, types }) => [specifier, [types]]))
export const options: ts.CompilerOptions = {
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

// Free identifiers examples may use without defining them: the reader's own objects. Anything
// from consentry itself must come from the entries, never from here.
export const PRELUDE = `
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
  myBanner?: { loaded?: boolean; choice?: Record<string, boolean>; save(preferences: Record<string, boolean>): void }
  myCmp?: Record<string, boolean | undefined>
  __tcfapi?: (...args: unknown[]) => void
}
`

/**
 * Type-checks the given virtual files (path → source), with the prelude, and returns one line per
 * diagnostic, named by the file's owner.
 */
export function compileExamples(files: Map<string, string>, owners: Map<string, string>): string[] {
  const virtual = new Map<string, string>([[`${root}test/dist/__examples__/prelude.d.ts`, PRELUDE], ...files])
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
  return failures
}
