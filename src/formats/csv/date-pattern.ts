import { fullYear, makeDay, type Day } from "../../model/day";
import { rememberLast } from "../../model/remember-last";
import { readTime } from "./time";

/** A date cell read: the day, and the instant when the cell also gives a time with a zone. */
export interface DateCell {
  day: Day;
  instant?: string | undefined;
}

export type DateReader = (text: string) => DateCell | undefined;

const MONTHS = ["jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec"];

/** Pattern tokens, longest first so "YYYY" is not read as two "YY". */
const TOKENS: ReadonlyArray<readonly [string, string]> = [
  ["YYYY", "(\\d{4})"],
  ["YY", "(\\d{2})"],
  ["MMM", "([A-Za-z]{3})"],
  ["MM", "(\\d{2})"],
  ["M", "(\\d{1,2})"],
  ["DD", "(\\d{2})"],
  ["D", "(\\d{1,2})"],
];

/**
 * Compiles a date pattern (tokens YYYY, YY, MM, M, DD, D, MMM; any other character literal) into
 * a reader. The date may be followed by a time of day. Returns an error text for a pattern that
 * lacks a year, a month or a day.
 */
export function compileDatePattern(pattern: string): DateReader | string {
  let source = "^";
  const order: string[] = [];
  const roles: number[] = [];
  for (let i = 0; i < pattern.length; ) {
    const token = TOKENS.find(([t]) => pattern.startsWith(t, i));
    if (token) {
      source += token[1];
      order.push(token[0]);
      roles.push(...Array<number>(token[0].length).fill(-order.length));
      i += token[0].length;
    } else {
      source += pattern[i]!.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
      roles.push(pattern.charCodeAt(i));
      i++;
    }
  }
  const part = (...tokens: string[]) => order.findIndex((t) => tokens.includes(t));
  const parts = [part("YYYY", "YY"), part("MMM", "MM", "M"), part("DD", "D")] as const;
  if (parts.some((p) => p < 0) || order.length !== 3) {
    return `dateFormat "${pattern}" needs exactly one year (YYYY or YY), one month (MM, M or MMM) and one day (DD or D)`;
  }
  const read = expressionReader(new RegExp(source + "(.*)$", "s"), parts);
  if (!order.every((t) => FIXED_WIDTH.includes(t)) || pattern.trim() !== pattern) return rememberLast(read);
  const fixed = digitsAt(roles, parts, order[parts[0]] === "YY");
  return rememberLast((text) => fixed(text) ?? read(text));
}

/** The reader by the pattern's regular expression, whose groups are the tokens in `[year, month, day]` order, then the rest. */
function expressionReader(regex: RegExp, [y, m, d]: readonly [number, number, number]): DateReader {
  return (text) => {
    const match = regex.exec(text.trim());
    if (!match) return undefined;
    const year = yearOf(match[y + 1]!);
    const month = monthOf(match[m + 1]!);
    const dayOfMonth = Number(match[d + 1]);
    const day = makeDay(year, month, dayOfMonth);
    const rest = match[4]!;
    if (!day) return undefined;
    if (rest === "") return { day };
    const time = readTime(rest, year, month, dayOfMonth);
    return time && { day, instant: time.instant };
  };
}

const FIXED_WIDTH = ["YYYY", "YY", "MM", "DD"];

/**
 * The reader of a pattern of fixed-width numbers ("YYYY-MM-DD", "DD.MM.YY") by character codes, for
 * a cell of the pattern's length: the regular expression takes most of a date's time. Undefined
 * for any other cell, which the expression then reads (a time after the date) or refuses.
 * `roles` holds, per character of the pattern, -1 - the number of its token, or its literal code.
 */
function digitsAt(roles: readonly number[], [y, m, d]: readonly [number, number, number], twoDigitYear: boolean): DateReader {
  return (text) => {
    if (text.length !== roles.length) return undefined;
    const parts = [0, 0, 0];
    for (let i = 0; i < roles.length; i++) {
      const role = roles[i]!;
      const c = text.charCodeAt(i);
      if (role >= 0) {
        if (c !== role) return undefined;
      } else if (c >= 48 && c <= 57) parts[-1 - role] = parts[-1 - role]! * 10 + c - 48;
      else return undefined;
    }
    const year = twoDigitYear ? fullYear(parts[y]!) : parts[y]!;
    const day = makeDay(year, parts[m]!, parts[d]!);
    return day === undefined ? undefined : { day };
  };
}

function yearOf(text: string): number {
  return text.length === 2 ? fullYear(Number(text)) : Number(text);
}

function monthOf(text: string): number {
  return /^\d+$/.test(text) ? Number(text) : MONTHS.indexOf(text.toLowerCase()) + 1;
}
