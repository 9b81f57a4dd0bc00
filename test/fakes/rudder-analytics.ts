// A recording stand-in for @rudderstack/analytics-js's RudderAnalytics: same method names and
// argument order (track(event, properties, options, cb), load(writeKey, dataPlaneUrl, loadOptions),
// consent(options)); it records calls instead of sending them.
export function fakeRudderAnalytics() {
  const calls: { method: string; args: unknown[] }[] = []
  const record = (method: string) => (...args: unknown[]) => void calls.push({ method, args })
  return {
    calls,
    load: record('load'),
    consent: record('consent'),
    track: record('track'),
    page: record('page'),
    identify: record('identify'),
    group: record('group'),
    alias: record('alias'),
  }
}
