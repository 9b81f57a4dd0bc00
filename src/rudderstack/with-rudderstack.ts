import type { ConsentManager } from 'consentry'

type Fn = (...args: any[]) => any

/** What `withRudderStack` needs from `@rudderstack/analytics-js` (`RudderAnalytics` instance). */
export interface RudderAnalyticsLike {
  load: Fn
  consent?: Fn | undefined
  track: Fn
}

/** Options for {@link withRudderStack}. */
export interface RudderStackOptions {
  model?: 'opt-in' | 'opt-out' | undefined
}

/** placeholder */
export function withRudderStack<A extends RudderAnalyticsLike>(analytics: A, _consent: ConsentManager, _options: RudderStackOptions = {}): A {
  return analytics
}
