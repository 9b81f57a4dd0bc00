// Every code block a reader may copy from the docs pages (README.md and every page under src/,
// adapters/ and examples/) compiles against the built declarations in dist/, as written: it must
// import from consentry what it uses. Only the reader's own objects come from the shared prelude.
import { readdirSync, readFileSync, statSync } from 'node:fs'
import { join, relative } from 'node:path'
import { describe, expect, it } from 'vitest'
import { compileExamples, root } from './compile-examples.js'

function markdown(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name)
    if (name === 'node_modules' || name.startsWith('.')) return []
    return statSync(path).isDirectory() ? markdown(path) : name.endsWith('.md') ? [path] : []
  })
}

const pages = [join(root, 'README.md'), ...['src', 'adapters', 'examples'].flatMap((dir) => markdown(join(root, dir)))]
const blocks = pages.flatMap((page) =>
  [...readFileSync(page, 'utf8').matchAll(/^```(ts|typescript|js|javascript)\n([\s\S]*?)^```/gm)].map((match, n) => ({
    owner: `${relative(root, page)} block ${n + 1}`,
    code: match[2] ?? '',
  })),
)

describe('code blocks of the docs pages', () => {
  it(`all ${blocks.length} compile against dist/`, { timeout: 60_000 }, () => {
    const files = new Map<string, string>()
    const owners = new Map<string, string>()
    blocks.forEach(({ owner, code }, i) => {
      const path = `${root}test/dist/__examples__/doc-${i}.ts`
      files.set(path, `export {}\n${code}`)
      owners.set(path, owner)
    })
    expect(blocks.length).toBeGreaterThan(10)
    expect(compileExamples(files, owners).join('\n'), 'doc blocks that do not compile').toBe('')
  })
})
