import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import { createConsent, isConsentError, type Category, type ConsentManager } from 'consentry'
import { mountPreferenceCenter, type PreferenceCenter, type PreferenceCenterOptions } from '../../src/widget/index.js'

const categories: Category[] = [
  { id: 'necessary', name: 'Necessary', description: 'Keeps the site working.', enforcement: 'always' },
  { id: 'analytics', name: 'Analytics', description: 'Counts visits.', enforcement: 'opt-in' },
  { id: 'marketing', name: 'Marketing', description: 'Personalised offers.', enforcement: 'opt-in' },
  { id: 'newsletter', name: 'Newsletter', enforcement: 'opt-in', parent: 'marketing' },
  { id: 'offers', name: 'Partner offers', enforcement: 'opt-in', parent: 'marketing' },
]

let consent: ConsentManager | undefined
let center: PreferenceCenter | undefined

function mount(options?: PreferenceCenterOptions, list: Category[] = categories) {
  consent = createConsent({ categories: list, cookie: false, onError: () => {} })
  center = mountPreferenceCenter(consent, options)
  const host = document.querySelector('[data-consentry-widget]') as HTMLElement
  const root = host.shadowRoot as ShadowRoot
  const q = <T extends Element = HTMLElement>(selector: string) => root.querySelector(selector) as T
  const buttons = (within: string) => [...root.querySelectorAll<HTMLButtonElement>(`${within} button`)]
  const switchFor = (name: string) => {
    const label = [...root.querySelectorAll('label')].find((l) => l.textContent === name)
    return root.getElementById(label?.htmlFor ?? '') as HTMLInputElement
  }
  return { consent, center, host, root, q, buttons, switchFor }
}

/** The description a screen reader reads for `input`: its aria-describedby targets, joined. */
const described = (root: ShadowRoot, input: Element) =>
  (input.getAttribute('aria-describedby') ?? '')
    .split(' ')
    .map((id) => root.getElementById(id)?.textContent)
    .join(' ')

beforeEach(() => {
  document.body.innerHTML = '<main><h1>Shop</h1><a href="#" data-consentry-open>Cookie settings</a></main><footer>f</footer>'
  document.documentElement.lang = ''
})
afterEach(() => {
  center?.destroy()
  consent?.destroy()
  center = consent = undefined
})

