// Byte budgets (gzip -9 of the terser-minified file). A budget is raised only in the commit that
// causes the growth, and the README table is regenerated with `npm run size -- --write`.
export const budgets = [
  { label: 'core (consentry)', files: ['dist/index.js'], budget: 4096 },
  { label: 'widget (consentry/widget)', files: ['dist/widget.js'], budget: 3328 },
  { label: 'full script tag (consentry.iife.min.js)', files: ['dist/consentry.iife.min.js'], budget: 7168 },
  // zod stays external (a dependency), so this is the ledger's own code only.
  { label: 'ledger (consentry/ledger, without zod)', files: ['dist/ledger/index.js'], budget: 7168 },
]
