// Helpers only the built-in adapters need (rollup inlines this file into each adapter's own dist
// file). The general ones (adapterGuard, mapReading, poll) live in the core entry.
import { ConsentError, poll, type AdapterGuard } from 'consentry'

export const isObject = (value: unknown): value is Record<string, unknown> =>
  typeof value === 'object' && value !== null && !Array.isArray(value)

/** Development-only option check: every value of `map` is a `type` or a non-empty list of them. */
export function assertMap(adapter: string, option: string, map: unknown, type: 'string' | 'number'): void {
  const ok =
    isObject(map) &&
    Object.values(map).every((ids) => {
      const list: unknown[] = Array.isArray(ids) ? ids : [ids]
      return list.length > 0 && list.every((id) => typeof id === type && id !== '')
    })
  if (!ok) {
    throw new ConsentError('invalid-option', `consentry: ${adapter}({ ${option} }) must map category ids to a ${type} or a non-empty array of them; received ${String(JSON.stringify(map))}`)
  }
}

/**
 * Listens through an IAB CMP API (`__tcfapi`, `__gpp`), looking for it every 100 ms for up to
 * `timeoutMs`: registers with `addEventListener` (after the `version` arguments), keeps the
 * listenerId the CMP hands back, and returns the teardown that removes the listener. Events after
 * teardown are ignored; `handle` runs guarded.
 */
export function listenIab(
  safe: AdapterGuard['safe'],
  getApi: () => ((command: string, ...args: any[]) => unknown) | undefined,
  version: readonly unknown[],
  timeoutMs: number,
  handle: (data: unknown, success: unknown) => void,
): () => void {
  let stopped = false
  let listenerId: unknown
  const listener = (data: unknown, success: unknown) =>
    stopped ||
    safe(() => {
      if (isObject(data) && data.listenerId != null) listenerId = data.listenerId
      handle(data, success)
    })
  const stopPolling = poll(() => {
    const api = safe(getApi)
    if (api) safe(() => api('addEventListener', ...version, listener))
    return !!api
  }, 100, timeoutMs / 100)
  return () => {
    stopped = true
    stopPolling()
    if (listenerId != null) safe(() => getApi()?.('removeEventListener', ...version, () => {}, listenerId))
  }
}
