// A recording stand-in for analytics-next's AnalyticsBrowser: the methods withSegment patches,
// with their argument order; load(settings, options) resolves like AnalyticsBrowser's (to
// [instance, context]) unless `failLoad` is set, after passing `cdn` (CDN settings) through the
// caller's updateCDNSettings. It records calls instead of sending them.
export function fakeSegmentAnalytics({ failLoad = false, cdn = undefined as Record<string, unknown> | undefined } = {}) {
  const calls: { method: string; args: unknown[] }[] = []
  const record =
    (method: string) =>
    (...args: unknown[]) => {
      calls.push({ method, args })
      return Promise.resolve()
    }
  const analytics = {
    calls,
    sourceMiddleware: [] as unknown[],
    destinationMiddleware: [] as { integration: string; middleware: unknown }[],
    load(...args: unknown[]) {
      calls.push({ method: 'load', args })
      const options = args[1] as { updateCDNSettings?: (settings: unknown) => unknown } | undefined
      if (cdn) options?.updateCDNSettings?.(cdn)
      return failLoad ? Promise.reject(new Error('CDN unreachable')) : Promise.resolve([analytics, {}])
    },
    addSourceMiddleware: (middleware: unknown) => void analytics.sourceMiddleware.push(middleware),
    addDestinationMiddleware: (integration: string, middleware: unknown) => void analytics.destinationMiddleware.push({ integration, middleware }),
    track: record('track'),
    page: record('page'),
    identify: record('identify'),
    group: record('group'),
    alias: record('alias'),
    screen: record('screen'),
  }
  return analytics
}
