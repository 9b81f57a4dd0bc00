// A stand-in for a GPP 1.1 CMP: the `__gpp` stub at once (answers ping, queues the rest), the CMP
// 300 ms later (drains the queue; signalStatus ready with the applicable US section: usnat, or
// the one `?section=<prefix>` names, e.g. usmn, id 23), and on each save signalStatus
// `not ready`, sectionChange, then `ready` (the order the GPP CMP API spec requires).
;(function () {
  var queue = []
  window.__gpp = function (command, callback) {
    if (arguments.length === 0) return queue
    if (command === 'ping')
      return callback(
        {
          gppVersion: '1.1',
          cmpStatus: 'stub',
          cmpDisplayStatus: 'hidden',
          signalStatus: 'not ready',
          supportedAPIs: ['7:usnat'],
          cmpId: 0,
          sectionList: [],
          applicableSections: [0],
          gppString: '',
          parsedSections: {},
        },
        true,
      )
    queue.push(Array.prototype.slice.call(arguments))
  }
  var ids = { uspv1: 6, usnat: 7, usca: 8, usmn: 23, usmd: 24, usin: 25, usky: 26, usri: 27 }
  var prefix = new URLSearchParams(location.search).get('section') || 'usnat'
  var listeners = []
  var nextId = 1000
  var usnat = { Version: 1, SaleOptOutNotice: 1, SharingOptOutNotice: 1, SaleOptOut: 1, SharingOptOut: 1, TargetedAdvertisingOptOut: 1 }
  var signal = 'ready'
  function ping() {
    var parsed = {}
    parsed[prefix] = Object.assign({}, usnat)
    return {
      gppVersion: '1.1',
      cmpStatus: 'loaded',
      cmpDisplayStatus: 'hidden',
      signalStatus: signal,
      supportedAPIs: [ids[prefix] + ':' + prefix],
      cmpId: 10,
      sectionList: [ids[prefix]],
      applicableSections: [ids[prefix]],
      gppString: 'DBABLA~BVQqAAAAAgA.QA',
      parsedSections: parsed,
    }
  }
  function fire(eventName, data) {
    listeners.forEach(function (l) {
      l.callback({ eventName: eventName, listenerId: l.id, data: data, pingData: ping() }, true)
    })
  }
  function api(command, callback, parameter) {
    if (command === 'ping') return callback(ping(), true)
    if (command === 'addEventListener') {
      const id = nextId++
      listeners.push({ id: id, callback: callback })
      return callback({ eventName: 'listenerRegistered', listenerId: id, data: true, pingData: ping() }, true)
    }
    if (command === 'removeEventListener') {
      listeners = listeners.filter(function (l) {
        return l.id !== parameter
      })
      return callback({ eventName: 'listenerRemoved', listenerId: parameter, data: true, pingData: ping() }, true)
    }
  }
  function save(optOut) {
    signal = 'not ready'
    fire('signalStatus', 'not ready')
    usnat.SaleOptOut = usnat.SharingOptOut = usnat.TargetedAdvertisingOptOut = optOut ? 1 : 2
    fire('sectionChange', prefix)
    signal = 'ready'
    fire('signalStatus', 'ready')
  }
  setTimeout(function () {
    var queued = queue
    window.__gpp = api
    window.__fakeGppLoaded = true
    queued.forEach(function (args) {
      api.apply(null, args)
    })
  }, 300)
  document.getElementById('accept').addEventListener('click', function () {
    save(false)
  })
  document.getElementById('reject').addEventListener('click', function () {
    save(true)
  })
})()
