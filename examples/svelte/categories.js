export const categories = [
  { id: 'necessary', name: 'Strictly necessary', enforcement: 'always' },
  { id: 'analytics', name: 'Analytics', enforcement: 'opt-in' },
  { id: 'marketing', name: 'Marketing', enforcement: 'opt-in' },
]
