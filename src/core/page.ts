/**
 * What the core reads and writes of the page it runs in, in this one module: the cookie jar, the
 * page's address, Global Privacy Control, and the signals that another tab may have changed the
 * decision. createConsent takes it once. On a server (no window or document) there is none: the
 * manager keeps every category denied and touches nothing.
 */
export interface Page {
  /** The document's cookies; '' where reading gives no string; undefined where reading throws (a sandboxed frame). */
  cookies(): string | undefined
  /**
   * Whether the browser blocks cookies for this page (`navigator.cookieEnabled`; reads then give
   * ''). Not asked during start-up: a page's first navigator read costs about 0.2 ms
   * (test/bench/first-touch.mjs).
   */
  blocked(): boolean
  /** Sets one cookie; nothing where the page refuses (the decision then lives in memory). */
  setCookie(text: string): void
  /** The page's address, read when needed: a single-page app changes its path. */
  location(): Pick<Location, 'hostname' | 'pathname' | 'protocol'>
  /** Global Privacy Control, read through the prototype, where browsers define it. */
  gpc(): boolean
  /** Calls `check` when another tab may have changed the decision; returns the function that stops it. */
  watch(check: () => void): () => void
}

const browser: Page = {
  cookies() {
    try {
      // A page script may have redefined document.cookie: only a string is read.
      const text: unknown = document.cookie
      return typeof text === 'string' ? text : ''
    } catch {
      return undefined
    }
  },
  setCookie(text) {
    try {
      document.cookie = text
    } catch {
      // Not writable here: the decision lives in memory for this page.
    }
  },
  blocked: () => navigator.cookieEnabled === false,
  location: () => location,
  gpc: () => (navigator as { globalPrivacyControl?: unknown }).globalPrivacyControl === true,
  watch(check) {
    const onVisible = () => document.visibilityState === 'visible' && check()
    // Every signal is followed from the next task, not during start-up: Chromium builds the
    // CookieStore object on its first read (about 1 ms, the largest single cost of a first
    // createConsent), and a first listener on the document costs about 0.3 ms more
    // (test/bench/first-touch.mjs). That task
    // then checks once, so a change another tab made before it, with or without a focus or
    // visibility change, is seen there (and before any save, which reads the newest decision).
    let cookieChanges: EventTarget | undefined
    const timer = setTimeout(() => {
      cookieChanges = (globalThis as { cookieStore?: EventTarget }).cookieStore
      cookieChanges?.addEventListener?.('change', check)
      document.addEventListener('visibilitychange', onVisible)
      addEventListener('focus', check)
      check()
    })
    return () => {
      clearTimeout(timer)
      document.removeEventListener('visibilitychange', onVisible)
      removeEventListener('focus', check)
      cookieChanges?.removeEventListener?.('change', check)
    }
  },
}

/** The page the code runs in, or undefined on a server. */
export const currentPage = (): Page | undefined => (typeof window === 'object' && typeof document === 'object' ? browser : undefined)