describe('rendering', () => {
  it('shows the banner with three equal buttons while the visitor has not decided', () => {
    const { q, buttons, consent } = mount()
    expect(consent.get().status).toBe('default')
    const banner = q('[role="region"]')
    expect(banner.hidden).toBe(false)
    expect(banner.getAttribute('aria-labelledby')).toBe('bt')
    expect(q('#bt').textContent).toBe('Your privacy choices')
    const [accept, reject, customise] = buttons('.b')
    expect([accept, reject, customise].map((b) => b?.textContent)).toEqual(['Accept all', 'Reject all', 'Customise'])
    expect(new Set(buttons('.b').map((b) => b.className)).size).toBe(1)
    expect(q('[role="dialog"]').hidden).toBe(true)
    expect(q('.f').hidden).toBe(true)
  })

  it('is the first child of body so that keyboard users reach it first', () => {
    const { host } = mount()
    expect(document.body.firstElementChild).toBe(host)
  })

  it('opens a labelled modal dialog with every category, its description and a switch', () => {
    const { q, root, center, switchFor } = mount()
    center.open()
    const dialog = q('[role="dialog"]')
    expect(dialog.hidden).toBe(false)
    expect(dialog.getAttribute('aria-modal')).toBe('true')
    expect(root.getElementById(dialog.getAttribute('aria-labelledby') ?? '')?.textContent).toBe('Privacy preferences')
    expect(q('.b').hidden).toBe(true)
    for (const c of categories) {
      const input = switchFor(c.name)
      expect(input.type).toBe('checkbox')
      expect(input.getAttribute('role')).toBe('switch')
      if (c.description) expect(described(root, input)).toContain(c.description)
    }
    const necessary = switchFor('Necessary')
    expect([necessary.checked, necessary.disabled]).toEqual([true, true])
    expect(described(root, necessary)).toBe('Always on Keeps the site working.')
    expect(switchFor('Newsletter').hasAttribute('aria-describedby')).toBe(false)
    expect([switchFor('Analytics').checked, switchFor('Analytics').disabled]).toEqual([false, false])
  })

  it('makes the page behind inert while open and restores it on close, returning focus to the opener', () => {
    const { center } = mount()
    const link = document.querySelector('a') as HTMLAnchorElement
    const footer = document.querySelector('footer') as HTMLElement
    footer.inert = true // already inert before: must stay so
    link.focus()
    center.open()
    expect((document.querySelector('main') as HTMLElement).inert).toBe(true)
    center.close()
    expect((document.querySelector('main') as HTMLElement).inert).toBe(false)
    expect(footer.inert).toBe(true)
    expect(document.activeElement).toBe(link)
  })

  it('opens from any element with data-consentry-open and closes on Escape', () => {
    const { q } = mount()
    const link = document.querySelector('a') as HTMLAnchorElement
    const click = new MouseEvent('click', { bubbles: true, cancelable: true })
    link.dispatchEvent(click)
    expect(click.defaultPrevented).toBe(true)
    const dialog = q('[role="dialog"]')
    expect(dialog.hidden).toBe(false)
    dialog.dispatchEvent(new KeyboardEvent('keydown', { key: 'Escape', bubbles: true }))
    expect(dialog.hidden).toBe(true)
    expect(document.activeElement).toBe(link)
  })

  it('hides the banner and shows the floating button once the visitor has decided', () => {
    const { q, consent } = mount()
    consent.set({ analytics: true }, { source: 'user' })
    expect(q('.b').hidden).toBe(true)
    expect(q('.f').hidden).toBe(false)
    expect(q('.f').textContent).toBe('Privacy settings')
  })

  it('leaves out the floating button when asked', () => {
    const { q, consent } = mount({ floatingButton: false })
    consent.set({ analytics: false }, { source: 'user' })
    expect(q('.f').hidden).toBe(true)
  })
})

describe('topics follow their purpose', () => {
  it('shows a topic off and disabled while its purpose is off, and its own choice once the purpose is on', () => {
    const { center, consent, switchFor } = mount()
    center.open()
    const newsletter = switchFor('Newsletter')
    expect([newsletter.checked, newsletter.disabled]).toEqual([false, true])
    consent.set({ marketing: true, newsletter: true }, { source: 'user' })
    expect([switchFor('Marketing').checked, newsletter.checked, newsletter.disabled]).toEqual([true, true, false])
    expect([switchFor('Partner offers').checked, switchFor('Partner offers').disabled]).toEqual([false, false])
    consent.set({ marketing: false }, { source: 'user' })
    expect([newsletter.checked, newsletter.disabled]).toEqual([false, true])
  })

  it('nests topic switches in a list under their purpose', () => {
    const { switchFor } = mount()
    const purposeItem = switchFor('Marketing').closest('li') as HTMLLIElement
    const topics = [...purposeItem.querySelectorAll('ul label')].map((l) => l.textContent)
    expect(topics).toEqual(['Newsletter', 'Partner offers'])
  })
})

describe('only real gestures change consent', () => {
  it('ignores synthetic clicks on accept all, reject all and save', () => {
    const { buttons, consent, center, switchFor } = mount()
    const before = consent.get()
    for (const b of buttons('.b')) if (b.textContent !== 'Customise') b.click()
    center.open()
    for (const b of buttons('.d')) b.dispatchEvent(new MouseEvent('click', { bubbles: true }))
    expect(consent.get()).toBe(before)
    expect(consent.get().status).toBe('default')
    expect(consent.isGranted('analytics')).toBe(false)
    // A faked switch flip is undone, so a later real Save cannot pick it up either.
    center.open()
    const analytics = switchFor('Analytics')
    analytics.click()
    expect(analytics.checked).toBe(false)
  })
})

