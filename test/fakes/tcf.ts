// A real TCF v2.2 CMP for tests, built from the IAB's own packages: the IAB stub queues calls
// until `new CmpApi()` replaces it, and TC strings are encoded by @iabtechlabtcf/core against a
// small inline vendor list (the npm package ships none).
import { GVL, TCModel, TCString, type VendorList } from '@iabtechlabtcf/core'
import { CmpApi, CmpApiModel } from '@iabtechlabtcf/cmpapi'
import installStub from '@iabtechlabtcf/stub'

const entry = (id: number, name: string) => ({ id, name, description: '' })
const numbered = (count: number, prefix: string) => Object.fromEntries(Array.from({ length: count }, (_, i) => [i + 1, entry(i + 1, `${prefix}${i + 1}`)]))
const vendor = (id: number, name: string, purposes: number[]) => ({
  id,
  name,
  purposes,
  legIntPurposes: [],
  flexiblePurposes: [],
  specialPurposes: [1, 2],
  features: [],
  specialFeatures: [],
  usesCookies: true,
  cookieMaxAgeSeconds: 34190000,
  cookieRefresh: false,
  usesNonCookieAccess: true,
})

export const TEST_GVL: VendorList = {
  gvlSpecificationVersion: 3,
  vendorListVersion: 80,
  tcfPolicyVersion: 4,
  lastUpdated: '2025-01-01T00:00:00Z',
  purposes: numbered(11, 'Purpose '),
  specialPurposes: numbered(2, 'Special purpose '),
  features: numbered(1, 'Feature '),
  specialFeatures: numbered(2, 'Special feature '),
  stacks: {},
  vendors: { 755: vendor(755, 'Google Advertising Products', [1, 2, 3, 4, 7, 9, 10]), 1: vendor(1, 'Exponential Interactive', [1, 2, 3]) },
} as unknown as VendorList

/** A real TCF v2.2 TC string with these purpose and vendor consents. */
export function makeTcString(purposes: number[], vendors: number[] = []): string {
  const model = new TCModel(new GVL(TEST_GVL))
  model.cmpId = 10
  model.cmpVersion = 1
  model.consentScreen = 1
  model.publisherCountryCode = 'DE'
  model.purposeConsents.set(purposes)
  model.vendorConsents.set(vendors)
  const fixed = new Date(Date.UTC(2025, 0, 15))
  model.created = fixed
  model.lastUpdated = fixed
  return TCString.encode(model)
}

/** The IAB stub, as the page's first script. */
export const installTcfStub = (): void => installStub()

/** The CMP script: replaces the stub (draining its queue); drive it with `cmp.update(...)`. */
export const loadTcfCmp = (): CmpApi => new CmpApi(10, 1, false)

export function uninstallTcf(): void {
  // The reference CMP keeps its state (TC model, listener ids) in statics: a new page each test.
  CmpApiModel.reset()
  delete (window as { __tcfapi?: unknown }).__tcfapi
  document.querySelector('iframe[name="__tcfapiLocator"]')?.remove()
}
