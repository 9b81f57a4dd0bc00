// Ketch's page API: a `semaphore` command queue that the tag drains when it loads, fronted by the
// `ketch()` function. Commands given before the tag loads wait in the queue.

type KetchWindow = { ketch?: unknown; semaphore?: unknown }

/**
 * Runs a Ketch command: through `window.ketch` when present, else by pushing onto
 * `window.semaphore`, creating the standard snippet's queue when the page has none yet.
 */
export function ketch(...command: unknown[]): void {
  const w = window as KetchWindow
  if (typeof w.ketch === 'function') return void w.ketch(...command)
  w.semaphore ??= []
  const queue = w.semaphore as { push(item: unknown): unknown }
  queue.push(command)
}
