/** A time of day written after a date, and the instant it names when it carries a zone. */
export interface TimeOfDay {
  /** RFC 3339 UTC instant, only when the text gives a zone (Z, UTC, +0100): a local time names no instant. */
  instant?: string | undefined;
}

const TIME = /^(?:T|\s+)(\d{1,2}):(\d{2})(?::(\d{2})(?:[.,](\d{1,9}))?)?\s*(Z|UTC|GMT|[+-]\d{2}:?\d{2})?$/i;

/** Reads what follows the date in a cell ("12:34:56 +0000", "T10:22:05Z"); undefined when it is not a time. */
export function readTime(rest: string, year: number, month: number, day: number): TimeOfDay | undefined {
  const m = TIME.exec(rest);
  if (!m) return undefined;
  const [hours, minutes, seconds] = [Number(m[1]), Number(m[2]), Number(m[3] ?? 0)];
  if (hours > 23 || minutes > 59 || seconds > 59) return undefined;
  const zone = m[5];
  if (!zone) return {};
  const millis = Number((m[4] ?? "").padEnd(3, "0").slice(0, 3));
  const utc = Date.UTC(year, month - 1, day, hours, minutes, seconds, millis) - offsetMinutes(zone) * 60_000;
  return { instant: new Date(utc).toISOString() };
}

function offsetMinutes(zone: string): number {
  const m = /^([+-])(\d{2}):?(\d{2})$/.exec(zone);
  if (!m) return 0;
  return (m[1] === "-" ? -1 : 1) * (Number(m[2]) * 60 + Number(m[3]));
}
