// Loads, in order, the CMP (a fake from examples/adapters/, which behaves like the real script),
// then the consent layer and the site's set-up, as plain script tags.
;(function () {
  var variant = new URLSearchParams(location.search).get('variant') || 'onetrust'
  var IIFE = '/dist/consentry.iife.min.js'
  var ANALYTICS_NEXT = '/node_modules/@segment/analytics-next/dist/umd/index.js'
  var fake = function (cmp) {
    return '/examples/adapters/' + cmp + '/fake.js'
  }
  var setup = function (cmp) {
    return '/examples/adapters/' + cmp + '/setup.js'
  }
  var scripts = {
    onetrust: [fake('onetrust'), IIFE, setup('onetrust')],
    trustarc: [fake('trustarc'), IIFE, setup('trustarc')],
    ketch: [fake('ketch'), IIFE, setup('ketch')],
    tcf: ['/node_modules/@iabtechlabtcf/stub/lib/stub.js', fake('tcf'), IIFE, setup('tcf')],
    gpp: [fake('gpp'), IIFE, setup('gpp')],
    custom: ['./custom-cmp.js', IIFE, './custom-setup.js'],
    // analytics-next behind consentry (OneTrust adapter + withSegment) or behind consent-tools
    // driven like its OneTrust wrapper; the gated request is analytics-next's settings fetch.
    'with-segment': [fake('onetrust'), ANALYTICS_NEXT, IIFE, './segment-setup.js'],
    'consent-tools': [fake('onetrust'), ANALYTICS_NEXT, 'https://peers.bench.test/consent-tools.js', './consent-tools-setup.js'],
    // Floors: no consent layer, the click itself adds the tag or calls analytics-next's load().
    'direct-tag': ['./direct.js'],
    'direct-segment': [ANALYTICS_NEXT, './direct.js'],
  }[variant]
  scripts.forEach(function (src) {
    var script = document.createElement('script')
    script.src = src
    script.async = false
    document.body.appendChild(script)
  })
})()
