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

export function isDay(text: string): boolean {
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(text);
  return !!m && makeDay(Number(m[1]), Number(m[2]), Number(m[3])) === text;
}

function pad2(n: number): string {
  return String(n).padStart(2, "0");
}
