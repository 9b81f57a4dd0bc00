import { AnalyticsBrowser } from '@segment/analytics-next'
import { RudderAnalytics } from '@rudderstack/analytics-js'
import { describe, expect, expectTypeOf, it } from 'vitest'
import { createConsent } from 'consentry'
import { withSegment } from '../../src/segment/index.js'
import { withRudderStack } from '../../src/rudderstack/index.js'

// Segment's own wrapper rejects AnalyticsBrowser at the type level (analytics-next#1305); ours must
// take the real classes without casts and hand back the same type. `npm run typecheck` checks this file.
describe('integration types accept the vendor classes', () => {
  it('withSegment(AnalyticsBrowser) and withRudderStack(RudderAnalytics) type-check and return their input type', () => {
    const consent = createConsent({ categories: [{ id: 'a', name: 'A', enforcement: 'opt-in' }], cookie: false })
    expectTypeOf(withSegment<AnalyticsBrowser>).parameter(0).toEqualTypeOf<AnalyticsBrowser>()
    expectTypeOf(withSegment(new AnalyticsBrowser(), consent)).toEqualTypeOf<AnalyticsBrowser>()
    expectTypeOf(withRudderStack<RudderAnalytics>).returns.toEqualTypeOf<RudderAnalytics>()
    consent.destroy()
    expect(typeof withSegment).toBe('function')
  })
})
