// The integration runtime: everything the integration entries share, built as one file
// (dist/chunks/integrations.js) that each of them imports, so a site using several pays for it once.
export { assertSdk } from './assert-sdk.js'
export { heldCalls } from './held-calls.js'
export { deleteRevokedCookies, guard, isOptIn } from './shared.js'
export { wrapSdk } from './wrap-sdk.js'
