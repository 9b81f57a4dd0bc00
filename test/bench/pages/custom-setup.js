// The site's set-up for its in-house banner, through the custom adapter.
;(function () {
  var consent = Consentry.createConsent({
    categories: [
      { id: 'necessary', name: 'Necessary', enforcement: 'always' },
      { id: 'analytics', name: 'Analytics', enforcement: 'opt-in' },
    ],
    adapters: [
      Consentry.adapters.customAdapter({
        read: function () {
          return window.myBanner.choice
        },
        subscribe: function (changed) {
          addEventListener('my-banner:saved', changed)
          return function () {
            removeEventListener('my-banner:saved', changed)
          }
        },
      }),
    ],
    cookie: false,
  })
  Consentry.gateScripts(consent)
  window.consent = consent
})()
