import { ConsentError } from './consent-error.js'
import type { ConsentManager } from './types.js'
import { isManager } from './is-manager.js'

// What each gated embed holds back: every attribute it fetches a URL from, as data-* attribute →
// the attribute it becomes, and whether the browser prefers it to the ones before (srcset over
// src, srcdoc over src, imagesrcset over href); a poster is a URL of its own.
type Move = readonly [from: string, to: string, preferred?: boolean]
const MOVES: Readonly<Record<string, readonly Move[]>> = {
  link: [
    ['data-href', 'href'],
    ['data-imagesrcset', 'imagesrcset', true],
  ],
  iframe: [
    ['data-src', 'src'],
    ['data-srcdoc', 'srcdoc', true],
  ],
  img: [
    ['data-src', 'src'],
    ['data-srcset', 'srcset', true],
  ],
  source: [
    ['data-src', 'src'],
    ['data-srcset', 'srcset', true],
  ],
  video: [
    ['data-src', 'src'],
    ['data-poster', 'poster'],
  ],
  object: [['data-data', 'data']],
}
const SRC: readonly Move[] = [['data-src', 'src']]
const movesOf = (el: Element) => MOVES[el.localName] ?? SRC

/** What gateElements watches on an embed after it started: its categories and every URL attribute. */
export const ATTRIBUTES: string[] = ['data-consent', 'data-category', ...Object.values(MOVES).flatMap((moves) => moves.flatMap(([from, to]) => [from, to]))]

/** Gated embeds: every kind gateElements handles, carrying either category attribute. */
export const EMBED_SELECTOR = ['iframe', 'img', 'video', 'audio', 'source', 'link', 'embed', 'object'].flatMap((tag) => [`${tag}[data-consent]`, `${tag}[data-category]`]).join(',')

// Module state, so that gateElements, allowOnce and every copy of the entry agree on an element.
const active = new WeakSet<Element>()
const once = new WeakSet<Element>()
// What the markup had in the target attributes (a placeholder image, say), restored on revoke.
const original = new WeakMap<Element, Record<string, string | null>>()

// The last value a gate wrote to each attribute of an element. A gate's own writes are no news to
// the gates' observers: two gates that disagree (two managers) would otherwise answer each other for ever.
const written = new WeakMap<Element, Map<string, string | null>>()
function write(el: Element, name: string, value: string | null): void {
  written.set(el, (written.get(el) ?? new Map()).set(name, value))
  if (value === null) el.removeAttribute(name)
  else el.setAttribute(name, value)
}

/** Whether an attribute mutation only shows what a gate wrote there itself. */
export const byGate = ({ target, attributeName }: MutationRecord): boolean => written.get(target as Element)?.get(attributeName!) === (target as Element).getAttribute(attributeName!)

const isMedia = (el: Element | null): el is HTMLMediaElement => el?.localName === 'video' || el?.localName === 'audio'

/** A media element starts over from its new sources; one that was playing stops first. */
function reload(el: Element, revoked: boolean): void {
  const media = isMedia(el) ? el : isMedia(el.parentElement) ? el.parentElement : undefined
  try {
    if (revoked) media?.pause()
    media?.load()
  } catch {
    // An engine without media support (a test DOM) has nothing to reload.
  }
}

/** A URL the browser would run as code (`javascript:`) is never activated: an embed is not a script. */
function unsafe(value: string): boolean {
  try {
    return /^(?:javascript|vbscript):$/i.test(new URL(value, document.baseURI).protocol)
  } catch {
    return false
  }
}

/** Activates one embed: its data-* URLs move into place. Elements already active are left alone. */
export function loadEmbed(consent: ConsentManager, el: Element): void {
  if (active.has(el)) return
  const moves = movesOf(el)
  const values = moves.map(([from]) => el.getAttribute(from))
  const bad = values.find((value): value is string => value !== null && unsafe(value))
  if (bad !== undefined) return consent.report(new ConsentError('invalid-option', `consentry: a gated <${el.localName}> has a script URL (${bad.slice(0, 40)}); it stays blocked`))
  if (!original.has(el)) original.set(el, Object.fromEntries(moves.map(([, to]) => [to, el.getAttribute(to)])))
  active.add(el)
  moves.forEach(([, to], i) => values[i] !== null && write(el, to, values[i]!))
  reload(el, false)
}

/** Whether a revoke would blank this embed: it is active, and not loaded once by the visitor. */
export const blankable = (el: Element): boolean => active.has(el) && !once.has(el)

