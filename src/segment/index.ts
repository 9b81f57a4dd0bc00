// consentry/segment: Segment analytics-next integration.
export { withSegment, CONSENT_UPDATED_EVENT } from './with-segment.js'
export type { SegmentAnalytics, SegmentOptions } from './with-segment.js'
export type { BufferOptions } from '../integrations/held-calls.js'
export type { CookiePattern } from 'consentry'
