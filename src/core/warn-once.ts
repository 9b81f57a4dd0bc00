const seen = /* @__PURE__ */ new Set<string>()

/** Development-only console warning, printed once per message; compiled out of production builds. */
export function warnOnce(message: string): void {
  if (process.env.NODE_ENV !== 'production' && !seen.has(message)) {
    seen.add(message)
    console.warn(`[consentry] ${message}`)
  }
}
