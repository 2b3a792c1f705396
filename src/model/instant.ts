/**
 * RFC 3339 instants with their full precision. The connector's filters are compared as
 * instants, and `...T10:00:00.000001Z` must sort after `...T10:00:00Z`, so the
 * sub-millisecond part is kept instead of being rounded away by Date.parse.
 */
export interface Instant {
  /** Whole milliseconds since the epoch (floor). */
  ms: number;
  /** Nanoseconds beyond `ms` (0 to 999999). */
  subMsNanos: number;
}

const RFC3339 =
  /^(\d{4})-(\d{2})-(\d{2})[Tt](\d{2}):(\d{2}):(\d{2})(?:\.(\d{1,9}))?([Zz]|[+-]\d{2}:\d{2})$/;

/** Parses an RFC 3339 date-time with a zone; undefined when it is not one or names no real time. */
export function parseInstant(text: string): Instant | undefined {
  const m = RFC3339.exec(text);
  if (!m) return undefined;
  const [, y, mo, d, h, mi, s, frac = "", zone = "Z"] = m;
  const year = Number(y);
  const month = Number(mo);
  const day = Number(d);
  // Date.UTC reads years 0-99 as 1900-1999: set the full year explicitly.
  const date = new Date(Date.UTC(2000, month - 1, day, Number(h), Number(mi), Number(s)));
  date.setUTCFullYear(year, month - 1, day);
  const base = date.getTime();
  const check = new Date(base);
  // Date.UTC rolls 31 February over to March: refuse days and times that do not exist.
  if (check.getUTCFullYear() !== year || check.getUTCMonth() !== month - 1 || check.getUTCDate() !== day) return undefined;
  if (Number(h) > 23 || Number(mi) > 59 || Number(s) > 60) return undefined;
  const nanos = Number(frac.padEnd(9, "0"));
  const offsetMin = zone.toUpperCase() === "Z" ? 0 : offsetMinutes(zone);
  const ms = base - offsetMin * 60_000 + Math.floor(nanos / 1_000_000);
  return { ms, subMsNanos: nanos % 1_000_000 };
}

function offsetMinutes(zone: string): number {
  const sign = zone.startsWith("-") ? -1 : 1;
  return sign * (Number(zone.slice(1, 3)) * 60 + Number(zone.slice(4, 6)));
}

/** The least whole millisecond at or after the instant: `ms >= instant` for integer ms cursors. */
export function ceilMs(instant: Instant): number {
  return instant.subMsNanos > 0 ? instant.ms + 1 : instant.ms;
}

/** RFC 3339 in UTC with milliseconds, the form every cursor is served in. */
export function formatMs(ms: number): string {
  return new Date(ms).toISOString();
}
