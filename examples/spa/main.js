// The SPA example: bundled by rollup from consentry's published entry points (package.json
// `exports` → dist/), exactly as an app that installed the package would import them.
import { createConsent } from 'consentry'
import { oneTrust } from 'consentry/adapters/onetrust'
import { withSegment } from 'consentry/segment'
import { mountPreferenceCenter } from 'consentry/widget'
import { AnalyticsBrowser } from '@segment/analytics-next'

// Shown in the live panel: it changes only on a real reload, never on a view change.
const loadedAt = Date.now()
// The panel's lists, newest first.
const outgoing = []
const received = []
const messages = []

const consent = createConsent({
  categories: [
    { id: 'necessary', name: 'Strictly necessary', description: 'Sign-in and security.', enforcement: 'always' },
    { id: 'analytics', name: 'Analytics', description: 'Counts visits to improve the site (Demo Analytics).', enforcement: 'opt-in' },
    { id: 'advertising', name: 'Advertising', description: 'Measures ad campaigns (Demo Pixel).', enforcement: 'opt-in' },
  ],
  adapters: [oneTrust({ groups: { necessary: 'C0001', analytics: 'C0002', advertising: 'C0004' } })],
  onError: (error) => log('error', `${error.code}: ${error.message}`),
})

// Everything Segment-bound goes to this server: the CDN settings are a static fixture
// (cdn/v1/projects/<key>/settings) and events are POSTed to the examples server's /sink/.
const analytics = withSegment(new AnalyticsBrowser(), consent, {
  cookies: { advertising: ['_demo_pixel*'] },
  onGrantedAfterLoad: (names) => log('info', `${names.join(', ')} granted after load: reload the page to load it`),
})
analytics.load(
  { writeKey: 'consentry-demo', cdnURL: new URL('cdn', location.href).href },
  { integrations: { 'Segment.io': { apiHost: `${location.host}/sink/segment/v1`, protocol: location.protocol.slice(0, -1) } } },
)
// Registered after withSegment's own middleware, so it sees each event as it leaves: stamped,
// with the per-destination switches consent set.
analytics.addSourceMiddleware(({ payload, next }) => {
  const event = payload.obj
  const off = Object.entries(event.integrations ?? {})
    .filter(([, on]) => on === false)
    .map(([name]) => name)
  outgoing.unshift({
    label: event.type === 'page' ? `page ${event.properties?.path ?? ''}${event.properties?.search ?? ''}` : `${event.type} ${event.event ?? ''}`,
    prefs: event.context?.consent?.categoryPreferences,
    off,
  })
  outgoing.length = Math.min(outgoing.length, 6)
  renderPanel()
  next(payload)
})

// --- views, switched with history.pushState; every view change is a page() call ---------------
const views = {
  home: () => html`<h2>Home</h2><p>A small single-page app: consentry (core, OneTrust adapter, Segment integration and
    preference center) and Segment analytics-next, bundled from npm entry points.</p>
    <p>Try: accept in the OneTrust banner, switch views, press the button on Pricing, then revoke
    Advertising in Settings and watch Demo Pixel stop receiving events, without a reload.</p>`,
  pricing: () => html`<h2>Pricing</h2><p>Pro plan: 12 € a month.</p>
    <p><button type="button" id="trial">Start free trial</button></p>`,
  settings: () => html`<h2>Settings</h2><p>Your privacy choices, written back to OneTrust when you save.</p>
    <p><button type="button" id="privacy" data-consentry-open>Privacy preferences</button></p>
    <p id="settings-note"></p>`,
}
let center
let current
let shown = 0

function show(view) {
  current = views[view] ? view : 'home'
  shown += 1
  const main = document.getElementById('view')
  main.replaceChildren(views[current]())
  for (const link of document.querySelectorAll('nav a')) link.toggleAttribute('aria-current', link.dataset.view === current)
  document.title = `${current[0].toUpperCase()}${current.slice(1)} · consentry SPA`
  document.getElementById('trial')?.addEventListener('click', () => analytics.track('Trial Started', { plan: 'pro' }))
  syncWidget()
  renderPanel()
}

// The preference center lives on the Settings view. Its own banner would duplicate OneTrust's, so
// it is mounted only once OneTrust has the visitor's answer.
function syncWidget() {
  const wanted = current === 'settings' && consent.get().status === 'decided'
  if (wanted && !center) center = mountPreferenceCenter(consent, { floatingButton: false })
  if (!wanted && center) {
    center.destroy()
    center = undefined
  }
  const note = document.getElementById('settings-note')
  if (note) note.textContent = center ? '' : 'Answer the OneTrust banner first; the preference center then opens from here.'
  document.getElementById('privacy')?.toggleAttribute('disabled', !center)
}

function navigate(view) {
  history.pushState({ view }, '', view === 'home' ? '?' : `?view=${view}`)
  show(view)
  analytics.page()
}
document.addEventListener('click', (event) => {
  const link = event.target instanceof Element ? event.target.closest('a[data-view]') : null
  if (!link || event.button !== 0 || event.metaKey || event.ctrlKey || event.shiftKey) return
  event.preventDefault()
  if (link.dataset.view !== current) navigate(link.dataset.view)
})
addEventListener('popstate', () => {
  show(new URLSearchParams(location.search).get('view') ?? 'home')
  analytics.page()
})

// --- live panel ---------------------------------------------------------------------------------
addEventListener('demo:destination', (event) => {
  received.unshift(`${event.detail.dest} ← ${event.detail.type} ${event.detail.event ?? ''}`)
  received.length = Math.min(received.length, 6)
  renderPanel()
})
// OneTrust announces its groups on load and on every save, decided or not.
addEventListener('OneTrustGroupsUpdated', () => renderPanel())
function log(level, text) {
  messages.unshift(`${level}: ${text}`)
  messages.length = Math.min(messages.length, 3)
  renderPanel()
}
const flags = (prefs) =>
  prefs
    ? Object.entries(prefs)
        .map(([id, on]) => `${id} ${on ? '✓' : '✗'}`)
        .join('  ')
    : 'no consent stamp'

function renderPanel() {
  const state = consent.get()
  set('state', `${state.status} (source: ${state.source}${state.adapter ? `, adapter: ${state.adapter}` : ''})`)
  set('prefs', flags(state.categoryPreferences))
  set('groups', String(window.OnetrustActiveGroups ?? 'OneTrust not loaded yet'))
  set('loaded', `${new Date(loadedAt).toLocaleTimeString()} (views shown since, without a reload: ${shown})`)
  list(
    'outgoing-log',
    outgoing.map((e) => `${e.label} — ${flags(e.prefs)}${e.off.length ? ` — off: ${e.off.join(', ')}` : ''}`),
    'nothing sent yet',
  )
  list('received-log', received, 'no device-mode destination has received an event')
  list('messages-log', messages, '')
}
function set(id, text) {
  const node = document.getElementById(id)
  if (node) node.textContent = text
}
function list(id, items, empty) {
  const node = document.getElementById(id)
  if (!node) return
  const item = (text, className = '') => Object.assign(document.createElement('li'), { textContent: text, className })
  node.replaceChildren(...(items.length ? items.map((text) => item(text)) : empty ? [item(empty, 'empty')] : []))
}

consent.subscribe(() => {
  syncWidget()
  renderPanel()
})

/** Tiny template helper: builds a fragment from trusted, static markup. */
function html(strings, ...values) {
  const template = document.createElement('template')
  template.innerHTML = String.raw({ raw: strings }, ...values)
  return template.content
}

show(new URLSearchParams(location.search).get('view') ?? 'home')
analytics.page()