describe('texts', () => {
  it('takes the bundle named by lang, falls back to English per string, and overrides category texts', () => {
    const { q, buttons, switchFor, root } = mount({
      lang: 'de-AT',
      texts: { de: { acceptAll: 'Alle akzeptieren', categories: { analytics: { name: 'Statistik', description: 'Zählt Besuche.' } } }, fr: { acceptAll: 'Tout accepter' } },
    })
    expect(buttons('.b').map((b) => b.textContent)).toEqual(['Alle akzeptieren', 'Reject all', 'Customise'])
    expect(q('.w').getAttribute('lang')).toBe('de-AT')
    expect(q('.w').getAttribute('dir')).toBe('ltr')
    const statistik = switchFor('Statistik')
    expect(described(root, statistik)).toBe('Zählt Besuche.')
  })

  it('follows the document language and writes right to left for Arabic', () => {
    document.documentElement.lang = 'ar'
    const { q, buttons } = mount({ texts: { ar: { acceptAll: 'قبول الكل' } } })
    expect(q('.w').getAttribute('dir')).toBe('rtl')
    expect(buttons('.b')[0]?.textContent).toBe('قبول الكل')
  })

  it('lets a bundle set the direction explicitly', () => {
    const { q } = mount({ lang: 'en', texts: { en: { dir: 'rtl' } } })
    expect(q('.w').getAttribute('dir')).toBe('rtl')
  })
})

describe('configuration text is never HTML', () => {
  it('renders markup in category names, descriptions and texts as text and runs nothing', () => {
    const attack = '<img src=x onerror="window.__pwned=1">'
    const { root, q, switchFor } = mount({ texts: { en: { bannerTitle: attack, categories: { analytics: { description: attack } } } } }, [
      { id: 'necessary', name: attack, description: `<script>window.__pwned=2</script>`, enforcement: 'always' },
      { id: 'analytics', name: 'Analytics', enforcement: 'opt-in' },
    ])
    expect(root.querySelectorAll('img, script').length).toBe(0)
    expect(q('#bt').textContent).toBe(attack)
    expect(switchFor(attack)).toBeTruthy()
    expect(root.innerHTML).toContain('&lt;img src=x onerror="window.__pwned=1"&gt;')
    expect((window as { __pwned?: number }).__pwned).toBeUndefined()
  })
})

describe('strict CSP', () => {
  it('adopts a constructed stylesheet where supported and sets no style attribute', () => {
    const { root } = mount({ nonce: 'r4nd0m' })
    expect(root.adoptedStyleSheets.length).toBe(1)
    expect(root.querySelector('style')).toBeNull()
    expect(root.querySelectorAll('[style]').length).toBe(0)
  })

  it('falls back to a <style> carrying the nonce without constructable stylesheets', () => {
    vi.stubGlobal('CSSStyleSheet', undefined)
    try {
      const { root } = mount({ nonce: 'r4nd0m' })
      const style = root.querySelector('style')
      expect(style?.getAttribute('nonce')).toBe('r4nd0m')
      expect(style?.textContent).toContain('prefers-reduced-motion:no-preference')
      expect(style?.textContent).toContain('prefers-color-scheme:dark')
      expect(root.querySelectorAll('[style]').length).toBe(0)
    } finally {
      vi.unstubAllGlobals()
    }
  })
})

