// The preference center entry (`consentry/widget`). Every export is named: this list is its API.
export { mountPreferenceCenter } from './mount-preference-center.js'

export type { PreferenceCenter, PreferenceCenterOptions } from './preference-center-types.js'
export type { PreferenceCenterTexts } from './texts.js'
