// consentry in front of analytics-next: the OneTrust adapter decides, withSegment (opt-in) holds
// analytics-next's load until it does.
;(function () {
  var consent = Consentry.createConsent({
    categories: [
      { id: 'necessary', name: 'Necessary', enforcement: 'always' },
      { id: 'analytics', name: 'Analytics', enforcement: 'opt-in' },
    ],
    adapters: [Consentry.adapters.oneTrust({ groups: { necessary: 'C0001', analytics: 'C0002' } })],
    waitMs: 60000,
    cookie: false,
  })
  Consentry.withSegment(new AnalyticsNext.AnalyticsBrowser(), consent).load({ writeKey: 'KEY' })
  window.consent = consent
})()