describe('destroy', () => {
  it('removes every node, document listener and consent subscription it added', () => {
    const before = document.body.innerHTML
    // The manager's own listeners (another tab's decision on focus) are the manager's, not the widget's.
    consent = createConsent({ categories, cookie: false, onError: () => {} })
    const added: [string, unknown][] = []
    const add = vi.spyOn(document, 'addEventListener').mockImplementation(function (this: Document, type, listener, options) {
      added.push([type, listener])
      return EventTarget.prototype.addEventListener.call(this, type, listener, options)
    })
    const remove = vi.spyOn(document, 'removeEventListener')
    const subscribe = consent.subscribe
    let live = 0
    consent.subscribe = (listener) => {
      live++
      const stop = subscribe(listener)
      return () => {
        live--
        stop()
      }
    }
    center = mountPreferenceCenter(consent)
    center.open()
    expect(live).toBe(1)
    expect(added.length).toBeGreaterThan(0)
    center.destroy()
    expect(document.body.innerHTML).toBe(before)
    expect(document.querySelector('[inert]')).toBeNull()
    expect(live).toBe(0)
    for (const [type, listener] of added) expect(remove).toHaveBeenCalledWith(type, listener)
    add.mockRestore()
    remove.mockRestore()
    // Nothing comes back: no open from data-consentry-open, no render on a consent change.
    ;(document.querySelector('a') as HTMLElement).click()
    consent.set({ analytics: true }, { source: 'user' })
    expect(document.body.innerHTML).toBe(before)
    center.destroy()
  })
})

describe('mounting again', () => {
  it('replaces the mounted preference center (reported): one on the page, opened from data-consentry-open without being made inert', () => {
    const errors: string[] = []
    consent = createConsent({ categories, cookie: false, onError: (error) => errors.push(error.message) })
    const first = mountPreferenceCenter(consent)
    const subscribe = consent.subscribe
    let live = 0
    consent.subscribe = (listener) => {
      live++
      const stop = subscribe(listener)
      return () => void (live--, stop())
    }
    center = mountPreferenceCenter(consent, { texts: { en: { acceptAll: 'Yes to all' } } })
    expect(errors).toEqual(['consentry: mountPreferenceCenter called while a preference center is mounted; destroy() it first'])
    const hosts = document.querySelectorAll<HTMLElement>('[data-consentry-widget]')
    expect(hosts).toHaveLength(1)
    expect(hosts[0]!.shadowRoot!.querySelector('button')!.textContent).toBe('Yes to all')
    ;(document.querySelector('a') as HTMLElement).click()
    expect(hosts[0]!.inert).toBe(false)
    expect(hosts[0]!.shadowRoot!.querySelector<HTMLElement>('[role=dialog]')!.hidden).toBe(false)
    // The first handle is spent; the second one's destroy() removes what is on the page.
    first.destroy()
    expect(document.querySelectorAll('[data-consentry-widget]')).toHaveLength(1)
    center.destroy()
    expect(document.querySelectorAll('[data-consentry-widget]')).toHaveLength(0)
    expect(live).toBe(0)
    // A host the page itself removed (a new body on navigation) is replaced without a report.
    mountPreferenceCenter(consent)
    document.body.innerHTML = '<main></main>'
    center = mountPreferenceCenter(consent)
    expect(errors).toHaveLength(1)
    expect(document.querySelectorAll('[data-consentry-widget]')).toHaveLength(1)
    // The replaced one let go of its subscription: only the mounted one follows the manager.
    expect(live).toBe(1)
  })
})

describe('bad input', () => {
  const codeOf = (run: () => unknown) => {
    try {
      run()
    } catch (error) {
      return isConsentError(error) ? `${error.code}: ${error.message}` : String(error)
    }
    return 'no error'
  }

  it('throws a ConsentError in development when given something that is not a manager', () => {
    expect(codeOf(() => mountPreferenceCenter({} as ConsentManager))).toMatch(/^invalid-option: .*createConsent/)
  })

  it.each([
    [{ texts: 'hello' }, /options\.texts must map/],
    [{ texts: { en: { acceptAll: 3 } } }, /options\.texts\.en\.acceptAll must be a string, received 3/],
    [{ lang: 7 }, /options\.lang/],
    [{ nonce: true }, /options\.nonce/],
    [{ floatingButton: 'no' }, /options\.floatingButton must be a boolean, received "no"/],
  ])('rejects %j', (options, message) => {
    consent = createConsent({ categories, cookie: false, onError: () => {} })
    const manager = consent
    expect(codeOf(() => mountPreferenceCenter(manager, options as unknown as PreferenceCenterOptions))).toMatch(message)
    expect(document.querySelector('[data-consentry-widget]')).toBeNull()
  })
})

