// Shared imports for the adapter tests: the public core entry plus the custom adapter.
export { createConsent, type ConsentError, type ConsentManager, type ConsentOptions } from 'consentry'
export { customAdapter } from '../../adapters/custom/index.js'
