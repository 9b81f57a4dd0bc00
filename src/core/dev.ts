/**
 * Whether this is a development build. Bundlers replace `process.env.NODE_ENV` in the text; a
 * browser loading the ESM build with no bundler has no `process` at all, and that must not throw
 * into the page: it counts as production (checks still run there, they report instead of throwing).
 */
export function isDev(): boolean {
  try {
    return process.env.NODE_ENV !== 'production'
  } catch {
    return false
  }
}
