// @segment/analytics-consent-tools driven the way its OneTrust wrapper drives it
// (segment-consent-tools.md §2): wait for the full OneTrust API, then, under opt-in, poll with
// resolveWhen at the wrapper's 500 ms until a group is active and the banner is closed; categories
// are OneTrust group ids; OnConsentChanged reports changes.
;(function () {
  var tools = window.ConsentTools
  var api = function () {
    return window.OneTrust
  }
  var loaded = function () {
    var ot = api()
    return !!ot && typeof ot.OnConsentChanged === 'function' && typeof ot.IsAlertBoxClosed === 'function' && typeof ot.GetDomainData === 'function'
  }
  var active = function () {
    return String(window.OnetrustActiveGroups || '')
      .split(',')
      .filter(Boolean)
  }
  var categories = function (ids) {
    var on = ids || active()
    var out = {}
    api()
      .GetDomainData()
      .Groups.forEach(function (group) {
        var id = String(group.CustomGroupId).trim()
        out[id] = on.indexOf(id) >= 0
      })
    return out
  }
  tools
    .createWrapper({
      shouldLoadWrapper: function () {
        return tools.resolveWhen(loaded, 500)
      },
      shouldLoadSegment: function (ctx) {
        var model = api().GetDomainData().ConsentModel.Name
        if (model !== 'opt-in' && model !== 'implied consent') return ctx.load({ consentModel: 'opt-out' })
        return tools
          .resolveWhen(function () {
            return active().length > 0 && (api().GetDomainData().ShowAlertNotice === false || api().IsAlertBoxClosed())
          }, 500)
          .then(function () {
            ctx.load({ consentModel: 'opt-in' })
          })
      },
      getCategories: function () {
        return categories()
      },
      registerOnConsentChanged: function (changed) {
        api().OnConsentChanged(function (event) {
          changed(categories(event.detail))
        })
      },
    })(new AnalyticsNext.AnalyticsBrowser())
    .load({ writeKey: 'KEY' })
})()
