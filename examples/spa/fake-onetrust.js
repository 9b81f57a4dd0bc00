// A stand-in for OneTrust (otSDKStub.js + otBannerSdk.js) with a visible banner, so the demo runs
// offline. It follows the real sequencing the adapter is written against (see test/fakes/onetrust.ts):
// a partial window.OneTrust at once, the full API 300 ms later, OptanonWrapper() on load and on
// every save, `consent.onetrust` / `OneTrustGroupsUpdated` in a later macrotask, and the real
// cookie formats (OptanonConsent, OptanonAlertBoxClosed), so a reload restores the visitor's choice.
;(function () {
  var groups = [
    { id: 'C0001', name: 'Strictly Necessary', always: true },
    { id: 'C0002', name: 'Performance' },
    { id: 'C0004', name: 'Targeting' },
  ]
  var ids = groups.map(function (g) {
    return g.id
  })
  // Stub phase: geolocation only, no API yet.
  window.OneTrust = { geolocationResponse: { countryCode: 'DE', stateCode: '' } }

  var cookie = function (name) {
    var match = new RegExp('(?:^|; )' + name + '=([^;]*)').exec(document.cookie)
    return match ? decodeURIComponent(match[1]) : undefined
  }
  var closed = function () {
    return cookie('OptanonAlertBoxClosed') !== undefined
  }
  // A returning visitor: the groups saved in OptanonConsent (`groups=C0001:1,C0002:0,…`).
  var saved = /(?:^|&)groups=([^&]*)/.exec(cookie('OptanonConsent') || '')
  var active = ['C0001'].concat(
    saved
      ? decodeURIComponent(saved[1])
          .split(',')
          .filter(function (pair) {
            return /:1$/.test(pair)
          })
          .map(function (pair) {
            return pair.split(':')[0]
          })
      : [],
  )

  function publish(next) {
    active = ids.filter(function (id) {
      return id === 'C0001' || next.indexOf(id) >= 0
    })
    window.OnetrustActiveGroups = window.OptanonActiveGroups = ',' + active.join(',') + ','
    var pairs = ids
      .map(function (id) {
        return id + ':' + (active.indexOf(id) >= 0 ? 1 : 0)
      })
      .join(',')
    document.cookie = 'OptanonConsent=isGpcEnabled=0&version=202409.2.0&isIABGlobal=false&interactionCount=1&landingPath=NotLandingPage&groups=' + encodeURIComponent(pairs) + '; path=/; SameSite=Lax'
    render()
  }
  function announce() {
    if (typeof window.OptanonWrapper === 'function') window.OptanonWrapper()
    setTimeout(function () {
      window.dispatchEvent(new CustomEvent('consent.onetrust', { detail: active.slice() }))
      window.dispatchEvent(new CustomEvent('OneTrustGroupsUpdated', { detail: active.slice() }))
      setTimeout(function () {
        window.dispatchEvent(new Event('OTConsentApplied'))
      })
    })
  }
  function save(next) {
    document.cookie = 'OptanonAlertBoxClosed=' + new Date().toISOString() + '; path=/; SameSite=Lax'
    bannerOpen = false
    publish(next)
    announce()
  }

  // The banner: OneTrust's element ids, plain DOM, no inline styles (page.css styles it).
  var bannerOpen = false
  var sdk = document.createElement('div')
  sdk.id = 'onetrust-consent-sdk'
  function render() {
    if (!sdk.isConnected) return
    sdk.textContent = ''
    if (bannerOpen) {
      const banner = element('section', { id: 'onetrust-banner-sdk', 'aria-label': 'Cookie banner (fake OneTrust)' })
      banner.append(
        element('p', {}, 'Fake OneTrust banner. We use cookies for performance (C0002) and targeting (C0004).'),
        element('p', { class: 'ot-groups' }, 'OnetrustActiveGroups = "' + window.OnetrustActiveGroups + '"'),
      )
      const buttons = element('div', { class: 'ot-buttons' })
      buttons.append(
        button('onetrust-accept-btn-handler', 'Accept All Cookies', function () {
          window.OneTrust.AllowAll()
        }),
        button('onetrust-reject-all-handler', 'Reject All', function () {
          window.OneTrust.RejectAll()
        }),
      )
      banner.append(buttons)
      sdk.append(banner)
    } else if (window.OneTrust && window.OneTrust.AllowAll) {
      sdk.append(
        button('ot-sdk-btn-floating', 'OneTrust: ' + window.OnetrustActiveGroups, function () {
          bannerOpen = true
          render()
        }),
      )
    }
  }
  function element(tag, attributes, text) {
    var node = document.createElement(tag)
    for (var name in attributes) node.setAttribute(name, attributes[name])
    if (text) node.textContent = text
    return node
  }
  function button(id, text, action) {
    var node = element('button', { id: id, type: 'button' }, text)
    node.addEventListener('click', action)
    return node
  }

  setTimeout(function () {
    window.OneTrust = window.Optanon = {
      GetDomainData: function () {
        return {
          ConsentModel: { Name: 'opt-in' },
          ShowAlertNotice: true,
          Groups: groups.map(function (g) {
            return { CustomGroupId: g.id, OptanonGroupId: g.id, GroupName: g.name, Status: g.always ? 'always active' : 'inactive', Type: 'COOKIE', Parent: '' }
          }),
        }
      },
      OnConsentChanged: function (callback) {
        window.addEventListener('consent.onetrust', callback)
      },
      IsAlertBoxClosed: closed,
      AllowAll: function () {
        save(ids)
      },
      RejectAll: function () {
        save([])
      },
      Close: function () {
        save(active)
      },
      ToggleInfoDisplay: function () {
        bannerOpen = true
        render()
      },
      LoadBanner: function () {
        bannerOpen = !closed()
        render()
      },
      // UpdateConsent('Category', 'C0002:1,C0004:0'): the comma-separated multi-group form a OneTrust
      // partner documents (help.observepoint.com/en/articles/10225036-onetrust-for-custom-consent-states);
      // one save, groups not named keep their state.
      UpdateConsent: function (type, value) {
        if (type !== 'Category') return
        var next = active.slice()
        String(value)
          .split(',')
          .forEach(function (pair) {
            var parts = pair.split(':')
            if (ids.indexOf(parts[0]) < 0) return
            next = next.filter(function (id) {
              return id !== parts[0]
            })
            if (parts[1] === '1') next.push(parts[0])
          })
        save(next)
      },
    }
    window.dataLayer = window.dataLayer || []
    window.dataLayer.push({ event: 'OneTrustLoaded', OnetrustActiveGroups: ',' + active.join(',') + ',' })
    bannerOpen = !closed()
    document.body.append(sdk)
    publish(active)
    announce()
  }, 300)
})()
