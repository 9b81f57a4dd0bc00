// The floor of the decision-latency measure: no consent layer; the click adds the tag (or calls
// analytics-next's load()) itself, so what remains is the browser's own click-to-request time.
;(function () {
  window.consent = { floor: true }
  var segment = window.AnalyticsNext ? new AnalyticsNext.AnalyticsBrowser() : undefined
  document.getElementById('accept').addEventListener('click', function () {
    if (segment) return void segment.load({ writeKey: 'KEY' })
    var blocked = document.querySelector('script[type="text/plain"][data-consent]')
    var script = document.createElement('script')
    script.src = blocked.getAttribute('src')
    blocked.replaceWith(script)
  })
})()
