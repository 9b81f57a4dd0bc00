// The site's own set-up: its categories, mapped to its Ketch purpose codes.
;(function () {
  var consent = Consentry.createConsent({
    categories: [
      { id: 'necessary', name: 'Necessary', enforcement: 'always' },
      { id: 'analytics', name: 'Analytics', enforcement: 'opt-in' },
    ],
    adapters: [Consentry.adapters.ketch({ purposes: { necessary: 'essential_services', analytics: 'analytics' } })],
    cookie: false,
    waitMs: 1000, // the demo's CMPs load within 300 ms
  })
  Consentry.gateScripts(consent)
  consent.subscribe(function (state) {
    document.getElementById('state').textContent = JSON.stringify(state, null, 2)
  })
  window.consent = consent
})()
