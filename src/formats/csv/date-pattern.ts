import { fullYear, makeDay, type Day } from "../../model/day";
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
  for (let i = 0; i < pattern.length; ) {
    const token = TOKENS.find(([t]) => pattern.startsWith(t, i));
    if (token) {
      source += token[1];
      order.push(token[0]);
      i += token[0].length;
    } else {
      source += pattern[i]!.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
      i++;
    }
  }
  const part = (...tokens: string[]) => order.findIndex((t) => tokens.includes(t));
  const [y, m, d] = [part("YYYY", "YY"), part("MMM", "MM", "M"), part("DD", "D")];
  if (y < 0 || m < 0 || d < 0 || order.length !== 3) {
    return `dateFormat "${pattern}" needs exactly one year (YYYY or YY), one month (MM, M or MMM) and one day (DD or D)`;
  }
  const regex = new RegExp(source + "(.*)$", "s");
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

function yearOf(text: string): number {
  return text.length === 2 ? fullYear(Number(text)) : Number(text);
}

function monthOf(text: string): number {
  return /^\d+$/.test(text) ? Number(text) : MONTHS.indexOf(text.toLowerCase()) + 1;
}
