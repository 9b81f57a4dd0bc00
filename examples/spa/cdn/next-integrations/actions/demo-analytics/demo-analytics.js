// A device-mode destination as Segment's CDN serves it (window.<libraryName> returns its plugins).
// Instead of calling a vendor it records what it receives: window.received and a 'demo:destination' event.
window.demoanalyticsDestination = function () {
  var record = function (ctx) {
    var entry = { dest: 'Demo Analytics', type: ctx.event.type, event: ctx.event.event, consent: ctx.event.context && ctx.event.context.consent }
    window.received = window.received || []
    window.received.push(entry)
    window.dispatchEvent(new CustomEvent('demo:destination', { detail: entry }))
    return ctx
  }
  return [
    {
      name: 'Demo Analytics',
      type: 'destination',
      version: '1.0.0',
      isLoaded: function () {
        return true
      },
      load: function () {
        return Promise.resolve()
      },
      track: record,
      page: record,
      identify: record,
      group: record,
      alias: record,
      screen: record,
    },
  ]
}
