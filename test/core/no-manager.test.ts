import { afterEach, describe, expect, it, vi } from 'vitest'
import { allowOnce, gate, gateElements, gateScripts, isConsentError, withConsent } from '../../src/index.js'

// Every function that acts for a manager is called without one, with something else, or with a
// manager-shaped object missing a method. There is no manager to report to: in development the
// call throws a ConsentError naming the function; in production it prints that error and does
// nothing (never a TypeError from deep inside, never a gate that quietly does nothing, never a
// call that reaches the SDK unstamped).
const notManagers: [string, unknown][] = [
  ['undefined', undefined],
  ['null', null],
  ['a string', 'consent'],
  ['an empty object', {}],
  ['an object without report', { get: () => ({}), subscribe: () => () => {} }],
]
const sent: unknown[][] = []
const analytics = { track: (...args: unknown[]) => void sent.push(args), page() {}, identify() {} }
const embed = () => {
  const frame = document.createElement('iframe')
  frame.setAttribute('data-src', 'https://video.example.test/embed')
  frame.setAttribute('data-consent', 'marketing')
  document.body.append(frame)
  return frame
}
const calls: [string, (m: never) => unknown][] = [
  ['withConsent', (m) => withConsent(analytics, m).track?.('Signed Up')],
  ['gate', (m) => gate(m, { name: 'X', load: () => sent.push(['load']), unload() {} } as never)()],
  ['gateScripts', (m) => gateScripts(m)()],
  ['gateElements', (m) => gateElements(m)()],
  ['allowOnce', (m) => allowOnce(m, embed())],
]

afterEach(() => {
  vi.unstubAllEnvs()
  vi.restoreAllMocks()
  sent.length = 0
  document.body.replaceChildren()
})

describe('a call without a manager', () => {
  for (const [fn, call] of calls)
    for (const [what, value] of notManagers) {
      it(`${fn}() with ${what} throws a ConsentError naming ${fn} in development`, () => {
        let thrown: unknown
        try {
          call(value as never)
        } catch (error) {
          thrown = error
        }
        expect(isConsentError(thrown), String(thrown)).toBe(true)
        expect((thrown as Error).message).toContain(`${fn}()`)
      })
      it(`${fn}() with ${what} prints that error in production and does nothing`, () => {
        vi.stubEnv('NODE_ENV', 'production')
        const printed = vi.spyOn(console, 'error').mockImplementation(() => {})
        expect(() => call(value as never)).not.toThrow()
        expect(printed).toHaveBeenCalledOnce()
        expect(isConsentError(printed.mock.calls[0]![0])).toBe(true)
        expect(String(printed.mock.calls[0]![0])).toContain(`${fn}()`)
        expect(sent).toEqual([])
        expect(document.querySelector('iframe[src]')).toBeNull()
      })
    }
})
