import type { Page } from './page.js'

/**
 * Every `Domain`/`Path` pair a cookie set for this page can have: the host and each parent domain
 * (plus no domain), each path prefix of this page with and without its trailing slash.
 * `document.cookie` does not say which one a cookie was set with, so expiring means all of them.
 */
export function cookieScopes(page: Page): string[] {
  const location = page.location()
  const segments = location.pathname.split('/')
  const prefixes = segments.map((_, i) => segments.slice(0, i + 1).join('/') || '/')
  const paths = new Set([...prefixes, ...prefixes.map((p) => (p.endsWith('/') ? p : `${p}/`))])
  return domainsOf(location.hostname).flatMap((domain) => [...paths].map((path) => `;path=${path}${domain}`))
}

/** `;domain=` for the host's parent domains (not the top-level label); none for an IP address. */
function domainsOf(hostname: string): string[] {
  if (/^[\d.]+$|:/.test(hostname)) return ['']
  const labels = hostname.split('.')
  // The browser refuses a public suffix (co.uk) by itself: trying it costs one ignored write.
  return ['', ...labels.slice(0, -1).map((_, i) => `;domain=.${labels.slice(i).join('.')}`)]
}
