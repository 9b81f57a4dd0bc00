// The site's own set-up: its categories, mapped to TCF purposes (1 store/access, 9 market research).
;(function () {
  var consent = Consentry.createConsent({
    categories: [
      { id: 'necessary', name: 'Necessary', enforcement: 'always' },
      { id: 'analytics', name: 'Analytics', enforcement: 'opt-in' },
    ],
    adapters: [Consentry.adapters.tcf({ purposes: { analytics: [1, 9] } })],
    cookie: false,
    waitMs: 1000, // the demo's CMPs load within 300 ms
  })
  Consentry.gateScripts(consent)
  consent.subscribe(function (state) {
    document.getElementById('state').textContent = JSON.stringify(state, null, 2)
  })
  window.consent = consent
})()
