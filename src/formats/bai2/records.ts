import { FileError } from "../../model/statement";
import type { Positioned, TextPoint } from "../format";
import { LineRecordSplitter } from "../lines";

const CODES = ["01", "02", "03", "16", "49", "88", "98", "99"] as const;
type Code = (typeof CODES)[number];
export type RecordCode = Exclude<Code, "88">;

/** What one physical record holds after its `NN,` code (its '/' kept), or a whole unlabelled line. */
export interface Segment {
  text: string;
  line: number;
}

/** A logical record: one record and the 88 continuations that follow it, in order. */
export interface Bai2Record {
  code: RecordCode;
  line: number;
  segments: Segment[];
  /** The physical records it spans (itself and its 88s), as the trailers count records. */
  physicalRecords: number;
}

interface Physical {
  /** Undefined for a line that continues the text of the record before it. */
  code: Code | undefined;
  text: string;
  line: number;
}

const RECORD_START = /^\d\d,/;
/**
 * The free text of a 16 (and of the 88s continuing it) may hold '/', so there a '/' ends the
 * record early only when blanks and another record follow on the same line: moov-io's
 * sample3 packs records that way ("...PPD/ 16,142,...").
 */
const TEXT_RECORD_END = /\/\s+(?=(?:01|02|03|16|49|88|98|99),)/;

/**
 * Groups the file's records with their 88 continuations (and the lines that wrap their text), a
 * logical record at a time. Reading can resume past a record that ends its line: the next line
 * starts with a record code, so nothing of the text before it is needed to read on.
 */
export class Bai2Splitter extends LineRecordSplitter<Bai2Record> {
  private current: Bai2Record | undefined;
  /** Where the line the current record's last segment is on ends: after it, reading can resume. */
  private last: TextPoint = { chars: 0, line: 1 };
  /**
   * A 16 or 88 whose line ends without '/' may wrap onto a line with no record code (moov-io
   * sample3); the trailers do not count such a line as a record.
   */
  private openText = false;

  protected close(out: Positioned<Bai2Record>[]): void {
    if (this.current) out.push({ record: this.current, end: this.last });
    this.current = undefined;
  }

  protected line(text: string, number: number, end: number, out: Positioned<Bai2Record>[]): void {
    const trimmed = text.trim();
    if (trimmed === "") return;
    const after = { chars: end, line: number + 1 };
    if (!RECORD_START.test(trimmed)) {
      if (!this.openText) throw new FileError(`the line does not start with a BAI2 record code: "${clip(trimmed)}"`, number);
      this.openText = !trimmed.endsWith("/");
      this.add({ code: undefined, text: trimmed, line: number }, after, out);
      return;
    }
    for (const piece of splitLine(trimmed, number)) {
      this.openText = isTextRecord(piece.code) && !piece.text.endsWith("/");
      this.add(piece, after, out);
    }
  }

  /** `after`: where the physical record's line ends. */
  private add(physical: Physical, after: TextPoint, out: Positioned<Bai2Record>[]): void {
    if (physical.code === undefined || physical.code === "88") {
      if (!this.current) throw new FileError("an 88 continuation record must follow the record it continues", physical.line);
      this.current.segments.push({ text: physical.text, line: physical.line });
      if (physical.code) this.current.physicalRecords++;
    } else {
      // Records packed on one line ("2/   02,..."): no place to resume between them.
      if (this.current) out.push({ record: this.current, end: this.last.line < after.line ? this.last : undefined });
      this.current = { code: physical.code, line: physical.line, segments: [{ text: physical.text, line: physical.line }], physicalRecords: 1 };
    }
    this.last = after;
  }
}

/** The records on one line: usually one, but some banks pack several ("2/   02,..."). */
function splitLine(text: string, line: number): Physical[] {
  const pieces: Physical[] = [];
  let rest = text;
  while (rest !== "") {
    const code = recordCode(rest, line);
    const body = rest.slice(3);
    const end = endOfRecord(code, body);
    pieces.push({ code, text: body.slice(0, end).trimEnd(), line });
    rest = body.slice(end).trimStart();
    if (rest !== "" && !RECORD_START.test(rest)) {
      throw new FileError(`unexpected text after the end of the ${code} record: "${clip(rest)}"`, line);
    }
  }
  return pieces;
}

function recordCode(text: string, line: number): Code {
  const code = CODES.find((c) => text.startsWith(c));
  if (!code) {
    throw new FileError(`record code "${text.slice(0, 2)}" is not a BAI2 record code (01, 02, 03, 16, 49, 88, 98 or 99)`, line);
  }
  return code;
}

/** Where the record that starts `body` ends: after its '/' (kept), or at the end of the line. */
function endOfRecord(code: Code, body: string): number {
  if (isTextRecord(code)) {
    const end = TEXT_RECORD_END.exec(body);
    return end ? end.index + 1 : body.length;
  }
  const slash = body.indexOf("/");
  return slash < 0 ? body.length : slash + 1;
}

function isTextRecord(code: Code | undefined): boolean {
  return code === "16" || code === "88";
}

function clip(text: string): string {
  return text.length > 40 ? `${text.slice(0, 40)}...` : text;
}
