// A recording navigator.sendBeacon for happy-dom (which has none). `accept` decides what the
// browser would answer: true = queued for delivery, false = refused (quota, too large).
export interface BeaconFake {
  calls: Array<{ url: string; body: string }>
  accept: boolean
  restore(): void
}

export function installSendBeacon(): BeaconFake {
  const had = Object.getOwnPropertyDescriptor(navigator, 'sendBeacon')
  const fake: BeaconFake = {
    calls: [],
    accept: true,
    restore() {
      if (had) Object.defineProperty(navigator, 'sendBeacon', had)
      else delete (navigator as { sendBeacon?: unknown }).sendBeacon
    },
  }
  Object.defineProperty(navigator, 'sendBeacon', {
    configurable: true,
    writable: true,
    value: (url: string, body: string) => {
      fake.calls.push({ url, body: String(body) })
      return fake.accept
    },
  })
  return fake
}
