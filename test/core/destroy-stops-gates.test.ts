import { afterEach, describe, expect, it } from 'vitest'
import { createConsent, gateElements, gateScripts } from 'consentry'
import { categories, make } from './setup.js'

// destroy() stops the gates built on the manager: its state no longer changes, so a gate that
// went on acting would activate whatever a later DOM change adds under that frozen grant, even
// after the site made a new manager in which the visitor revoked it (an SPA re-mount).
const tick = () => new Promise((resolve) => setTimeout(resolve))
const add = (html: string) => document.body.insertAdjacentHTML('beforeend', html)
const $ = (selector: string) => document.querySelector(selector)!
afterEach(() => {
  document.body.innerHTML = ''
})

const IFRAME = '<iframe id="late" data-src="https://www.youtube-nocookie.com/embed/x" data-consent="analytics" title="Video"></iframe>'
const SCRIPT = '<script id="late-script" type="text/plain" data-consent="analytics" src="https://t.example.test/a.js"></script>'

describe('destroy() and the gates', () => {
  it('gateElements: an embed added after destroy() stays inert; what was active stays as it was', async () => {
    add('<img id="early" data-src="https://px.example.test/p.gif" data-consent="analytics" alt="">')
    const { consent } = make()
    consent.set({ analytics: true })
    gateElements(consent)
    expect($('#early').getAttribute('src')).toBe('https://px.example.test/p.gif')
    consent.destroy()
    expect(consent.isGranted('analytics')).toBe(true) // still answers with its last state
    add(IFRAME)
    await tick()
    expect($('#late').hasAttribute('src')).toBe(false)
    expect($('#early').getAttribute('src')).toBe('https://px.example.test/p.gif')
  })

  it('gateScripts: a tag added after destroy() stays blocked', async () => {
    const { consent } = make()
    consent.set({ analytics: true })
    gateScripts(consent)
    consent.destroy()
    add(SCRIPT)
    await tick()
    expect($('#late-script').getAttribute('type')).toBe('text/plain')
  })

  it('a gate made on a destroyed manager throws nothing and activates nothing', () => {
    add(IFRAME + SCRIPT)
    const { consent } = make()
    consent.set({ analytics: true })
    consent.destroy()
    expect(() => gateElements(consent)()).not.toThrow()
    expect(() => gateScripts(consent)()).not.toThrow()
    expect($('#late').hasAttribute('src')).toBe(false)
    expect($('#late-script').getAttribute('type')).toBe('text/plain')
  })

  it('a new manager that denies is not undone by the old gates', async () => {
    const { consent: old } = make()
    old.set({ analytics: true })
    gateElements(old)
    old.destroy()
    const { consent } = make()
    consent.set({ analytics: false })
    gateElements(consent)
    add(IFRAME)
    await tick()
    expect($('#late').hasAttribute('src')).toBe(false)
  })

  it('the deny-safe view a second configuration gets stops its gates on its own destroy()', async () => {
    const { consent: page } = make()
    page.set({ analytics: true })
    const errors: unknown[] = []
    // Another destination list: the registry hands out a scoped view of the page's manager.
    const scoped = createConsent({ categories, destinations: { Other: ['analytics'] }, onError: (e) => errors.push(e) })
    expect(scoped).not.toBe(page)
    expect(scoped.isGranted('analytics')).toBe(true)
    gateElements(scoped)
    scoped.destroy()
    add(IFRAME)
    await tick()
    expect($('#late').hasAttribute('src')).toBe(false)
    expect(errors).toHaveLength(1)
  })

  it('the deny-safe view stops its gates too when the page manager it reads is destroyed', async () => {
    const { consent: page } = make()
    page.set({ analytics: true })
    const scoped = createConsent({ categories, destinations: { Other: ['analytics'] }, onError: () => {} })
    gateElements(scoped)
    gateScripts(scoped)
    page.destroy()
    add(IFRAME + SCRIPT)
    await tick()
    expect($('#late').hasAttribute('src')).toBe(false)
    expect($('#late-script').getAttribute('type')).toBe('text/plain')
    // And a gate made on the view afterwards activates nothing either.
    expect(() => gateElements(scoped)()).not.toThrow()
    expect($('#late').hasAttribute('src')).toBe(false)
  })
})
