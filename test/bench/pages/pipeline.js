// The same analytics-next set-up three ways: bare, behind consent-tools (opt-in, categories
// granted), behind consentry's withSegment (opt-in, consent decided). Every mapped category is
// granted, so all three deliver to the same destinations and only the consent layer differs.
;(function () {
  var variant = new URLSearchParams(location.search).get('variant') || 'bare'
  var granted = { necessary: true, analytics: true, advertising: true }
  var analytics = new AnalyticsNext.AnalyticsBrowser()
  if (variant === 'consent-tools') {
    analytics = ConsentTools.createWrapper({
      shouldLoadSegment: function (ctx) {
        ctx.load({ consentModel: 'opt-in' })
      },
      getCategories: function () {
        return { analytics: granted.analytics, advertising: granted.advertising }
      },
    })(analytics)
  } else if (variant === 'with-segment') {
    const consent = Consentry.createConsent({
      categories: [
        { id: 'necessary', name: 'Necessary', enforcement: 'always' },
        { id: 'analytics', name: 'Analytics', enforcement: 'opt-in' },
        { id: 'advertising', name: 'Advertising', enforcement: 'opt-in' },
      ],
      cookie: false,
    })
    consent.set(granted)
    analytics = Consentry.withSegment(analytics, consent)
  }
  analytics.load({ writeKey: 'KEY' })
  window.bench = {
    ready: function () {
      return analytics.ready().then(function () {
        return variant
      })
    },
    /** Sends n track calls at once and waits for all; returns the elapsed milliseconds. */
    burst: function (n) {
      var t0 = performance.now()
      var calls = []
      for (let i = 0; i < n; i++) calls.push(analytics.track('Bench Event', { i: i, plan: 'pro', price: 9.99 }))
      return Promise.all(calls).then(function () {
        return performance.now() - t0
      })
    },
  }
})()
