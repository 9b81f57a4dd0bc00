// A device-mode destination as Segment's CDN serves it (window.<libraryName> returns its plugins).
// Instead of calling a vendor it records what it receives: window.received and a 'demo:destination' event.
window.demopixelDestination = function () {
  var record = function (ctx) {
    var entry = { dest: 'Demo Pixel', type: ctx.event.type, event: ctx.event.event, consent: ctx.event.context && ctx.event.context.consent }
    window.received = window.received || []
    window.received.push(entry)
    window.dispatchEvent(new CustomEvent('demo:destination', { detail: entry }))
    return ctx
  }
  return [
    {
      name: 'Demo Pixel',
      type: 'destination',
      version: '1.0.0',
      isLoaded: function () {
        return true
      },
      load: function () {
        // Like an ad pixel: an identifier cookie, deleted by withSegment's `cookies` option on revoke.
        document.cookie = '_demo_pixel_id=' + Math.random().toString(36).slice(2) + '; path=/; SameSite=Lax'
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
