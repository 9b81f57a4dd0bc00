// A real GPP 1.1 CMP for tests: a spec-shaped `__gpp` stub (answers `ping`, queues the rest and
// hands the queue over when called with no arguments), then the IAB's @iabgpp/cmpapi CmpApi,
// which drains that queue and fires the real event sequence.
import { CmpApi, SignalStatus } from '@iabgpp/cmpapi'

type Call = [string, ((...args: unknown[]) => void)?, unknown?]

/** The page's first script: the GPP stub. */
export function installGppStub(): void {
  const queue: Call[] = []
  ;(window as { __gpp?: unknown }).__gpp = (...args: Call | []) => {
    if (args.length === 0) return queue
    const [command, callback] = args
    if (command === 'ping') {
      callback?.({ gppVersion: '1.1', cmpStatus: 'stub', cmpDisplayStatus: 'hidden', signalStatus: 'not ready', supportedAPIs: ['7:usnat', '8:usca'], cmpId: 0, sectionList: [], applicableSections: [0], gppString: '', parsedSections: {} }, true)
    } else queue.push(args as Call)
    return undefined
  }
}

export interface FakeGpp {
  cmp: CmpApi
  /** The CMP resolves (or the user saves) a US section: fields set, sectionChange, signal ready. */
  decide(section: string, id: number, fields: Record<string, unknown>): void
}

/** The CMP script: replaces the stub; the signal stays "not ready" until `decide`. */
export function loadGppCmp(): FakeGpp {
  const cmp = new CmpApi(10, 1)
  cmp.setSupportedAPIs(['7:usnat', '8:usca'])
  return {
    cmp,
    decide(section, id, fields) {
      cmp.setSignalStatus(SignalStatus.NOT_READY)
      cmp.setApplicableSections([id])
      for (const [field, value] of Object.entries(fields)) cmp.setFieldValue(section, field, value)
      cmp.fireSectionChange(section)
      cmp.setSignalStatus(SignalStatus.READY)
    },
  }
}

export function uninstallGpp(): void {
  delete (window as { __gpp?: unknown }).__gpp
}
