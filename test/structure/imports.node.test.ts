// The module graph of src/ and adapters/, read with TypeScript's own import scanner (type-only
// imports and `import()` included). Two rules, checked on every `npm test`:
// - Outside the core (adapters, integrations, bindings, widget, ledger…) code reaches the core only
//   through the public entry `'consentry'`: never a relative path into src/core/, src/index.ts or
//   src/adapter.ts. What a user can do with the public API, our own modules do with it too.
// - No import cycle anywhere, type-only ones included: a cycle means two files are one concept
//   split in the wrong place, and it makes the build order (and tree-shaking) depend on luck.
import { existsSync, readdirSync, readFileSync } from 'node:fs'
import { dirname, join, relative, resolve } from 'node:path'
import { fileURLToPath } from 'node:url'
import ts from 'typescript'
import { describe, expect, it } from 'vitest'

const root = fileURLToPath(new URL('../..', import.meta.url))

/** Every .ts file under `dir`, relative to the repository root. */
function sources(dir: string): string[] {
  return readdirSync(join(root, dir), { withFileTypes: true }).flatMap((entry) => {
    const path = `${dir}/${entry.name}`
    if (entry.isDirectory()) return sources(path)
    return entry.name.endsWith('.ts') ? [path] : []
  })
}

/** Where an import specifier leads, as a repository path; undefined for packages other than ours. */
function resolveImport(from: string, specifier: string): string | undefined {
  if (specifier === 'consentry') return 'src/index.ts'
  if (!specifier.startsWith('.')) return undefined
  const base = resolve(root, dirname(from), specifier)
  const candidates = [base.replace(/\.js$/, '.ts'), base.replace(/\.js$/, '.d.ts'), `${base}.ts`, join(base, 'index.ts')]
  const found = candidates.find((path) => existsSync(path))
  return found ? relative(root, found) : `${relative(root, base)} (missing)`
}

/** file → the files it imports (any kind of import). */
function importGraph(files: string[]): Map<string, string[]> {
  return new Map(
    files.map((file) => {
      const { importedFiles } = ts.preProcessFile(readFileSync(join(root, file), 'utf8'), true, true)
      const targets = importedFiles.map(({ fileName }) => resolveImport(file, fileName)).filter((path): path is string => path !== undefined)
      return [file, [...new Set(targets)]]
    }),
  )
}

/** Every cycle, as the files of one strongly connected component (Tarjan), sorted. */
function cycles(graph: Map<string, string[]>): string[][] {
  const index = new Map<string, number>()
  const low = new Map<string, number>()
  const stack: string[] = []
  const onStack = new Set<string>()
  const found: string[][] = []
  const visit = (node: string) => {
    index.set(node, index.size)
    low.set(node, index.get(node)!)
    stack.push(node)
    onStack.add(node)
    for (const next of graph.get(node) ?? []) {
      if (!index.has(next)) {
        visit(next)
        low.set(node, Math.min(low.get(node)!, low.get(next)!))
      } else if (onStack.has(next)) low.set(node, Math.min(low.get(node)!, index.get(next)!))
    }
    if (low.get(node) === index.get(node)) {
      const component: string[] = []
      let member: string | undefined
      do {
        member = stack.pop()!
        onStack.delete(member)
        component.push(member)
      } while (member !== node)
      if (component.length > 1 || (graph.get(node) ?? []).includes(node)) found.push(component.sort())
    }
  }
  for (const node of graph.keys()) if (!index.has(node)) visit(node)
  return found
}

// The core: vendor-free, reached from outside only through its public entry.
const isCore = (file: string) => file.startsWith('src/core/') || file === 'src/index.ts' || file === 'src/adapter.ts' || file === 'src/globals.d.ts'
// The script-tag entries bundle the public entries into one global, and src/script-tag (the add-on
// registry and the no-code start) ships inside the core file: they are part of the core's build.
const isScriptTagEntry = (file: string) => file === 'src/iife.ts' || file.startsWith('src/script-tag/')

const files = [...sources('src'), ...sources('adapters')]
const graph = importGraph(files)

describe('module boundaries (src/, adapters/)', () => {
  it('scans the tree (the scanner finds the imports it should)', () => {
    expect(files.length).toBeGreaterThan(40)
    expect(graph.get('adapters/onetrust/index.ts')).toContain('src/index.ts')
    expect(graph.get('src/core/types.ts')?.length).toBeGreaterThan(0)
  })

  it("outside the core, modules import the core only as 'consentry'", () => {
    const reaching = [...graph].flatMap(([file, targets]) =>
      isCore(file) || isScriptTagEntry(file) ? [] : targets.filter((target) => isCore(target) && !hasPublicImport(file, target)).map((target) => `${file} -> ${target}`),
    )
    expect(reaching).toEqual([])
  })

  it('every relative import resolves to a file', () => {
    const missing = [...graph].flatMap(([file, targets]) => targets.filter((target) => target.endsWith('(missing)')).map((target) => `${file} -> ${target}`))
    expect(missing).toEqual([])
  })

  it('has no import cycle, type-only imports included', () => {
    expect(cycles(graph)).toEqual([])
  })
})

describe('the cycle finder', () => {
  it('finds a two-file cycle and a self-import, and nothing in a chain', () => {
    const sample = new Map([
      ['a', ['b']],
      ['b', ['a', 'c']],
      ['c', ['d']],
      ['d', []],
      ['e', ['e']],
    ])
    expect(cycles(sample)).toEqual([['a', 'b'], ['e']])
  })
})

/** Whether every import of `target` in `file` is written as the package name 'consentry'. */
function hasPublicImport(file: string, target: string): boolean {
  const { importedFiles } = ts.preProcessFile(readFileSync(join(root, file), 'utf8'), true, true)
  return importedFiles.every(({ fileName }) => fileName === 'consentry' || resolveImport(file, fileName) !== target)
}
