// Byte budgets (gzip -9 of the terser-minified file). A budget is raised only in the commit that
// causes the growth, and the README table is regenerated with `npm run size -- --write`.
export const budgets = [
  { label: 'core (consentry)', files: ['dist/index.js'], budget: 4096 },
  { label: 'widget (consentry/widget)', files: ['dist/widget.js'], budget: 3328 },
  { label: 'full script tag (consentry.iife.min.js)', files: ['dist/consentry.iife.min.js'], budget: 9728 },
  // Each adapter on its own (its shared helpers included, the core it imports excluded).
  ...['onetrust', 'trustarc', 'ketch', 'custom', 'tcf', 'gpp'].map((name) => ({ label: `adapter ${name}`, files: [`dist/adapters/${name}/index.js`], budget: 819 })),
]
