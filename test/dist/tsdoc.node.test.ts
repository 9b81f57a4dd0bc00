// Every public export of every entry, value and type, carries TSDoc with a summary and an
// @example, read from the built declarations a user's editor shows. The examples are then
// compiled against those same declarations, so an example that no longer matches the API fails.
import ts from 'typescript'
import { describe, expect, it } from 'vitest'
import { compileExamples, entries, options, root } from './compile-examples.js'

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
    const virtual = new Map<string, string>()
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

    const failures = compileExamples(virtual, owners)
    expect(owners.size).toBeGreaterThan(0)
    // One string, so the failure shows every broken example in full.
    expect(failures.join('\n'), 'examples that do not compile').toBe('')
  })
})
