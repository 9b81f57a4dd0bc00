import { afterAll, describe, expect, it, vi } from 'vitest'
import { gateScripts } from 'consentry'
import { make } from './setup.js'

// A page with Trusted Types (https://w3c.github.io/trusted-types/dist/spec/): a gated tag's code
// and URL reach the page only through the "consentry" policy. happy-dom has no Trusted Types, so
// this file installs a factory that does what the spec's createPolicy does (returns a policy whose
// create* methods run the given rules and wrap the result in a Trusted* object that stringifies to
// it) and records what each rule was given. Enforcement itself is checked in Chromium.
const calls: string[] = []
const trusted = (value: string) => ({ toString: () => value })
vi.stubGlobal('trustedTypes', {
  createPolicy(name: string, rules: Record<'createScript' | 'createScriptURL', (value: string) => string>) {
    return {
      createScript: (value: string) => (calls.push(`${name}.createScript(${value})`), trusted(rules.createScript(value))),
      createScriptURL: (value: string) => (calls.push(`${name}.createScriptURL(${value})`), trusted(rules.createScriptURL(value))),
    }
  },
})
afterAll(() => void vi.unstubAllGlobals())

describe('gated scripts under Trusted Types', () => {
  it('the URL goes through createScriptURL and the code through createScript; no other attribute, no empty code', () => {
    document.body.innerHTML = `<script type="text/plain" data-consent="advertising" id="ext" src="/tag.js" data-extra="x"></script>
<script type="text/plain" data-consent="advertising" id="inline">track()</script>`
    const { consent, errors } = make()
    consent.set({ advertising: true })
    gateScripts(consent)
    expect(calls).toEqual(['consentry.createScriptURL(/tag.js)', 'consentry.createScript(track())'])
    expect((document.getElementById('ext') as HTMLScriptElement).getAttribute('src')).toBe('/tag.js')
    expect((document.getElementById('inline') as HTMLScriptElement).text).toBe('track()')
    expect((document.getElementById('inline') as HTMLScriptElement).type).toBe('')
    expect(errors).toEqual([])
  })
})
