// A stand-in for TrustArc's CCM notice script, mirroring test/fakes/trustarc.ts: `truste` appears
// 300 ms after the tag (no event), answers getGDPRConsentDecision from 0-based levels, and a save
// in the preference manager arrives as its JSON postMessage. `?behavior=implied&manager=eu` gives
// TrustArc's standard EU banner configuration (implied behaviour, EU behaviour manager).
;(function () {
  var query = new URLSearchParams(location.search)
  var levels = null
  function onMessage(event) {
    try {
      const message = JSON.parse(event.data)
      if (message.source !== 'preference_manager' || message.message !== 'submit_preferences') return
      levels = String(message.data.value).split(',').map(Number)
      document.cookie = 'notice_gdpr_prefs=' + levels.join(',') + ':; path=/'
      document.cookie =
        'cmapi_cookie_privacy=permit ' +
        levels
          .map(function (l) {
            return l + 1
          })
          .join(',') +
        '; path=/'
    } catch (error) {
      // not TrustArc's
    }
  }
  setTimeout(function () {
    var cma = {
      callApi: function (action) {
        if (action !== 'getGDPRConsentDecision') return { error: 'Call is not available' }
        return levels
          ? {
              consentDecision: levels.map(function (l) {
                return l + 1
              }),
              source: 'asserted',
            }
          : { consentDecision: [0], source: 'implied' }
      },
    }
    window.truste = {
      eu: {
        bindMap: {
          domain: location.hostname,
          behavior: query.get('behavior') || 'expressed',
          behaviorManager: query.get('manager') || 'eu',
          categoryCount: 3,
          feat: { crossDomain: false, isConsentRetrieved: true },
        },
      },
      cma: cma,
    }
    window.PrivacyManagerAPI = cma
    window.addEventListener('message', onMessage)
  }, 300)
  function submit(value) {
    window.postMessage(JSON.stringify({ source: 'preference_manager', message: 'submit_preferences', data: { value: value } }), '*')
  }
  document.getElementById('accept').addEventListener('click', function () {
    submit('0,1,2')
  })
  document.getElementById('reject').addEventListener('click', function () {
    submit('0')
  })
})()
