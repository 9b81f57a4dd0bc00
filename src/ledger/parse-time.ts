import { ledgerError } from './ledger-error.js'
import { ownCopy } from './own-copy.js'

/**
 * How text times are read. `iso` (default) takes only ISO 8601 with a zone (`Z` or `±hh:mm`);
 * `epoch-ms` / `epoch-s` take integers; `DD.MM.YYYY`, `DD/MM/YYYY`, `MM/DD/YYYY` and `YYYY-MM-DD`
 * take that day (optionally followed by ` HH:mm[:ss]`) and need a `timezone`.
 * @example
 * const format: TimeFormat = 'DD.MM.YYYY'
 * await importTable(ledger, csvText, { time: { format, timezone: 'Europe/Berlin' } })
 */
export type TimeFormat = 'iso' | 'epoch-ms' | 'epoch-s' | 'DD.MM.YYYY' | 'DD/MM/YYYY' | 'MM/DD/YYYY' | 'YYYY-MM-DD'

/** @internal Every format name, for option checks. */
export const TIME_FORMATS: readonly TimeFormat[] = ['iso', 'epoch-ms', 'epoch-s', 'DD.MM.YYYY', 'DD/MM/YYYY', 'MM/DD/YYYY', 'YYYY-MM-DD']

/**
 * Options of {@link parseTime}.
 * @example
 * const options: TimeOptions = { format: 'iso', timezone: 'UTC' } // zone-less ISO read as UTC
 * parseTime('2025-06-01T10:00', options)
 */
export interface TimeOptions {
  /** @default 'iso' */
  format?: TimeFormat | undefined
  /** IANA zone (`UTC`, `Europe/Paris`) for times written without one. Without it they are rejected. */
  timezone?: string | undefined
}

const ISO = /^(\d{4})-(\d{2})-(\d{2})(?:[T ](\d{2}):(\d{2})(?::(\d{2})(?:[.,](\d{1,9}))?)?)?(Z|z|[+-]\d{2}(?::?\d{2})?)?$/
const DAY: Record<string, RegExp> = {
  'DD.MM.YYYY': /^(?<d>\d{1,2})\.(?<m>\d{1,2})\.(?<y>\d{4})/,
  'DD/MM/YYYY': /^(?<d>\d{1,2})\/(?<m>\d{1,2})\/(?<y>\d{4})/,
  'MM/DD/YYYY': /^(?<m>\d{1,2})\/(?<d>\d{1,2})\/(?<y>\d{4})/,
  'YYYY-MM-DD': /^(?<y>\d{4})-(?<m>\d{1,2})-(?<d>\d{1,2})/,
}
const CLOCK = /^(?:[ T](\d{1,2}):(\d{2})(?::(\d{2}))?)?$/
const MAX = 8.64e15

/** Milliseconds the zone is ahead of UTC at `utc` (Intl knows the rules; no tz database needed). */
function zoneOffset(utc: number, zone: string): number {
  const parts = new Intl.DateTimeFormat('en-US', {
    timeZone: zone,
    hourCycle: 'h23',
    year: 'numeric',
    month: 'numeric',
    day: 'numeric',
    hour: 'numeric',
    minute: 'numeric',
    second: 'numeric',
  }).formatToParts(utc)
  const n = (type: string) => Number(parts.find((p) => p.type === type)?.value)
  return Date.UTC(n('year'), n('month') - 1, n('day'), n('hour'), n('minute'), n('second')) - Math.floor(utc / 1000) * 1000
}

/** Epoch ms of a wall-clock time in `zone`, or NaN for a day that does not exist. */
function wallTime(y: number, mo: number, d: number, h: number, mi: number, s: number, ms: number, zone: string): number {
  const guess = Date.UTC(y, mo - 1, d, h, mi, s, ms)
  const check = new Date(guess)
  if (check.getUTCFullYear() !== y || check.getUTCMonth() !== mo - 1 || check.getUTCDate() !== d || h > 23 || mi > 59 || s > 59) return NaN
  if (zone === 'UTC') return guess
  const first = guess - zoneOffset(guess, zone)
  return guess - zoneOffset(first, zone)
}

/** @internal Checks an IANA zone name; throws a usage-level error for an unknown one. */
export function checkTimezone(zone: string): string {
  try {
    new Intl.DateTimeFormat('en-US', { timeZone: zone })
    return zone
  } catch {
    throw ledgerError('invalid-option', `unknown time zone "${zone}" (use an IANA name such as UTC or Europe/Paris)`)
  }
}

function parseIso(text: string, zone: string | undefined): number {
  const m = ISO.exec(text)
  if (!m) return NaN
  const [, y, mo, d, h = '0', mi = '0', s = '0', frac = '', offset] = m
  if (offset === undefined && zone === undefined) return NaN
  const ms = Number(frac.padEnd(3, '0').slice(0, 3))
  const local = wallTime(Number(y), Number(mo), Number(d), Number(h), Number(mi), Number(s), ms, offset === undefined ? zone! : 'UTC')
  if (offset === undefined || offset === 'Z' || offset === 'z') return local
  const digits = offset.slice(1).replace(':', '')
  const minutes = Number(digits.slice(2) || '0')
  const ahead = (offset[0] === '-' ? -1 : 1) * (Number(digits.slice(0, 2)) * 60 + minutes)
  // Real offsets run from -12:00 to +14:00; +99:00 or +05:99 is a typo, not a shifted time.
  if (minutes > 59 || ahead < -720 || ahead > 840) return NaN
  return local - ahead * 60_000
}

/**
 * Reads a time strictly: ISO 8601 with a zone by default (an offset from -12:00 to +14:00, minutes
 * 00-59); other formats only when named. Returns
 * epoch milliseconds, or NaN when the text does not match the format (never a guess: `5.3.2024`
 * or `1709337600` are not ISO dates, and a zone-less time is not read as the machine's local time).
 *
 * @example
 * parseTime('2025-06-01T10:00:00+02:00') // 1748764800000
 * parseTime('2025-06-01 10:00') // NaN: no zone
 * parseTime('1.6.2025 10:00', { format: 'DD.MM.YYYY', timezone: 'Europe/Berlin' }) // 1748764800000
 */
export function parseTime(value: string | number, given: TimeOptions = {}): number {
  const options = ownCopy(given)
  const format = options.format ?? 'iso'
  const text = typeof value === 'number' ? String(value) : value.trim()
  let time = NaN
  if (format === 'epoch-ms' || format === 'epoch-s') {
    if (/^-?\d{1,16}$/.test(text)) time = Number(text) * (format === 'epoch-s' ? 1000 : 1)
  } else if (typeof value === 'number') {
    time = NaN
  } else if (format === 'iso') {
    time = parseIso(text, options.timezone)
  } else if (options.timezone !== undefined) {
    const day = DAY[format]!.exec(text)
    const clock = day ? CLOCK.exec(text.slice(day[0].length)) : null
    if (day && clock) {
      const g = day.groups!
      time = wallTime(Number(g.y), Number(g.m), Number(g.d), Number(clock[1] ?? 0), Number(clock[2] ?? 0), Number(clock[3] ?? 0), 0, options.timezone)
    }
  }
  return Number.isFinite(time) && Math.abs(time) <= MAX ? time : NaN
}
