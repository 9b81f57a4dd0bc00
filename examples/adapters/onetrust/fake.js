// A stand-in for OneTrust's otSDKStub.js + otBannerSdk.js, mirroring test/fakes/onetrust.ts:
// a partial window.OneTrust at once, the full API 300 ms later (OnetrustActiveGroups, OptanonWrapper
// call, consent.onetrust / OneTrustGroupsUpdated in a later task), and the same on every save.
;(function () {
  var groups = ['C0001', 'C0002', 'C0003', 'C0004']
  window.OneTrust = { geolocationResponse: { countryCode: 'DE', stateCode: '' } }
  var active = ['C0001']
  function publish(ids) {
    active = ['C0001'].concat(
      ids.filter(function (id) {
        return id !== 'C0001'
      }),
    )
    window.OnetrustActiveGroups = window.OptanonActiveGroups = ',' + active.join(',') + ','
    document.cookie =
      'OptanonConsent=' +
      'isGpcEnabled=0&version=202409.2.0&isIABGlobal=false&interactionCount=1&landingPath=NotLandingPage&groups=' +
      encodeURIComponent(
        groups
          .map(function (id) {
            return id + ':' + (active.indexOf(id) >= 0 ? 1 : 0)
          })
          .join(','),
      ) +
      '; path=/'
  }
  function announce() {
    if (typeof window.OptanonWrapper === 'function') window.OptanonWrapper()
    setTimeout(function () {
      window.dispatchEvent(new CustomEvent('consent.onetrust', { detail: active.slice() }))
      window.dispatchEvent(new CustomEvent('OneTrustGroupsUpdated', { detail: active.slice() }))
    })
  }
  function save(ids) {
    document.cookie = 'OptanonAlertBoxClosed=' + new Date().toISOString() + '; path=/'
    publish(ids)
    announce()
  }
  setTimeout(function () {
    publish(active)
    window.OneTrust = window.Optanon = {
      GetDomainData: function () {
        return {
          ConsentModel: { Name: 'opt-in' },
          ShowAlertNotice: true,
          Groups: groups.map(function (id) {
            return { CustomGroupId: id, GroupName: id }
          }),
        }
      },
      OnConsentChanged: function (callback) {
        window.addEventListener('consent.onetrust', callback)
      },
      IsAlertBoxClosed: function () {
        return /OptanonAlertBoxClosed=/.test(document.cookie)
      },
      AllowAll: function () {
        save(groups)
      },
      RejectAll: function () {
        save([])
      },
      // The comma-separated multi-group form ("C0002:1,C0003:0") a OneTrust partner documents
      // (help.observepoint.com/en/articles/10225036-onetrust-for-custom-consent-states): one save.
      UpdateConsent: function (type, value) {
        if (type !== 'Category') return
        var next = active.slice()
        value.split(',').forEach(function (pair) {
          var parts = pair.split(':')
          next = next.filter(function (id) {
            return id !== parts[0]
          })
          if (parts[1] === '1') next.push(parts[0])
        })
        save(next)
      },
    }
    announce()
  }, 300)
  document.getElementById('accept').addEventListener('click', function () {
    window.OneTrust.AllowAll()
  })
  document.getElementById('reject').addEventListener('click', function () {
    window.OneTrust.RejectAll()
  })
})()
