// The site's own set-up: "analytics" may run unless the visitor opted out of sale or sharing.
;(function () {
  var consent = Consentry.createConsent({
    categories: [
      { id: 'necessary', name: 'Necessary', enforcement: 'always' },
      { id: 'analytics', name: 'Analytics', enforcement: 'opt-out' },
    ],
    adapters: [Consentry.adapters.gpp({ optOuts: { analytics: ['SaleOptOut', 'SharingOptOut'] } })],
    cookie: false,
    waitMs: 1000, // the demo's CMPs load within 300 ms
  })
  Consentry.gateScripts(consent)
  consent.subscribe(function (state) {
    document.getElementById('state').textContent = JSON.stringify(state, null, 2)
  })
  window.consent = consent
})()
