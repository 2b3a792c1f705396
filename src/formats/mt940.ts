import { parserOf, type ResumableParser } from "./format";
import { FieldSplitter } from "./mt940/fields";
import { StatementReader, type StatementReaderState } from "./mt940/statements";
import { readLineRecords } from "./reading";

/**
 * SWIFT MT940 customer statements and MT942 interim reports, with or without the block
 * envelope, one or many messages per file. Streams: holds one field and one entry at a time,
 * and resumes past any field.
 */
export const readMt940: ResumableParser = (text, context, resume) =>
  readLineRecords(
    text,
    resume,
    (line) => new FieldSplitter(line),
    (saved?: StatementReaderState) => (saved ? StatementReader.restore(saved, context.profile) : new StatementReader(context.profile)),
  );

export const parseMt940 = parserOf(readMt940);

/**
 * True for the start of an MT940/MT942 file: a SWIFT block envelope, or :20: and :25: tags at
 * line starts. Preambles, SOH/ETX framing and a ':940:' first line do not hide them.
 */
export function looksLikeMt940(head: string): boolean {
  const text = head.replace(/[\u0001\u0003\u001a]/g, "");
  if (/(^|[\r\n])[ \t]*\{[14]:/.test(text)) return true;
  return /(^|[\r\n]):20:/.test(text) && /(^|[\r\n]):25P?:/.test(text);
}
