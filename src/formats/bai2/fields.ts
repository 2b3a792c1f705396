import { isCurrency } from "../../model/currencies";
import { fullYear, makeDay, type Day } from "../../model/day";
import { FileError } from "../../model/statement";
import { collapseWhitespace } from "../../model/whitespace";
import type { Segment } from "./records";

const WHOLE_NUMBER = /^[+-]?\d+$/;
const YYMMDD = /^(\d\d)(\d\d)(\d\d)$/;
/** What is left of a physical record when only empty fields remain: "", ",", ",,/", "/"... */
const BLANK_REST = /^[\s,]*\/?$/;

/**
 * Reads the fields of a logical record in order. An 88 continuation carries on with the
 * next field of the record it continues, so the reader runs across segments. A field ends
 * at ',' or at the '/' that ends the physical record; fields missing at the end are blank.
 */
export class Fields {
  private segment = 0;
  private pos = 0;
  private lastLine: number;

  constructor(private readonly segments: readonly Segment[]) {
    this.lastLine = segments[0]?.line ?? 0;
  }

  /** The line of the field read last: where an error about it points. */
  get line(): number {
    return this.lastLine;
  }

  next(): string {
    const segment = this.current();
    if (!segment) return "";
    this.lastLine = segment.line;
    const { text } = segment;
    let end = this.pos;
    while (end < text.length && text[end] !== "," && text[end] !== "/") end++;
    const field = text.slice(this.pos, end).trim();
    this.pos = text[end] === "/" ? text.length : end + 1;
    return field;
  }

  /**
   * Skips what is left of physical records that hold only empty fields; false when nothing
   * remains. Many banks end an 03 with ",,,/" (one empty field more than the item has), so a
   * trailing empty field must not be read as the next item's type code from the 88 after it.
   */
  skipBlank(): boolean {
    for (let segment = this.current(); segment; segment = this.current()) {
      if (!BLANK_REST.test(segment.text.slice(this.pos))) return true;
      this.pos = segment.text.length;
    }
    return false;
  }

  /**
   * The free text of a 16: everything left, commas and all, its continuations joined with
   * a space. The text runs to the end of the record (BAI2 2005), but most banks still end it
   * with '/', so one '/' at the very end of each physical record is read as that terminator.
   */
  text(): string | undefined {
    const parts: string[] = [];
    for (let segment = this.current(); segment; segment = this.current()) {
      parts.push(withoutTerminator(segment.text.slice(this.pos)));
      this.pos = segment.text.length;
    }
    const text = collapseWhitespace(parts.join(" "));
    return text === "" ? undefined : text;
  }

  /** A signed whole number of minor units, or undefined when blank. */
  amount(what: string): bigint | undefined {
    const text = this.next();
    if (text === "") return undefined;
    if (!WHOLE_NUMBER.test(text)) {
      this.fail(`${what} "${text}" is not a whole number of minor units (BAI2 amounts have no decimal point)`);
    }
    return BigInt(text);
  }

  /** A count of records, items or days, or undefined when blank. */
  count(what: string): number | undefined {
    const text = this.next();
    if (text === "") return undefined;
    if (!/^\d+$/.test(text)) this.fail(`${what} "${text}" is not a whole number`);
    return Number(text);
  }

  day(what: string): Day | undefined {
    const text = this.next();
    if (text === "") return undefined;
    const day = bai2Day(text);
    if (!day) this.fail(`${what} "${text}" is not a date in the form YYMMDD (or YYYYMMDD, or YYMMDD with a leading 0)`);
    return day;
  }

  /** An ISO 4217 currency code, or undefined when blank. */
  currency(): string | undefined {
    const code = this.next();
    if (code === "") return undefined;
    if (!isCurrency(code)) this.fail(`currency code "${code}" is not an ISO 4217 code such as USD`);
    return code;
  }

  fail(message: string): never {
    throw new FileError(message, this.lastLine);
  }

  private current(): Segment | undefined {
    for (let segment = this.segments[this.segment]; segment; segment = this.segments[this.segment]) {
      if (this.pos < segment.text.length) return segment;
      this.segment++;
      this.pos = 0;
    }
    return undefined;
  }
}

function withoutTerminator(text: string): string {
  const trimmed = text.trimEnd();
  return trimmed.endsWith("/") ? trimmed.slice(0, -1) : trimmed;
}

/**
 * A BAI2 date. The specification writes YYMMDD; US banks' generators also write the year in
 * full (YYYYMMDD, Bank of America's creation dates) and YYMMDD padded to seven digits with a
 * leading 0 (its group dates, `0250525`): both name one day unambiguously, so both are read.
 * Any other length, or a seven-digit date not starting with 0 (a century digit, CYYMMDD, would
 * make `0250525` the year 1925), is refused.
 */
export function bai2Day(text: string): Day | undefined {
  const full = /^(\d{4})(\d{2})(\d{2})$/.exec(text);
  if (full) return makeDay(Number(full[1]), Number(full[2]), Number(full[3]));
  const m = YYMMDD.exec(text.length === 7 && text.startsWith("0") ? text.slice(1) : text);
  return m ? makeDay(fullYear(Number(m[1])), Number(m[2]), Number(m[3])) : undefined;
}
