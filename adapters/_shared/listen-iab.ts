// The IAB CMP APIs' (`__tcfapi`, `__gpp`) shared listener life cycle, for the TCF and GPP adapters.
import { poll, type AdapterGuard } from 'consentry'
import { isObject } from './own.js'

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
  const stopPolling = poll(
    () => {
      const api = safe(getApi)
      if (api) safe(() => api('addEventListener', ...version, listener))
      return !!api
    },
    100,
    timeoutMs / 100,
  )
  return () => {
    stopped = true
    stopPolling()
    if (listenerId != null) safe(() => getApi()?.('removeEventListener', ...version, () => {}, listenerId))
  }
}
