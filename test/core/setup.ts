import { afterEach, vi } from 'vitest'
import Cookies from 'js-cookie'
import { createConsent, type Category, type ConsentManager, type ConsentOptions } from 'consentry'

export const categories: Category[] = [
  { id: 'necessary', name: 'Strictly necessary', enforcement: 'always' },
  { id: 'analytics', name: 'Analytics', enforcement: 'opt-out', gpc: true },
  { id: 'advertising', name: 'Advertising', enforcement: 'opt-in', gpc: true },
  { id: 'newsletter', name: 'Newsletter tips', enforcement: 'opt-in', parent: 'advertising' },
]

const created: ConsentManager[] = []

/** createConsent with the shared test categories; destroyed after each test. Errors are collected. */
export function make(options: Partial<ConsentOptions> = {}) {
  const errors: { code: string; message: string }[] = []
  const consent = createConsent({ categories, onError: (error) => errors.push(error), ...options })
  created.push(consent)
  return { consent, errors }
}

export function setGpc(value: boolean | undefined): void {
  Object.defineProperty(navigator, 'globalPrivacyControl', { value, configurable: true })
}

afterEach(() => {
  for (const consent of created.splice(0)) consent.destroy()
  for (const name of Object.keys(Cookies.get())) Cookies.remove(name, { path: '/' })
  setGpc(undefined)
  vi.useRealTimers()
  vi.restoreAllMocks()
})
