// A stand-in for a TCF v2.2 CMP. The page loads the IAB's own stub first
// (/node_modules/@iabtechlabtcf/stub/lib/stub.js); 300 ms later this CMP replaces `__tcfapi`,
// drains the stub's queue and answers listeners like the IAB reference CmpApi: a returning
// visitor's `tcloaded` (nothing consented), then `useractioncomplete` on each save.
;(function () {
  var listeners = []
  var nextId = 0
  var purposes = {}
  var status = 'tcloaded'
  function tcData(listenerId) {
    return {
      tcString: 'CQLRckAQLRckAAKABBENBQEgAAAAAAAAAAYgAAAAAAAA.IAAA.YAAAAAAAAAAA',
      tcfPolicyVersion: 4,
      cmpId: 10,
      cmpVersion: 1,
      gdprApplies: true,
      eventStatus: status,
      cmpStatus: 'loaded',
      listenerId: listenerId,
      isServiceSpecific: true,
      purpose: { consents: Object.assign({}, purposes), legitimateInterests: {} },
      vendor: { consents: { 755: purposes[1] === true }, legitimateInterests: {} },
      specialFeatureOptins: {},
      publisher: { consents: {}, legitimateInterests: {}, customPurpose: { consents: {}, legitimateInterests: {} }, restrictions: {} },
    }
  }
  function api(command, version, callback, parameter) {
    if (version !== 2) return callback(null, false)
    if (command === 'ping') return callback({ gdprApplies: true, cmpLoaded: true, cmpStatus: 'loaded', displayStatus: 'hidden', apiVersion: '2', cmpId: 10, cmpVersion: 1, tcfPolicyVersion: 4 }, true)
    if (command === 'addEventListener') {
      const id = nextId++
      listeners.push({ id: id, callback: callback })
      return callback(tcData(id), true)
    }
    if (command === 'removeEventListener') {
      listeners = listeners.filter(function (l) {
        return l.id !== parameter
      })
      return callback(true)
    }
  }
  function save(granted) {
    purposes = {}
    for (let p = 1; p <= 10; p++) purposes[p] = granted
    status = 'useractioncomplete'
    listeners.forEach(function (l) {
      l.callback(tcData(l.id), true)
    })
  }
  setTimeout(function () {
    var queue = typeof window.__tcfapi === 'function' ? window.__tcfapi() || [] : []
    window.__tcfapi = api
    window.__fakeTcfLoaded = true
    queue.forEach(function (args) {
      api.apply(null, args)
    })
  }, 300)
  document.getElementById('accept').addEventListener('click', function () {
    save(true)
  })
  document.getElementById('reject').addEventListener('click', function () {
    save(false)
  })
})()
