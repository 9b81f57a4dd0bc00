import { afterEach, describe, expect, it, vi } from 'vitest'
import { make } from './setup.js'

// The `cookies` option's patterns, as resolve-cookies checks them.
afterEach(() => {
  for (const pair of document.cookie.split('; ').filter(Boolean)) document.cookie = `${pair.split('=')[0]}=;expires=Thu, 01 Jan 1970 00:00:01 GMT;path=/`
  vi.unstubAllEnvs()
})

describe('cookies option: patterns', () => {
  it('with cookie: false there is no consent cookie to protect: "*" is accepted and clears every cookie of a denied category', () => {
    document.cookie = '_fbp=1; path=/'
    const { errors } = make({ cookie: false, cookies: { advertising: ['*'] } })
    expect(errors).toEqual([])
    expect(document.cookie).toBe('')
  })

  it.each([[' _ga'], ['_ga '], ['_g a'], ['_ga,_fbp'], ['_ga=1']])('an entry with whitespace or a separator (%j) is reported and dropped', (entry) => {
    vi.stubEnv('NODE_ENV', 'production')
    document.cookie = '_ga=1; path=/'
    const { errors } = make({ cookie: false, cookies: { advertising: [entry] } })
    expect(errors.map((e) => e.message)).toEqual([`consentry: option "cookies.advertising[0]" must be a cookie name ("*" matches any characters) or a RegExp; received ${JSON.stringify(entry)}`])
    expect(document.cookie).toBe('_ga=1')
  })
})
