/** A calendar day as `YYYY-MM-DD`: dates without a time are never turned into a Date at some zone's midnight. */
export type Day = string;

/** The day, or undefined when it does not exist in the Gregorian calendar. */
export function makeDay(year: number, month: number, day: number): Day | undefined {
  if (!Number.isInteger(year) || year < 1 || year > 9999) return undefined;
  if (!Number.isInteger(month) || month < 1 || month > 12) return undefined;
  if (!Number.isInteger(day) || day < 1 || day > daysInMonth(year, month)) return undefined;
  return `${String(year).padStart(4, "0")}-${pad2(month)}-${pad2(day)}`;
}

export function daysInMonth(year: number, month: number): number {
  if (month === 2) return year % 4 === 0 && (year % 100 !== 0 || year % 400 === 0) ? 29 : 28;
  return [4, 6, 9, 11].includes(month) ? 30 : 31;
}

/** Expands a two-digit year the way SWIFT and BAI2 files mean it: 00-69 is 20xx, 70-99 is 19xx. */
export function fullYear(twoDigits: number): number {
  return twoDigits < 70 ? 2000 + twoDigits : 1900 + twoDigits;
}

/** The UTC midnight instant of a day, as RFC 3339 with milliseconds. */
export function dayStart(day: Day): string {
  return `${day}T00:00:00.000Z`;
}

/** The day before, in the Gregorian calendar. */
export function dayBefore(day: Day): Day {
  const [year, month, date] = day.split("-").map(Number) as [number, number, number];
  if (date > 1) return makeDay(year, month, date - 1)!;
  if (month > 1) return makeDay(year, month - 1, daysInMonth(year, month - 1))!;
  return makeDay(year - 1, 12, 31)!;
}

/** Whether the text is a day as `YYYY-MM-DD` that the Gregorian calendar has (years 1 to 9999). */
export function isDay(text: string): boolean {
  // Read by character codes: a statement checks a day or two per entry, and a regex match allocated more than the entry.
  if (text.length !== 10 || text.charCodeAt(4) !== DASH || text.charCodeAt(7) !== DASH) return false;
  const year = digitsAt(text, 0, 4);
  const month = digitsAt(text, 5, 2);
  const day = digitsAt(text, 8, 2);
  return year >= 1 && month >= 1 && month <= 12 && day >= 1 && day <= daysInMonth(year, month);
}

const DASH = 0x2d;

/** The number written by the `count` ASCII digits at `from`; -1 when one of them is not a digit. */
export function digitsAt(text: string, from: number, count: number): number {
  let n = 0;
  for (let i = from; i < from + count; i++) {
    const digit = text.charCodeAt(i) - 0x30;
    if (!(digit >= 0 && digit <= 9)) return -1;
    n = n * 10 + digit;
  }
  return n;
}

function pad2(n: number): string {
  return String(n).padStart(2, "0");
}
