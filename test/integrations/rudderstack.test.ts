import { afterEach, describe, expect, it } from 'vitest'
import { createConsent, defineAdapter, type ConsentManager } from 'consentry'
import { withRudderStack } from '../../src/rudderstack/index.js'
import { fakeRudderAnalytics } from '../fakes/rudder-analytics.js'

let consent: ConsentManager | undefined
afterEach(() => {
  consent?.destroy()
  sessionStorage.clear()
})

const setup = () => {
  let emit!: (reading: Record<string, boolean>) => void
  consent = createConsent({
    categories: [
      { id: 'analytics', name: 'Analytics', enforcement: 'opt-in' },
      { id: 'marketing', name: 'Marketing', enforcement: 'opt-in' },
    ],
    adapters: [defineAdapter({ name: 'cmp', watch: (e) => ((emit = e), () => {}) })],
    waitMs: 60_000,
    cookie: false,
  })
  return (reading: Record<string, boolean>) => emit(reading)
}
const flush = () => new Promise((resolve) => setTimeout(resolve, 0))

describe('withRudderStack (opt-in)', () => {
  it('neither loads nor sends before consent, then loads with the custom provider and replays stamped calls', async () => {
    const cmp = setup()
    const fake = fakeRudderAnalytics()
    const rudder = withRudderStack(fake, consent!)
    rudder.load('KEY', 'https://dataplane.example')
    rudder.track('early', { n: 1 })
    expect(fake.calls).toEqual([])
    expect(JSON.parse(sessionStorage.getItem('consentry:rudderstack')!)).toHaveLength(1)
    cmp({ analytics: true })
    await flush()
    expect(fake.calls[0]).toEqual({
      method: 'load',
      args: ['KEY', 'https://dataplane.example', { consentManagement: { enabled: true, provider: 'custom', allowedConsentIds: ['analytics'], deniedConsentIds: ['marketing'] } }],
    })
    const track = fake.calls.find((c) => c.method === 'track')!
    expect(track.args.slice(0, 2)).toEqual(['early', { n: 1 }])
    expect((track.args[2] as any).context.consent.categoryPreferences).toEqual({ analytics: true, marketing: false })
  })

  it('drives consent() on every real change only', async () => {
    const cmp = setup()
    const fake = fakeRudderAnalytics()
    withRudderStack(fake, consent!).load('KEY', 'https://dataplane.example')
    cmp({ analytics: true })
    cmp({ analytics: true })
    cmp({ analytics: false, marketing: true })
    await flush()
    expect(fake.calls.filter((c) => c.method === 'consent').map((c) => c.args[0])).toEqual([
      { consentManagement: { allowedConsentIds: ['marketing'], deniedConsentIds: ['analytics'] } },
    ])
  })
})
