// A stand-in for Ketch's snippet + boot.js, mirroring test/fakes/ketch.ts: the snippet queue at
// once, the tag 300 ms later (drains the queue, routes semaphore.push, sets semaphore.loaded),
// `on('consent')` replays the current value, and consent is resolved before any banner: on this
// first visit `essential_services` (no opt-in needed) is filled with true and `analytics` (opt-in)
// stays undefined until the visitor saves (ketch-sdk/ketch-tag src/Ketch.ts getConsent).
;(function () {
  window.semaphore = window.semaphore || []
  window.ketch =
    window.ketch ||
    function () {
      window.semaphore.push(arguments)
    }
  var listeners = []
  var consent = null
  function setConsent(next) {
    var changed = JSON.stringify(next.purposes) !== JSON.stringify(consent && consent.purposes)
    consent = { purposes: Object.assign({}, consent && consent.purposes, next.purposes) }
    document.cookie = '_ketch_consent_v1_=' + btoa(JSON.stringify(consent.purposes)) + '; path=/'
    if (changed)
      listeners.slice().forEach(function (l) {
        l(consent)
      })
  }
  var actions = {
    on: function (event, listener) {
      if (event !== 'consent') return
      listeners.push(listener)
      if (consent) listener(consent)
    },
    off: function (event, listener) {
      listeners = listeners.filter(function (l) {
        return l !== listener
      })
    },
    getConsent: function (resolve) {
      resolve(consent)
    },
    setConsent: setConsent,
  }
  function route(command) {
    var args = Array.prototype.slice.call(command)
    var action = actions[args[0]]
    if (action) action.apply(null, args.slice(1))
  }
  setTimeout(function () {
    var queued = window.semaphore
    var semaphore = []
    semaphore.loaded = true
    semaphore.push = function (command) {
      route(command)
      return 0
    }
    window.semaphore = semaphore
    setConsent({ purposes: { essential_services: true } })
    Array.prototype.forEach.call(queued, route)
  }, 300)
  document.getElementById('accept').addEventListener('click', function () {
    window.ketch('setConsent', { purposes: { essential_services: true, analytics: true } })
  })
  document.getElementById('reject').addEventListener('click', function () {
    window.ketch('setConsent', { purposes: { essential_services: true, analytics: false } })
  })
})()
