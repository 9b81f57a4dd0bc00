// A recording stand-in for @rudderstack/analytics-js's RudderAnalytics: same method names and
// argument order (track(event, properties, options, cb), load(writeKey, dataPlaneUrl, loadOptions),
// consent(options), ready(callback)); it records calls instead of sending them. Like the real SDK,
// `ready` callbacks wait until the page under test says the SDK is ready (`becomeReady()`).
export function fakeRudderAnalytics() {
  const calls: { method: string; args: unknown[] }[] = []
  const waiting: (() => void)[] = []
  let isReady = false
  const record =
    (method: string) =>
    (...args: unknown[]) =>
      void calls.push({ method, args })
  return {
    calls,
    load: record('load'),
    consent: record('consent'),
    ready(callback: () => void) {
      isReady ? callback() : waiting.push(callback)
    },
    becomeReady() {
      isReady = true
      for (const callback of waiting.splice(0)) callback()
    },
    track: record('track'),
    page: record('page'),
    identify: record('identify'),
    group: record('group'),
    alias: record('alias'),
  }
}