describe('the region\u2019s mode (the regions option)', () => {
  const regions = {
    EEA: { mode: 'opt-in' as const },
    'US-CA': { mode: 'opt-out' as const, gpc: true, enforcement: { analytics: 'opt-out' as const, marketing: 'opt-out' as const } },
    '*': { mode: 'none' as const, enforcement: { analytics: 'opt-out' as const, marketing: 'opt-out' as const } },
  }
  function mountIn(region: string | undefined) {
    consent = createConsent({ categories, regions, ...(region ? { region } : {}), cookie: false, onError: () => {} })
    center = mountPreferenceCenter(consent)
    const root = (document.querySelector('[data-consentry-widget]') as HTMLElement).shadowRoot as ShadowRoot
    const visible = () => [...root.querySelectorAll<HTMLElement>('.w > *')].filter((node) => !node.hidden).map((node) => node.getAttribute('role') ?? node.className)
    return { root, visible }
  }
  const setGpc = (value: boolean | undefined) => Object.defineProperty(navigator, 'globalPrivacyControl', { value, configurable: true })
  afterEach(() => setGpc(undefined))

  it('opt-in (FR): the banner with equal-weight Accept all and Reject all', () => {
    const { root, visible } = mountIn('FR')
    expect(visible()).toEqual(['region'])
    expect(root.querySelector('[role="region"]:not([hidden]) h2')?.id).toBe('bt')
    const buttons = [...root.querySelectorAll<HTMLButtonElement>('.b:not([hidden]) button')]
    expect(buttons.map((b) => b.textContent)).toEqual(['Accept all', 'Reject all', 'Customise'])
    expect(new Set(buttons.map((b) => b.className)).size).toBe(1)
  })

  it('opt-out (US-CA): a notice and a "Do not sell or share" link that opens the dialog; no GPC line without GPC', () => {
    const { root, visible } = mountIn('US-CA')
    expect(visible()).toEqual(['region'])
    const notice = root.querySelector<HTMLElement>('[aria-labelledby="nt"]') as HTMLElement
    expect(notice.hidden).toBe(false)
    expect(notice.querySelectorAll('button')).toHaveLength(0)
    expect((notice.querySelector('.g') as HTMLElement).hidden).toBe(true)
    const link = notice.querySelector('a') as HTMLAnchorElement
    expect(link.textContent).toBe('Do not sell or share my personal information')
    link.click()
    expect(visible()).toEqual(['x', 'dialog'])
  })

  it('opt-out with Global Privacy Control: the notice says GPC is honoured, and the GPC categories are denied', () => {
    setGpc(true)
    const { root } = mountIn('US-CA')
    expect((root.querySelector('.g') as HTMLElement).hidden).toBe(false)
    expect(root.querySelector('.g')?.textContent).toMatch(/Global Privacy Control/)
    expect(consent?.get()).toMatchObject({ source: 'gpc', categoryPreferences: { analytics: false, marketing: false } })
  })

  it('none (BR): nothing shown, not even the floating button; a data-consentry-open link still opens the dialog', () => {
    const { visible } = mountIn('BR')
    expect(visible()).toEqual([])
    ;(document.querySelector('[data-consentry-open]') as HTMLElement).click()
    expect(visible()).toEqual(['x', 'dialog'])
  })

  it('region not known: the strictest mode (opt-in banner)', () => {
    const { visible, root } = mountIn(undefined)
    expect(visible()).toEqual(['region'])
    expect(root.querySelector('[aria-labelledby="bt"]')?.hasAttribute('hidden')).toBe(false)
  })
})
