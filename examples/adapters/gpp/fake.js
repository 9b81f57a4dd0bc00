// A stand-in for a GPP 1.1 CMP: the `__gpp` stub at once (answers ping, queues the rest), the CMP
// 300 ms later (drains the queue; signalStatus ready with the usnat section), and on each save
// sectionChange then signalStatus ready, like @iabgpp/cmpapi.
;(function () {
  var queue = []
  window.__gpp = function (command, callback) {
    if (arguments.length === 0) return queue
    if (command === 'ping') return callback({ gppVersion: '1.1', cmpStatus: 'stub', cmpDisplayStatus: 'hidden', signalStatus: 'not ready', supportedAPIs: ['7:usnat'], cmpId: 0, sectionList: [], applicableSections: [0], gppString: '', parsedSections: {} }, true)
    queue.push(Array.prototype.slice.call(arguments))
  }
  var listeners = []
  var nextId = 1000
  var usnat = { Version: 1, SaleOptOutNotice: 1, SharingOptOutNotice: 1, SaleOptOut: 1, SharingOptOut: 1, TargetedAdvertisingOptOut: 1, Gpc: false }
  function ping() {
    return { gppVersion: '1.1', cmpStatus: 'loaded', cmpDisplayStatus: 'hidden', signalStatus: 'ready', supportedAPIs: ['7:usnat'], cmpId: 10, sectionList: [7], applicableSections: [7], gppString: 'DBABLA~BVQqAAAAAgA.QA', parsedSections: { usnat: Object.assign({}, usnat) } }
  }
  function fire(eventName, data) {
    listeners.forEach(function (l) { l.callback({ eventName: eventName, listenerId: l.id, data: data, pingData: ping() }, true) })
  }
  function api(command, callback, parameter) {
    if (command === 'ping') return callback(ping(), true)
    if (command === 'addEventListener') {
      var id = nextId++
      listeners.push({ id: id, callback: callback })
      return callback({ eventName: 'listenerRegistered', listenerId: id, data: true, pingData: ping() }, true)
    }
    if (command === 'removeEventListener') {
      listeners = listeners.filter(function (l) { return l.id !== parameter })
      return callback(true, true)
    }
  }
  function save(optOut) {
    usnat.SaleOptOut = usnat.SharingOptOut = usnat.TargetedAdvertisingOptOut = optOut ? 1 : 2
    fire('sectionChange', 'usnat')
    fire('signalStatus', 'ready')
  }
  setTimeout(function () {
    var queued = queue
    window.__gpp = api
    window.__fakeGppLoaded = true
    queued.forEach(function (args) { api.apply(null, args) })
  }, 300)
  document.getElementById('accept').addEventListener('click', function () { save(false) })
  document.getElementById('reject').addEventListener('click', function () { save(true) })
})()
