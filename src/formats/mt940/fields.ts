import { FileError } from "../../model/statement";
import type { Positioned, TextPoint } from "../format";
import { LineRecordSplitter } from "../lines";

/** One tagged field of a SWIFT message: `:61:` and the lines that continue it. */
export interface Field {
  /** The tag without colons: `20`, `28C`, `60F`, `61`, `86`, `NS`... */
  tag: string;
  /** Line of the file where the tag stands. */
  line: number;
  /** lines[0] is the text after the tag; the rest are continuation lines, untrimmed. */
  lines: string[];
}

/**
 * Tags of MT940 and MT942 (SWIFT MT 9xx user handbook), plus `NS`, which Sberbank uses for its own
 * subfields. Only these start a field: a continuation line of :86: may itself look like a tag
 * (Deutsche Bank wraps ':KO:NR:...' onto a line start), and a ':940:' first line (Rabobank) is a
 * header. `65` takes any letter: powercloud's OLB export writes ':65F:'.
 */
const TAG = /^:(20|21|25P?|28C?|34F|13D?|60[FM]|61|62[FM]|64|65[A-Z]?|86|90[CD]|NS):/;

/**
 * SOH/ETX frame SWIFT messages on some channels (PostFinance, mBank) and DOS tools leave Ctrl-Z at
 * the end of a file, even glued to the next ':20:' (Rabobank): they are transport, never content.
 */
const FRAMING = /[\u0001\u0003\u001a]/g;
const FRAMED = /[\u0001\u0003\u001a]/;

/** SWIFT allows 6 lines for :86:; German banks use up to ~15. More means this is not MT940. */
const MAX_FIELD_LINES = 200;

/**
 * Groups lines into fields. Block envelopes ({1:}{2:}{3:}{4:), the '-}' / '-' trailers and
 * anything between messages (bank preambles, 'ABNANL2A' / '940' header lines) are dropped. A
 * field is complete when the next one, or a trailer, starts: reading can resume at the end of its
 * last line, where nothing is open (what lies between two fields is dropped in either reading).
 */
export class FieldSplitter extends LineRecordSplitter<Field> {
  private open: Field | undefined;
  /** The end of the open field's last line: its characters, and the line after it. */
  private openEnd = 0;
  private openNext = 1;

  protected line(raw: string, number: number, end: number, out: Positioned<Field>[]): void {
    const text = FRAMED.test(raw) ? raw.replace(FRAMING, "") : raw;
    const { closes, content } = unwrap(text);
    if (closes) this.close(out);
    if (content === undefined) return;
    const tag = content.charCodeAt(0) === COLON ? TAG.exec(content) : null;
    if (tag) {
      this.close(out);
      this.open = { tag: tag[1]!, line: number, lines: [content.slice(tag[0].length)] };
    } else if (this.open) {
      if (this.open.lines.length >= MAX_FIELD_LINES) {
        throw new FileError(`:${this.open.tag}: field goes on for more than ${MAX_FIELD_LINES} lines; this is not a readable MT940 file`, this.open.line);
      }
      this.open.lines.push(content);
    } else return;
    this.openEnd = end;
    this.openNext = number + 1;
  }

  protected close(out: Positioned<Field>[]): void {
    if (!this.open) return;
    out.push({ record: this.open, end: { chars: this.openEnd, line: this.openNext } });
    this.open = undefined;
  }
}

const SPACE = 32;
const COLON = 58;
const HYPHEN = 45;
const OPEN_BRACE = 123;
const DELETE = 127;

/**
 * A line that starts with a printable ASCII character other than '-' and '{' is content as it
 * is: no trailer, no envelope (whitespace, which trim() would take, includes non-ASCII spaces).
 */
function plain(text: string): boolean {
  const c = text.charCodeAt(0);
  return c > SPACE && c < DELETE && c !== HYPHEN && c !== OPEN_BRACE;
}

/** Splits a line into whether it ends the open field (a trailer or envelope) and what text it carries. */
function unwrap(text: string): { closes: boolean; content: string | undefined } {
  if (plain(text)) return { closes: false, content: text };
  const trimmed = text.trim();
  if (trimmed === "-") return { closes: true, content: undefined };
  let rest = text;
  let closes = false;
  if (trimmed.startsWith("-}")) {
    closes = true;
    rest = trimmed.slice(2);
  }
  if (/^\s*\{[1-5]:/.test(rest)) {
    closes = true;
    const body = rest.indexOf("{4:");
    rest = body < 0 ? "" : rest.slice(body + 3);
  }
  if (closes && rest.trim() === "") return { closes, content: undefined };
  return { closes, content: rest };
}
