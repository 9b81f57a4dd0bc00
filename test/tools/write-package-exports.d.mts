/** package.json text with `exports`, `typesVersions` and `files` as entries.mjs says. */
export function expectedPackageJson(text?: string): string
