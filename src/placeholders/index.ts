// The contextual placeholders entry (`consentry/placeholders`). Every export is named: this list is its API.
export { showPlaceholders } from './show-placeholders.js'

export type { PlaceholderOptions } from './show-placeholders.js'
export type { PlaceholderTexts } from './texts.js'
