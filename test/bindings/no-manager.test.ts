import { pathToFileURL } from 'node:url'
import { createElement } from 'react'
import { flushSync } from 'react-dom'
import { createRoot } from 'react-dom/client'
import { createApp, defineComponent, h } from 'vue'
import { afterEach, describe, expect, it, vi } from 'vitest'
import { isConsentError } from 'consentry'

// The built bindings, as an app imports them (typed from their sources). A component handed
// something other than the manager (a context read before its provider, a typo) used to throw a
// TypeError from inside the framework, in production too, taking the whole app down. Now, as for
// the core's functions: in development a ConsentError naming the hook; in production that error
// on the console, and a state that grants nothing, so what needs consent stays hidden.
const dist = (entry: string) => import(pathToFileURL(`${process.cwd()}/dist/${entry}.js`).href)
const react = (await dist('react')) as typeof import('../../src/react/index.js')
const vue = (await dist('vue')) as typeof import('../../src/vue/index.js')
const svelte = (await dist('svelte')) as typeof import('../../src/svelte/index.js')

const notManagers: [string, unknown][] = [
  ['undefined', undefined],
  ['null', null],
  ['an empty object', {}],
  ['an object without isGranted', { get: () => ({}), subscribe: () => () => {}, report() {}, categories: [] }],
]

/** Each binding's hooks, used as an app does; each returns what it showed or read. */
const uses: [string, (m: never) => unknown][] = [
  ['useConsent', (m) => renderReact(() => createElement('p', null, react.useConsent(m).status))],
  ['useGranted', (m) => renderReact(() => createElement('p', null, String(react.useGranted(m, 'analytics'))))],
  ['ConsentGate', (m) => renderReact(() => createElement(react.ConsentGate, { consent: m, category: 'analytics', fallback: 'hidden' }, 'SECRET'))],
  ['useConsent', (m) => renderVue(() => vue.useConsent(m).value.status)],
  ['useGranted', (m) => renderVue(() => String(vue.useGranted(m, 'analytics').value))],
  ['consentStore', (m) => readStore(svelte.consentStore(m)).status],
  ['grantedStore', (m) => String(readStore(svelte.grantedStore(m, 'analytics')))],
]

function renderReact(view: () => unknown): string {
  const host = document.createElement('div')
  const root = createRoot(host, { onUncaughtError: (error) => void (thrown = error) })
  let thrown: unknown
  flushSync(() => root.render(createElement(view as () => null)))
  const shown = host.textContent
  root.unmount()
  if (thrown) throw thrown
  return shown
}
function renderVue(read: () => string): string {
  const host = document.createElement('div')
  const app = createApp(defineComponent(() => () => h('p', read())))
  let thrown: unknown
  app.config.errorHandler = (error) => void (thrown = error)
  app.config.warnHandler = () => {}
  app.mount(host)
  const shown = host.textContent
  app.unmount()
  if (thrown) throw thrown
  return shown
}
function readStore<T>(store: { subscribe(run: (value: T) => void): () => void }): T {
  let value!: T
  store.subscribe((v) => (value = v))()
  return value
}

afterEach(() => {
  vi.unstubAllEnvs()
  vi.restoreAllMocks()
})

describe('a binding without a manager', () => {
  for (const [fn, use] of uses)
    for (const [what, value] of notManagers) {
      it(`${fn}() with ${what} throws a ConsentError naming ${fn} in development`, () => {
        vi.spyOn(console, 'error').mockImplementation(() => {})
        let thrown: unknown
        try {
          use(value as never)
        } catch (error) {
          thrown = error
        }
        expect(isConsentError(thrown), String(thrown)).toBe(true)
        expect((thrown as Error).message).toContain(`${fn}()`)
      })
      it(`${fn}() with ${what} prints that error in production and grants nothing`, () => {
        vi.stubEnv('NODE_ENV', 'production')
        const printed = vi.spyOn(console, 'error').mockImplementation(() => {})
        let shown: unknown
        expect(() => (shown = use(value as never))).not.toThrow()
        expect(['pending', 'false', 'hidden']).toContain(shown)
        expect(printed).toHaveBeenCalled()
        expect(
          printed.mock.calls.every(([error]) => isConsentError(error) && String(error).includes(`${fn}()`)),
          String(printed.mock.calls[0]),
        ).toBe(true)
      })
    }
})