/** Marks a gated embed whose markup had its URL in place (see adoptLive); placeholders skip it. */
export const LIVE = 'data-consentry-live'

/**
 * A gated embed's URL that is live in the markup loads with the page, whatever the visitor chose:
 * nothing can stop that. Live is a URL attribute (`src`, `srcset`, `srcdoc`, `href`, `poster`…) set with no
 * data-* twin, unless a twin the browser prefers to it is set (`<img src="placeholder"
 * data-srcset>`), or set to the very value of its twin (copied, not moved). Each is reported; its
 * URL moves to the data-* attribute and the embed counts as active, so a denial blanks it at once,
 * as a revoke does, and a grant leaves it running. What the markup had elsewhere is kept to put back.
 */
export function adoptLive(consent: ConsentManager, el: Element, owner?: Element): void {
  if (active.has(el)) return
  const moves = movesOf(el)
  const live = moves.filter(([from, to], i) => {
    const value = el.getAttribute(to)
    // about:blank loads nothing; it is what a revoke puts in an iframe (never live, or the gate
    // would adopt its own blanking for ever where data-src is about:blank).
    return value && value !== 'about:blank' && (el.hasAttribute(from) ? el.getAttribute(from) === value : !moves.slice(i + 1).some(([later, , preferred]) => preferred && el.hasAttribute(later)))
  })
  if (!live.length) return
  for (const [from, to] of live) {
    const what = owner ? `<${owner.localName}> has a <source> without data-consent whose URL is in ${to}` : `<${el.localName}> has its URL in ${to}`
    consent.report(new ConsentError('invalid-option', `consentry: a gated ${what}, so it loads without consent; move it to ${from}`))
    write(el, from, el.getAttribute(to))
  }
  el.setAttribute(LIVE, '')
  // The live URLs are not the markup's to put back: a revoke blanks them.
  original.set(el, Object.fromEntries(moves.map(([, to]) => [to, live.some(([, l]) => l === to) ? null : el.getAttribute(to)])))
  active.add(el)
}

/**
 * The `<source>`s without categories that a gated embed takes its URL from: a `<picture>`'s (they
 * win over its `<img>`) or a player's (it plays the first). They load with it, whatever the visitor
 * chose; each gets the embed's categories, to be adopted as live (see adoptLive) with it as owner.
 */
export function freeSources(el: Element): Element[] {
  const holder = isMedia(el) ? el : el.localName === 'img' && el.parentElement?.localName === 'picture' ? el.parentElement : undefined
  const free = Array.from(holder?.children ?? []).filter((source) => source.localName === 'source' && !source.matches(EMBED_SELECTOR) && (source.hasAttribute('src') || source.hasAttribute('srcset')))
  for (const source of free) for (const name of ['data-consent', 'data-category']) el.hasAttribute(name) && write(source, name, el.getAttribute(name))
  return free
}

/** Blanks an active embed again (revoked), unless the visitor loaded it once for this page view. */
export function unloadEmbed(el: Element): void {
  if (!active.has(el) || once.has(el)) return
  active.delete(el)
  const before = original.get(el) ?? {}
  for (const [, to] of movesOf(el)) {
    const value = before[to]
    // An iframe keeps its document when src is removed: it must navigate away.
    write(el, to, value ?? (el.localName === 'iframe' && to === 'src' ? 'about:blank' : null))
  }
  reload(el, true)
}

/**
 * Loads one gated embed now, for this page view only, whatever its categories: a visitor's "load
 * this once" on a placeholder. A revoke does not blank it again; nothing is stored.
 *
 * @throws ConsentError `invalid-option` in development when `consent` is not a manager from createConsent
 * (in production: printed with console.error, and nothing is done).
 * @example
 * // A "play this video" button of your own, next to <iframe id="video" data-src="…" data-consent="marketing">:
 * document.querySelector('#play-once')?.addEventListener('click', (event) => {
 *   const video = document.querySelector('#video')
 *   if (event.isTrusted && video) allowOnce(consent, video)
 * })
 */
export function allowOnce(consent: ConsentManager, element: Element): void {
  if (!isManager(consent, 'allowOnce')) return
  if (!element?.matches?.(EMBED_SELECTOR)) return consent.report(new ConsentError('invalid-option', 'consentry: allowOnce() needs a gated iframe, img, video, audio, source or link'))
  once.add(element)
  loadEmbed(consent, element)
  for (const source of Array.from(element.querySelectorAll('source'))) if (source.matches(EMBED_SELECTOR)) once.add(source), loadEmbed(consent, source)
}
