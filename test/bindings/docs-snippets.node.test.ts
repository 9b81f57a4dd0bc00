// The code blocks of the binding pages compile against the built entries, as a reader's would.
import { readFileSync } from 'node:fs'
import { fileURLToPath } from 'node:url'
import ts from 'typescript'
import { describe, expect, it } from 'vitest'

const root = fileURLToPath(new URL('../..', import.meta.url))
const pages = ['src/react/README.md', 'src/vue/README.md', 'src/svelte/README.md']
const entry = (name: string) => [`${root}dist/${name}.d.ts`]
const options: ts.CompilerOptions = {
  target: ts.ScriptTarget.ES2022,
  module: ts.ModuleKind.ESNext,
  moduleResolution: ts.ModuleResolutionKind.Bundler,
  lib: ['lib.es2022.d.ts', 'lib.dom.d.ts'],
  types: [],
  strict: true,
  exactOptionalPropertyTypes: true,
  noUncheckedIndexedAccess: true,
  skipLibCheck: true,
  noEmit: true,
  paths: { consentry: entry('index'), 'consentry/react': entry('react'), 'consentry/vue': entry('vue'), 'consentry/svelte': entry('svelte') },
}

describe('binding docs', () => {
  it.each(pages)('%s: every ts block compiles against dist/', { timeout: 60_000 }, (page) => {
    const blocks = [...readFileSync(`${root}${page}`, 'utf8').matchAll(/```ts\n([\s\S]*?)```/g)].map((match) => match[1] ?? '')
    expect(blocks.length).toBeGreaterThan(0)
    const files = new Map(blocks.map((code, index) => [`${root}test/bindings/__docs__/${page.split('/')[1]}-${index}.ts`, code]))
    const host = ts.createCompilerHost(options)
    const { fileExists, readFile, getSourceFile } = host
    host.fileExists = (file) => files.has(file) || fileExists.call(host, file)
    host.readFile = (file) => files.get(file) ?? readFile.call(host, file)
    host.getSourceFile = (file, language, ...rest) => {
      const text = files.get(file)
      return text === undefined ? getSourceFile.call(host, file, language, ...rest) : ts.createSourceFile(file, text, language)
    }
    const diagnostics = ts.getPreEmitDiagnostics(ts.createProgram([...files.keys()], options, host))
    expect(diagnostics.map((d) => ts.flattenDiagnosticMessageText(d.messageText, ' '))).toEqual([])
  })
})
