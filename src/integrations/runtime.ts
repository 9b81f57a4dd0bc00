// The integration runtime: everything the integration entries share, built as one file
// (dist/chunks/integrations.js) that each of them imports, so a site using several pays for it once.
export { assertSdk } from './assert-sdk.js'
export { isIdList, isRecord, mappingProblems, readOptions } from './check-options.js'
export { heldCalls } from './held-calls.js'
export { guard } from './guard-call.js'
export { managerOrInert } from './manager-or-inert.js'
export { isOptIn } from './opt-in-model.js'
export { deleteRevokedCookies } from './revoked-cookies.js'
export { sentPreferences } from './sent-preferences.js'
export { wrapOnce } from './wrap-once.js'
export { wrapSdk } from './wrap-sdk.js'
