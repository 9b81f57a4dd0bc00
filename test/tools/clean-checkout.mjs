// A clean checkout of the working tree for tests that must not touch the real one (a pack, a
// demo run): the files git sees (tracked and new, nothing ignored: no dist/, no node_modules)
// copied to a temporary directory, node_modules linked as `npm ci` would fill it.
import { execFileSync } from 'node:child_process'
import { cpSync, mkdirSync, mkdtempSync, rmSync, symlinkSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { dirname, join } from 'node:path'
import { fileURLToPath } from 'node:url'

const root = fileURLToPath(new URL('../..', import.meta.url))

/** @returns {{ dir: string, remove(): void }} */
export function cleanCheckout(prefix = 'consentry-checkout-') {
  const dir = mkdtempSync(join(tmpdir(), prefix))
  const listed = execFileSync('git', ['ls-files', '-z', '--cached', '--others', '--exclude-standard', '--deduplicate'], { cwd: root, encoding: 'utf8' })
  for (const file of listed.split('\0').filter(Boolean)) {
    mkdirSync(dirname(join(dir, file)), { recursive: true })
    try {
      cpSync(join(root, file), join(dir, file))
    } catch {} // listed, but deleted in the working tree
  }
  symlinkSync(join(root, 'node_modules'), join(dir, 'node_modules'), 'dir')
  return { dir, remove: () => rmSync(dir, { recursive: true, force: true }) }
}
