import type { ComplianceProfile, EnforcementModel, Purpose, Topic } from './types.js'

/**
 * A purpose, or a topic with its purpose, found in a profile.
 * @example
 * const subject: Subject | undefined = resolveSubject(defaultProfile, 'commercial')
 * subject?.enforcement // 'non-restrictive'
 */
export interface Subject {
  purpose: Purpose
  topic?: Topic | undefined
  /** The topic's enforcement, or the purpose's when the topic has none or there is no topic. */
  enforcement: EnforcementModel
}

const indexes = /* @__PURE__ */ new WeakMap<ComplianceProfile, Map<string, Subject>>()

function indexOf(profile: ComplianceProfile): Map<string, Subject> {
  let index = indexes.get(profile)
  if (!index) {
    index = new Map()
    // Ids first so a name can never shadow another entry's id.
    const add = (key: string, subject: Subject, ids: boolean) => {
      const k = ids ? key : key.toLowerCase()
      if (!index!.has(k)) index!.set(k, subject)
    }
    for (const ids of [true, false]) {
      for (const purpose of profile.purposes) {
        const own: Subject = { purpose, enforcement: purpose.enforcement }
        add(ids ? purpose.id : purpose.name, own, ids)
        for (const topic of purpose.topics ?? []) {
          const sub: Subject = { purpose, topic, enforcement: topic.enforcement ?? purpose.enforcement }
          add(ids ? topic.id : topic.name, sub, ids)
        }
      }
    }
    indexes.set(profile, index)
  }
  return index
}

/**
 * Finds a purpose or topic by id (exact) or name (case-insensitive). With `topic`, the first
 * argument must name the topic's purpose. Returns undefined for anything the profile lacks.
 *
 * @example
 * resolveSubject(profile, 'Newsletter') // { purpose: Commercial, topic: Newsletter, ... }
 */
export function resolveSubject(profile: ComplianceProfile, purposeOrTopic: string, topic?: string): Subject | undefined {
  const index = indexOf(profile)
  const find = (key: string) => index.get(key) ?? index.get(key.toLowerCase())
  const first = find(purposeOrTopic)
  if (!first || topic === undefined) return first
  const second = find(topic)
  if (!second?.topic || first.topic || second.purpose !== first.purpose) return undefined
  return second
}
