// The example's only script (external, so a strict CSP needs no 'unsafe-inline').
// `?lang=ar` shows the right-to-left layout with a partial Arabic bundle; `?cmp=demo` stands in
// for a CMP that already knows the visitor's choice and takes the widget's decisions back.
const { createConsent, defineAdapter, mountPreferenceCenter } = window.Consentry
const query = new URLSearchParams(location.search)

const demoCmp = { writes: [] }
const adapters =
  query.get('cmp') === 'demo'
    ? [
        defineAdapter({
          name: 'demo-cmp',
          watch(emit) {
            emit({ analytics: true })
            return () => {}
          },
          write(preferences) {
            demoCmp.writes.push({ ...preferences })
          },
        }),
      ]
    : []

const consent = createConsent({
  categories: [
    { id: 'necessary', name: 'Strictly necessary', description: 'Sign-in, basket and security.', enforcement: 'always' },
    { id: 'analytics', name: 'Analytics', description: 'Counts visits to improve the site.', enforcement: 'opt-in' },
    { id: 'marketing', name: 'Marketing', description: 'Messages and offers about our products.', enforcement: 'opt-in' },
    { id: 'newsletter', name: 'Weekly newsletter', description: 'One email a week.', enforcement: 'opt-in', parent: 'marketing' },
    { id: 'offers', name: 'Partner offers', description: 'Offers from selected partners.', enforcement: 'opt-in', parent: 'marketing' },
  ],
  adapters,
  cookie: { name: 'consentry_demo' },
  // `?region=FR`, `?region=US-CA`, `?region=BR`: the region a server or CDN would pass (see the
  // Regions page); the widget shows the opt-in banner, the opt-out notice, or nothing.
  ...(query.has('region')
    ? {
        region: query.get('region'),
        regions: {
          EEA: { mode: 'opt-in' },
          'US-STATES-WITH-LAW': { mode: 'opt-out', gpc: true, enforcement: { analytics: 'opt-out', marketing: 'opt-out' } },
          '*': { mode: 'none', gpc: false, enforcement: { analytics: 'opt-out', marketing: 'opt-out' } },
        },
      }
    : {}),
})

const lang = query.get('lang') ?? 'en'
const center = mountPreferenceCenter(consent, {
  lang,
  texts: {
    ar: { acceptAll: 'قبول الكل', rejectAll: 'رفض الكل', customise: 'تخصيص', save: 'حفظ', close: 'إغلاق' },
  },
})

const output = document.getElementById('state')
const show = (state) => {
  const granted = Object.keys(state.categoryPreferences).filter((id) => state.categoryPreferences[id])
  output.textContent = `${state.status}: ${granted.join(', ')}`
}
show(consent.get())
consent.subscribe(show)

// For the Playwright tests and for poking around in the console.
window.demo = { consent, center, demoCmp }
