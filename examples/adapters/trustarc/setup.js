// The site's own set-up: its categories, mapped to its TrustArc buckets.
;(function () {
  var consent = Consentry.createConsent({
    categories: [
      { id: 'required', name: 'Required', enforcement: 'always' },
      { id: 'analytics', name: 'Analytics', enforcement: 'opt-in' },
    ],
    adapters: [Consentry.adapters.trustArc({ buckets: { required: 1, analytics: 2 } })],
    cookie: false,
    waitMs: 1000, // the demo's CMPs load within 300 ms
  })
  Consentry.gateScripts(consent)
  consent.subscribe(function (state) {
    document.getElementById('state').textContent = JSON.stringify(state, null, 2)
  })
  window.consent = consent
})()
