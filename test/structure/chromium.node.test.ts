// How `npm test` finds a browser (test/tools/chromium.mjs), on machines with and without one.
import { describe, expect, it } from 'vitest'
import { INSTALL_COMMAND, findChromium } from '../tools/chromium.mjs'

const on =
  (...present: string[]) =>
  (path: string) =>
    present.includes(path)
const where = { headlessShell: '/usr/bin/chromium-headless-shell', debian: '/usr/bin/chromium', playwright: '/cache/ms-playwright/chrome' }

describe('findChromium', () => {
  it('takes CHROMIUM_PATH first, then Debian’s headless shell, then Debian’s browser, then Playwright’s own', () => {
    expect(findChromium({ ...where, env: { CHROMIUM_PATH: '/opt/c' }, exists: on('/opt/c', where.headlessShell, where.debian) })).toEqual({ path: '/opt/c' })
    expect(findChromium({ ...where, env: {}, exists: on(where.headlessShell, where.debian, where.playwright) })).toEqual({ path: where.headlessShell })
    expect(findChromium({ ...where, env: {}, exists: on(where.debian, where.playwright) })).toEqual({ path: where.debian })
    expect(findChromium({ ...where, env: {}, exists: on(where.playwright) })).toEqual({ path: where.playwright })
  })

  it('without any, names the one command to run', () => {
    const { path, problem } = findChromium({ ...where, env: {}, exists: on() })
    expect(path).toBeUndefined()
    expect(problem).toContain(`Run: ${INSTALL_COMMAND}`)
  })

  it('a CHROMIUM_PATH that does not exist is an error, not a silent fallback', () => {
    const { path, problem } = findChromium({ ...where, env: { CHROMIUM_PATH: '/nope' }, exists: on(where.debian) })
    expect(path).toBeUndefined()
    expect(problem).toMatch(/CHROMIUM_PATH is \/nope, which does not exist/)
  })
})
