// Loads the fake CMP and consentry in the order the query asks for. Dynamic scripts with
// async = false run in insertion order, like plain script tags.
;(function () {
  var params = new URLSearchParams(location.search)
  var cmp = params.get('cmp') || 'onetrust'
  var cmpFirst = params.get('order') !== 'consentry-first'
  var consentry = ['/dist/consentry.iife.min.js', './' + cmp + '/setup.js']
  var vendor = ['./' + cmp + '/fake.js']
  // A TCF page carries the IAB stub before everything else.
  if (cmp === 'tcf') consentry.unshift('/node_modules/@iabtechlabtcf/stub/lib/stub.js')
  var order = cmpFirst ? vendor.concat(consentry) : consentry.concat(vendor)
  order.forEach(function (src) {
    var script = document.createElement('script')
    script.src = src
    script.async = false
    document.body.appendChild(script)
  })
})()
