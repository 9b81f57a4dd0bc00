// package.json is generated where it lists entries (entries.mjs is the one list), and carries what
// a registry page and a licence check need.
import { mkdtempSync, readFileSync, rmSync, symlinkSync, writeFileSync, mkdirSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import ts from 'typescript'
import { afterAll, describe, expect, it } from 'vitest'
import { entries } from '../../entries.mjs'
import { expectedPackageJson } from '../tools/write-package-exports.mjs'

const root = fileURLToPath(new URL('../..', import.meta.url))
const text = readFileSync(`${root}package.json`, 'utf8')
const pkg = JSON.parse(text) as Record<string, unknown> & { scripts: Record<string, string> }

describe('package.json', () => {
  it('exports and typesVersions are exactly what entries.mjs says (node test/tools/write-package-exports.mjs)', () => {
    expect(text).toBe(expectedPackageJson(text))
  })

  it('names its repository, home page, issue tracker and licence', () => {
    expect(pkg.repository).toEqual({ type: 'git', url: 'git+https://github.com/consentry/consentry.git' })
    expect(pkg.homepage).toBe('https://github.com/consentry/consentry#readme')
    expect(pkg.bugs).toEqual({ url: 'https://github.com/consentry/consentry/issues' })
    expect(pkg.license).toBe('MIT')
    const licence = readFileSync(`${root}LICENSE`, 'utf8')
    expect(licence).toMatch(/^MIT License\n\nCopyright \(c\) \d{4} consentry contributors\n/)
    expect(licence).toContain('THE SOFTWARE IS PROVIDED "AS IS", WITHOUT WARRANTY OF ANY KIND')
  })

  // prepack runs the same command as the first step of `npm test`'s build, which empties dist/
  // first: every run of the suite proves that prepack builds from nothing (test/dist/pack.node.test.ts
  // then packs that dist/ without scripts).
  it('builds before it is packed, so a clean clone never packs an empty dist/', () => {
    expect(pkg.scripts.prepack).toBe('npm run build:lib')
    expect(pkg.scripts['build:lib']).toMatch(/^node -e "require\('fs'\)\.rmSync\('dist',\{recursive:true,force:true\}\)" && rollup -c/)
    expect(pkg.scripts.build).toMatch(/^npm run build:lib && /)
    expect(pkg.scripts.test).toMatch(/^npm run lint && node test\/tools\/run-parallel\.mjs typecheck build && vitest run /)
  })
})

// TypeScript's old `moduleResolution: node` (node10) ignores `exports`: without a typesVersions row
// a subpath's types do not resolve there. Every entry's every locked name must type-check.
describe('every entry resolves under moduleResolution node (typesVersions)', () => {
  const dir = mkdtempSync(join(tmpdir(), 'consentry-node10-'))
  afterAll(() => rmSync(dir, { recursive: true, force: true }))

  it.each(['node10', 'node16', 'bundler'] as const)('%s', (resolution) => {
    mkdirSync(join(dir, 'node_modules'), { recursive: true })
    try {
      symlinkSync(root, join(dir, 'node_modules', 'consentry'), 'dir')
    } catch {}
    const specifier = (subpath: string) => `consentry${subpath.slice(1)}`
    const source = entries
      .map((entry, i) => `import { ${entry.exports.map((name) => `${name} as e${i}_${name}`).join(', ')} } from '${specifier(entry.subpath)}'\nexport const v${i} = [${entry.exports.map((name) => `typeof e${i}_${name}`).join(', ')}]`)
      .join('\n')
    const file = join(dir, `use-${resolution}.ts`)
    writeFileSync(file, source)
    const options: ts.CompilerOptions = {
      noEmit: true,
      strict: true,
      skipLibCheck: true,
      types: [],
      lib: ['lib.es2022.d.ts', 'lib.dom.d.ts'],
      ...(resolution === 'node10'
        ? { module: ts.ModuleKind.CommonJS, moduleResolution: ts.ModuleResolutionKind.Node10 }
        : resolution === 'node16'
          ? { module: ts.ModuleKind.Node16, moduleResolution: ts.ModuleResolutionKind.Node16 }
          : { module: ts.ModuleKind.ESNext, moduleResolution: ts.ModuleResolutionKind.Bundler }),
    }
    const program = ts.createProgram([file], options)
    const messages = ts.getPreEmitDiagnostics(program).map((d) => ts.flattenDiagnosticMessageText(d.messageText, '\n'))
    expect(messages).toEqual([])
    // Each import resolved to dist's declarations, not to a source file or nothing.
    const resolved = entries.map((entry) => ts.resolveModuleName(specifier(entry.subpath), file, options, ts.sys).resolvedModule?.resolvedFileName.slice(root.length))
    expect(resolved).toEqual(entries.map((entry) => (resolution === 'node16' ? `dist/${entry.dist}.d.cts` : `dist/${entry.dist}.d.ts`)))
  }, 60_000)
})
