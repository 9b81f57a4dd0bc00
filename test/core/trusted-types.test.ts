import { afterEach, describe, expect, it, vi } from 'vitest'
import { make } from './setup.js'

// The `consentry` Trusted Types policy that gated tags go through. happy-dom has no Trusted Types;
// this fake follows the W3C Trusted Types spec (https://w3c.github.io/trusted-types/dist/spec/):
// `trustedTypes.createPolicy(name, options)` throws a TypeError when the page's CSP
// `trusted-types` directive does not allow the name, and a policy's `createScript(input)` /
// `createScriptURL(input)` calls the matching option and wraps what it returns in a
// TrustedScript / TrustedScriptURL, whose toString() is that value.
type Rules = { createScript(input: string): unknown; createScriptURL(input: string): unknown }
const wrap = (kind: string, value: unknown) => ({ kind, value, toString: () => String(value) })
function installTrustedTypes(allowed: boolean) {
  const attempts: string[] = []
  const policies: { name: string; rules: Rules; policy: Rules }[] = []
  const createPolicy = (name: string, rules: Rules) => {
    attempts.push(name)
    if (!allowed) throw new TypeError(`Refused to create a TrustedTypePolicy named '${name}' because it violates the Content Security Policy directive "trusted-types"`)
    const policy = { createScript: (input: string) => wrap('TrustedScript', rules.createScript(input)), createScriptURL: (input: string) => wrap('TrustedScriptURL', rules.createScriptURL(input)) }
    policies.push({ name, rules, policy })
    return policy
  }
  Object.defineProperty(globalThis, 'trustedTypes', { configurable: true, value: { createPolicy } })
  return { attempts, policies }
}
// The policy is made once per page: each test loads the module afresh, as a new page would.
const load = async () => {
  vi.resetModules()
  return import('../../src/core/trusted-types.js')
}
afterEach(() => {
  delete (globalThis as { trustedTypes?: unknown }).trustedTypes
})

describe('Trusted Types policy for gated tags', () => {
  it('without Trusted Types the value is used as it is and nothing is reported', async () => {
    const { trusted } = await load()
    const { consent, errors } = make()
    expect(trusted(consent, 'track()', 'createScript')).toBe('track()')
    expect(trusted(consent, '/t.js', 'createScriptURL')).toBe('/t.js')
    expect(errors).toEqual([])
  })

  it('with Trusted Types the value goes through one "consentry" policy, made once', async () => {
    const { attempts, policies } = installTrustedTypes(true)
    const { trusted } = await load()
    const { consent, errors } = make()
    expect(trusted(consent, 'track()', 'createScript')).toMatchObject({ kind: 'TrustedScript', value: 'track()' })
    expect(trusted(consent, '/t.js', 'createScriptURL')).toMatchObject({ kind: 'TrustedScriptURL', value: '/t.js' })
    expect(trusted(consent, 'more()', 'createScript')).toMatchObject({ kind: 'TrustedScript', value: 'more()' })
    expect(attempts).toEqual(['consentry'])
    expect(policies.map((p) => p.name)).toEqual(['consentry'])
    expect(errors).toEqual([])
  })

  it('the policy refuses anything that was not just read from gated markup, even a value it passed before', async () => {
    const { policies } = installTrustedTypes(true)
    const { trusted } = await load()
    const { consent } = make()
    trusted(consent, 'track()', 'createScript')
    const { policy } = policies[0]!
    expect(() => policy.createScript('alert(document.cookie)')).toThrow(TypeError)
    expect(() => policy.createScriptURL('https://evil.test/x.js')).toThrow(/consentry/)
    expect(() => policy.createScript('track()')).toThrow(/consentry/)
  })

  it('a CSP that refuses the policy is reported once per manager (blocked-by-csp, with the fix); the value is tried as it is', async () => {
    const { attempts } = installTrustedTypes(false)
    const { trusted } = await load()
    const first = make()
    const second = make({ cookie: { name: 'other_consent' } })
    expect(trusted(first.consent, 'track()', 'createScript')).toBe('track()')
    expect(trusted(first.consent, '/t.js', 'createScriptURL')).toBe('/t.js')
    expect(trusted(second.consent, 'track()', 'createScript')).toBe('track()')
    expect(attempts).toEqual(['consentry'])
    for (const { errors } of [first, second]) {
      expect(errors.map((e) => e.code)).toEqual(['blocked-by-csp'])
      expect(errors[0]!.message).toMatch(/trusted-types consentry/)
    }
  })

  it('reportRefusal reports the sink error once per manager, with it as the cause and what was refused', async () => {
    const { reportRefusal } = await load()
    const { consent, errors } = make()
    const cause = new TypeError("This document requires 'TrustedScript' assignment.")
    reportRefusal(consent, cause, 'onload')
    reportRefusal(consent, cause, 'onload')
    expect(errors).toHaveLength(1)
    expect(errors[0]).toMatchObject({ code: 'blocked-by-csp', cause })
    // The policy was not refused: the message names the refused value and the browser's reason,
    // and does not send the site to a CSP directive that would change nothing.
    expect(errors[0]!.message).toMatch(/onload was refused \(TypeError: This document requires 'TrustedScript' assignment\.\)/)
    expect(errors[0]!.message).not.toMatch(/trusted-types consentry/)
  })

  it('a refused policy is reported with the directive to add, or the duplicate policy to allow', async () => {
    installTrustedTypes(false)
    const { reportRefusal, trusted } = await load()
    const { consent, errors } = make()
    trusted(consent, '/t.js', 'createScriptURL')
    reportRefusal(consent, new TypeError('refused'), 'src')
    expect(errors).toHaveLength(1)
    expect(errors[0]!.message).toMatch(/Content-Security-Policy: trusted-types consentry.*'allow-duplicates'/)
  })

  it('sinkOf: what the browser names (getAttributeType), else src as a script URL and on* handlers as script', async () => {
    const { sinkOf } = await load()
    // No Trusted Types: HTML's sinks of a script element.
    expect(['src', 'onload', 'ONERROR', 'async', 'data-consent', 'nonce'].map(sinkOf)).toEqual(['createScriptURL', 'createScript', 'createScript', undefined, undefined, undefined])
    // The spec's TrustedTypePolicyFactory.getAttributeType(tagName, attribute) answers where present.
    const types: Record<string, string> = { src: 'TrustedScriptURL', onload: 'TrustedScript' }
    Object.defineProperty(globalThis, 'trustedTypes', { configurable: true, value: { getAttributeType: (tag: string, name: string) => (tag === 'script' && types[name]) || null } })
    expect(['src', 'onload', 'onfoo', 'async'].map(sinkOf)).toEqual(['createScriptURL', 'createScript', undefined, undefined])
  })
})
