import type { ConsentManager } from 'consentry'

/** Whether an integration runs the opt-in model: the option, else opt-in when any category is. */
export const isOptIn = (consent: ConsentManager, model: 'opt-in' | 'opt-out' | undefined): boolean => (model ? model === 'opt-in' : consent.categories.some((c) => c.enforcement === 'opt-in'))
