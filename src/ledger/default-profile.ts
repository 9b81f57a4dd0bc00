import type { ComplianceProfile } from './types.js'

/**
 * The profile a ledger uses when none is given: a non-restrictive Commercial purpose (email may
 * be sent unless the contact point opted out) and a disabled Transactional purpose (always sent).
 * Copy it and add topics or change enforcement to match the regulations you work under.
 *
 * @example
 * const profile = { ...defaultProfile, purposes: defaultProfile.purposes.map((p) =>
 *   p.id === 'commercial' ? { ...p, topics: [{ id: 'newsletter', name: 'Newsletter', enforcement: 'restrictive' }] } : p) }
 */
export const defaultProfile: ComplianceProfile = {
  id: 'default',
  name: 'Default compliance profile',
  purposes: [
    { id: 'commercial', name: 'Commercial', type: 'commercial', enforcement: 'non-restrictive', topics: [] },
    { id: 'transactional', name: 'Transactional', type: 'transactional', enforcement: 'disabled', topics: [] },
  ],
}
