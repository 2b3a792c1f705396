import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { dayStart, isDay, makeDay } from "../../src/model/day";
import { ceilMs, formatMs, parseInstant } from "../../src/model/instant";
import { calendarDay, isoDay, monthLength, PROPERTY_TIMEOUT, runs } from "./support";

/**
 * Days since 1970-01-01 of a proleptic Gregorian date (H. Hinnant's days_from_civil): an
 * exact reference that shares no code with Date, so the instants below are checked against
 * arithmetic, not against the same library the code uses.
 */
function daysFromCivil(year: number, month: number, day: number): number {
  const y = month <= 2 ? year - 1 : year;
  const era = Math.floor(y / 400);
  const yoe = y - era * 400;
  const doy = Math.floor((153 * (month + (month > 2 ? -3 : 9)) + 2) / 5) + day - 1;
  const doe = yoe * 365 + Math.floor(yoe / 4) - Math.floor(yoe / 100) + doy;
  return era * 146097 + doe - 719468;
}

/** Whether Date holds y-m-d as that very day; setUTCFullYear, because Date.UTC reads years 0-99 as 19xx. */
function dateAccepts(year: number, month: number, day: number): boolean {
  const date = new Date(0);
  date.setUTCFullYear(year, month - 1, day);
  return date.getUTCFullYear() === year && date.getUTCMonth() === month - 1 && date.getUTCDate() === day;
}

const pad = (n: number, width = 2) => String(n).padStart(width, "0");

/** An RFC 3339 date-time with its parts: any zone offset, 0 to 9 fraction digits, 't' and 'z' in either case. */
const rfc3339 = fc
  .record({
    date: calendarDay,
    hour: fc.integer({ min: 0, max: 23 }),
    minute: fc.integer({ min: 0, max: 59 }),
    second: fc.integer({ min: 0, max: 59 }),
    fraction: fc.string({ unit: fc.constantFrom(..."0123456789"), maxLength: 9 }),
    offset: fc.option(fc.record({ sign: fc.constantFrom(1, -1), hours: fc.integer({ min: 0, max: 23 }), minutes: fc.integer({ min: 0, max: 59 }) })),
    t: fc.constantFrom("T", "t"),
    z: fc.constantFrom("Z", "z"),
  })
  .map((p) => {
    const zone = p.offset ? `${p.offset.sign < 0 ? "-" : "+"}${pad(p.offset.hours)}:${pad(p.offset.minutes)}` : p.z;
    const time = `${pad(p.hour)}:${pad(p.minute)}:${pad(p.second)}${p.fraction ? `.${p.fraction}` : ""}`;
    return { ...p, text: `${isoDay(p.date)}${p.t}${time}${zone}` };
  });

describe("days and instants: properties over random dates", { timeout: PROPERTY_TIMEOUT }, () => {
  it("makeDay accepts exactly the days Date holds as themselves, between years 1 and 9999", () => {
    const part = (min: number, max: number) => fc.oneof(fc.integer({ min, max }), fc.constantFrom(0.5, -0, NaN, Infinity));
    fc.assert(
      fc.property(part(-3, 10_003), part(-1, 14), part(-1, 33), (year, month, day) => {
        const valid = [year, month, day].every(Number.isInteger) && year >= 1 && year <= 9999 && dateAccepts(year, month, day);
        const made = makeDay(year, month, day);
        if (!valid) {
          expect(made).toBeUndefined();
          return;
        }
        expect(made).toBe(isoDay({ year, month, day }));
        expect(isDay(made!)).toBe(true);
        expect(Date.parse(dayStart(made!))).toBe(daysFromCivil(year, month, day) * 86_400_000);
      }),
      runs(1000),
    );
  });

  it("isDay accepts exactly the texts of four, two and two digits between dashes that makeDay writes", () => {
    const near = fc.string({ unit: fc.constantFrom(..."0123456789-", "x", " ", "\u0660"), minLength: 8, maxLength: 12 });
    const days = fc.record({ year: fc.integer({ min: 0, max: 9999 }), month: fc.integer({ min: 0, max: 13 }), day: fc.integer({ min: 0, max: 32 }) });
    const written = days.map((d) => `${pad(d.year, 4)}-${pad(d.month)}-${pad(d.day)}`);
    fc.assert(
      fc.property(fc.oneof(near, written), (text) => {
        const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(text);
        expect(isDay(text), text).toBe(!!m && makeDay(Number(m[1]), Number(m[2]), Number(m[3])) === text);
      }),
      runs(2000),
    );
  });

  it("parseInstant gives the milliseconds and sub-millisecond nanoseconds an exact computation gives", () => {
    fc.assert(
      fc.property(rfc3339, (p) => {
        const offsetMinutes = p.offset ? p.offset.sign * (p.offset.hours * 60 + p.offset.minutes) : 0;
        const nanos = Number(p.fraction.padEnd(9, "0"));
        const local = daysFromCivil(p.date.year, p.date.month, p.date.day) * 86_400_000 + ((p.hour * 60 + p.minute) * 60 + p.second) * 1000;
        expect(parseInstant(p.text), p.text).toEqual({
          ms: local - offsetMinutes * 60_000 + Math.floor(nanos / 1_000_000),
          subMsNanos: nanos % 1_000_000,
        });
      }),
      runs(),
    );
  });

  it("ceilMs is the least whole millisecond at or after the instant", () => {
    fc.assert(
      fc.property(rfc3339, (p) => {
        const instant = parseInstant(p.text)!;
        // In nanoseconds, as BigInt: ms * 10^6 is past 2^53 for most dates.
        const exact = BigInt(instant.ms) * 1_000_000n + BigInt(instant.subMsNanos);
        const ceiling = BigInt(ceilMs(instant)) * 1_000_000n;
        expect(ceiling >= exact, p.text).toBe(true);
        expect(ceiling < exact + 1_000_000n, p.text).toBe(true);
      }),
      runs(),
    );
  });

  it("parseInstant refuses exactly the dates makeDay refuses, and any hour past 23", () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 1, max: 9999 }),
        fc.integer({ min: 0, max: 13 }),
        fc.integer({ min: 0, max: 32 }),
        fc.integer({ min: 0, max: 29 }),
        (year, month, day, hour) => {
          const text = `${pad(year, 4)}-${pad(month)}-${pad(day)}T${pad(hour)}:00:00Z`;
          const real = makeDay(year, month, day) !== undefined && hour <= 23;
          expect(parseInstant(text) !== undefined, text).toBe(real);
          if (real) expect(day).toBeLessThanOrEqual(monthLength(year, month));
        },
      ),
      runs(),
    );
  });

  it("formatMs writes what parseInstant reads back to the same millisecond", () => {
    fc.assert(
      fc.property(fc.integer({ min: daysFromCivil(1, 1, 1) * 86_400_000, max: daysFromCivil(9999, 12, 31) * 86_400_000 }), (ms) => {
        expect(parseInstant(formatMs(ms))).toEqual({ ms, subMsNanos: 0 });
      }),
      runs(),
    );
  });
});
