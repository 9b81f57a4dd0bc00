import { fileURLToPath } from 'node:url'
import { AnalyticsBrowser } from '@segment/analytics-next'
import { RudderAnalytics } from '@rudderstack/analytics-js'
import ts from 'typescript'
import { describe, expect, expectTypeOf, it } from 'vitest'
import { createConsent } from 'consentry'
import { withSegment } from '../../src/segment/index.js'
import { withRudderStack } from '../../src/rudderstack/index.js'

// Segment's own wrapper rejects AnalyticsBrowser at the type level (analytics-next#1305); ours must
// take the real classes without casts and hand back the same type. expectTypeOf checks nothing at
// run time, so the last test compiles this file with the project's compiler settings.
describe('integration types accept the vendor classes', () => {
  it('withSegment(AnalyticsBrowser) and withRudderStack(RudderAnalytics) type-check and return their input type', () => {
    const consent = createConsent({ categories: [{ id: 'a', name: 'A', enforcement: 'opt-in' }], cookie: false })
    expectTypeOf(withSegment<AnalyticsBrowser>)
      .parameter(0)
      .toEqualTypeOf<AnalyticsBrowser>()
    expectTypeOf(withSegment(new AnalyticsBrowser(), consent)).toEqualTypeOf<AnalyticsBrowser>()
    expectTypeOf(withRudderStack<RudderAnalytics>).returns.toEqualTypeOf<RudderAnalytics>()
    consent.destroy()
    expect(typeof withSegment).toBe('function')
  })

  it('the type checks above hold: this file compiles without errors', () => {
    const file = fileURLToPath(import.meta.url)
    const configPath = fileURLToPath(new URL('../../tsconfig.json', import.meta.url))
    const { config } = ts.readConfigFile(configPath, ts.sys.readFile)
    const { options } = ts.parseJsonConfigFileContent(config, ts.sys, fileURLToPath(new URL('../..', import.meta.url)))
    const globals = fileURLToPath(new URL('../../src/globals.d.ts', import.meta.url))
    const program = ts.createProgram([file, globals], options)
    const diagnostics = ts.getPreEmitDiagnostics(program).map((d) => ts.flattenDiagnosticMessageText(d.messageText, '\n'))
    expect(diagnostics).toEqual([])
  }, 60_000)
})
