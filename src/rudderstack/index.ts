// consentry/rudderstack: RudderStack JavaScript SDK v3 integration.
export { withRudderStack } from './with-rudderstack.js'
export type { RudderAnalyticsLike, RudderStackOptions } from './with-rudderstack.js'
