// A real GPP 1.1 CMP for tests: a spec-shaped `__gpp` stub (answers `ping`, queues the rest and
// hands the queue over when called with no arguments), then the IAB's @iabgpp/cmpapi CmpApi,
// which drains that queue and fires the real event sequence.
import { CmpApi, SignalStatus } from '@iabgpp/cmpapi'

/** Every US section the pinned @iabgpp/cmpapi supports (its Sections.SECTION_ID_NAME_MAP), id → prefix. */
export const US_SECTIONS: [number, string][] = 'uspv1 usnat usca usva usco usut usct usfl usmt usor ustx usde usia usne usnh usnj ustn usmn usmd usin usky usri'
  .split(' ')
  .map((prefix, i) => [i + 6, prefix])
const SUPPORTED = US_SECTIONS.map(([id, prefix]) => `${id}:${prefix}`)

type Call = [string, ((...args: unknown[]) => void)?, unknown?]

/** The page's first script: the GPP stub. */
export function installGppStub(): void {
  const queue: Call[] = []
  ;(window as { __gpp?: unknown }).__gpp = (...args: Call | []) => {
    if (args.length === 0) return queue
    const [command, callback] = args
    if (command === 'ping') {
      callback?.(
        {
          gppVersion: '1.1',
          cmpStatus: 'stub',
          cmpDisplayStatus: 'hidden',
          signalStatus: 'not ready',
          supportedAPIs: SUPPORTED,
          cmpId: 0,
          sectionList: [],
          applicableSections: [0],
          gppString: '',
          parsedSections: {},
        },
        true,
      )
    } else queue.push(args as Call)
    return undefined
  }
}

export interface FakeGpp {
  cmp: CmpApi
  /** The CMP resolves (or the user saves) a US section: fields set, sectionChange, signal ready (spec order: not ready first). */
  decide(section: string, id: number, fields: Record<string, unknown>): void
}

/** The CMP script: replaces the stub; the signal stays "not ready" until `decide`. */
export function loadGppCmp(): FakeGpp {
  const cmp = new CmpApi(10, 1)
  cmp.setSupportedAPIs(SUPPORTED)
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
