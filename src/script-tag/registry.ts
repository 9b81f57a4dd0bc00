// How the script-tag files meet on `window.Consentry`, whatever order they load in. An add-on file
// is `function (require, exports) { … }` (its CommonJS build, with 'consentry' as the only import);
// arriving before a core it leaves itself in `window.Consentry.q`, arriving after it calls
// `window.Consentry.use`. The core (the core file or the all-in-one file) installs the global and
// applies the queue in arrival order.

/** An add-on's body: reads the core through `require('consentry')`, fills `exports`. */
export type AddonFactory = (require: (id: string) => unknown, exports: Record<string, unknown>) => void

/** One queued add-on: its name, its body, and whether it is a CMP adapter (kept under `adapters`). */
export type QueuedAddon = [name: string, factory: AddonFactory, adapter?: 1]

/** What the core installs on `window.Consentry` besides the public API. */
export interface Registry {
  /** Names of the add-ons applied so far (`onetrust`, `widget`, …). */
  addons: string[]
  /** Applies one add-on; add-on files call it when they load after the core. */
  use(name: string, factory: AddonFactory, adapter?: 1): void
  /** Called after each add-on is applied (the declarative start waits with it). */
  onAddon?: (() => void) | undefined
}

/**
 * Installs `api` as `window.Consentry` unless a core is there already (a second copy keeps the
 * first, which every add-on has joined), then applies the add-ons that arrived first. Returns the
 * global in use. `builtIn` names the add-ons `api` holds already (the all-in-one file): their
 * files are skipped. Nothing here throws into the page: a broken add-on is reported and skipped.
 * @example
 * const mine = { version: __VERSION__, ...core, adapters: {} }
 * if (installGlobal(mine) === mine) declarativeStart(mine, document.currentScript)
 */
export function installGlobal<T extends object>(api: T & { adapters: Record<string, unknown> }, builtIn: string[] = []): T & Registry {
  type W = { Consentry?: { q?: unknown; use?: unknown } }
  const previous = (window as unknown as W).Consentry
  if (typeof previous?.use === 'function') return previous as unknown as T & Registry
  const global = api as T & Registry & { adapters: Record<string, unknown> }
  global.addons = builtIn
  global.use = (name, factory, adapter) => {
    if (global.addons.includes(name)) return
    try {
      const exports: Record<string, unknown> = {}
      factory(() => global, exports)
      Object.assign(adapter ? global.adapters : global, exports)
      global.addons.push(name)
    } catch (error) {
      console.error(`consentry: the add-on "${name}" failed to start`, error)
    }
    global.onAddon?.()
  }
  ;(window as unknown as W).Consentry = global
  const queue = previous?.q
  if (Array.isArray(queue)) for (const [name, factory, adapter] of queue as QueuedAddon[]) global.use(name, factory, adapter)
  return global
}
