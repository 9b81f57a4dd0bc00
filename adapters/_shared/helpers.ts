// Helpers only the built-in adapters need (rollup inlines this file into each adapter's own dist
// file). The general ones (adapterGuard, mapReading, poll) live in the core entry.
import { ConsentError } from 'consentry'

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
