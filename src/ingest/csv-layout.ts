import { readHead } from "../formats/csv/head";
import { findLayout, headLineCount, type Layout } from "../formats/csv/layout";
import { RowScanner, type Row } from "../formats/csv/records";
import { decideStyles, SAMPLE_ROWS } from "../formats/csv/styles";
import { TextDecoding } from "../formats/decode";
import type { Positioned } from "../formats/format";
import { splitText } from "../formats/reading";
import type { CsvLayout } from "../model/admin";
import type { Profile } from "../model/profile";
import { FileError } from "../model/statement";

/** How much of a file's start is kept to describe its layout: a header past a long preamble and a sample of rows. */
export const LAYOUT_HEAD_BYTES = 64 * 1024;
/** Records shown after the header. */
const SHOWN_ROWS = 10;

/**
 * How a CSV file's first bytes are written, as the CSV reader tells them (decoding, header search,
 * styles): the start of a mapping for a layout no profile describes yet. The columns are found
 * without the profile's `columns`, so they are the automatic mapping; when the synonym table finds
 * no header, the first line (or the profile's skipLines) is shown as the header, its columns left
 * to map. Undefined when the bytes are not text.
 */
export async function describeCsvHead(head: Uint8Array, profile: Profile | undefined, source: string): Promise<CsvLayout | undefined> {
  const decoding = new TextDecoding(profile?.encoding);
  let text = "";
  try {
    for await (const chunk of decoding.decode(once(wholeLines(head)))) text += chunk;
  } catch (error) {
    if (!(error instanceof FileError)) throw error;
    return undefined;
  }
  const encoding = decoding.snapshot(0).encoding;
  const detecting: Profile = { ...profile, columns: undefined, noHeader: undefined };
  const { lines, ends } = await readHead(once(text), headLineCount(detecting) + 1);
  let layout: Layout | undefined;
  let problem: string | undefined;
  try {
    layout = profile?.noHeader ? findLayout(lines, profile, source) : findLayout(lines, detecting, source);
  } catch (error) {
    if (!(error instanceof FileError)) throw error;
    problem = error.message;
    layout = firstLineAsHeader(lines, profile, source);
  }
  if (!layout) return { encoding, delimiter: profile?.delimiter ?? ",", names: [], rows: [], problem: problem ?? "the file holds no text" };
  const start = layout.dataIndex === 0 ? 0 : (ends[layout.dataIndex - 1] ?? text.length);
  const sample = await firstRows(text.slice(start), layout, SAMPLE_ROWS);
  const described: CsvLayout = {
    encoding,
    delimiter: layout.delimiter,
    headerLine: layout.headerLine,
    names: layout.names,
    rows: sample.slice(0, SHOWN_ROWS),
    columns: problem ? undefined : layout.columns,
    problem,
  };
  if (!problem) Object.assign(described, styles(sample, layout, profile ?? {}, source));
  return described;
}

/**
 * A header the synonym table does not know: the first non-blank line (or the one after the
 * profile's skipLines), its delimiter told as for a file without header, its cells the names.
 */
function firstLineAsHeader(lines: readonly string[], profile: Profile | undefined, source: string): Layout | undefined {
  const index = profile?.skipLines ?? lines.findIndex((l) => l.trim() !== "");
  if (index < 0 || index >= lines.length) return undefined;
  // Read as a file without header to tell the delimiter: any numbered columns do.
  const headerless = findLayout(lines, { delimiter: profile?.delimiter, noHeader: true, skipLines: index, columns: { bookingDate: 0, amount: 0 } }, source);
  if (!headerless) return undefined;
  const out: Positioned<Row>[] = [];
  new RowScanner(headerless.delimiter, index + 1).push(`${lines[index]}\n`, out);
  return { ...headerless, dataIndex: index + 1, headerLine: index + 1, names: out[0]?.record.cells.map((c) => c.trim()) ?? [] };
}

/** The first records of the text, as far as they can be cut (a quoting error ends them). */
async function firstRows(text: string, layout: Layout, count: number): Promise<Row[]> {
  const rows: Row[] = [];
  try {
    for await (const batch of splitText(once(text), new RowScanner(layout.delimiter, layout.dataIndex + 1))) {
      for (const { record } of batch) if (record.cells.some((c) => c.trim() !== "") && rows.push(record) >= count) return rows;
    }
  } catch (error) {
    if (!(error instanceof FileError)) throw error;
  }
  return rows;
}

/** The date format and decimal style the first rows tell (or the profile says). */
function styles(sample: Row[], layout: Layout, profile: Profile, source: string): Partial<CsvLayout> {
  try {
    const { dateFormat, amounts } = decideStyles(sample, layout, profile, source);
    // Without a date in the sample, dateFormat is a sentence saying so: every pattern starts with a token.
    return { dateFormat: /^[YMD]/.test(dateFormat) ? dateFormat : undefined, ...amounts };
  } catch (error) {
    if (!(error instanceof FileError)) throw error;
    return { problem: error.message };
  }
}

/** The bytes up to the last line end (its NUL too, in UTF-16LE): a character cut at the end of the head is not a bad byte. */
function wholeLines(head: Uint8Array): Uint8Array {
  if (head.length < LAYOUT_HEAD_BYTES) return head;
  const end = head.lastIndexOf(10);
  if (end < 0) return head;
  return head.subarray(0, head[end + 1] === 0 ? end + 2 : end + 1);
}

async function* once<T>(value: T): AsyncGenerator<T> {
  yield value;
}
