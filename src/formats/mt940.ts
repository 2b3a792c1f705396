import type { StatementEvent } from "../model/statement";
import type { FormatParser, ParseContext } from "./format";
import { splitLines } from "./lines";
import { readFields } from "./mt940/fields";
import { StatementReader } from "./mt940/statements";

/**
 * SWIFT MT940 customer statements and MT942 interim reports, with or without the block
 * envelope, one or many messages per file. Streams: holds one field and one entry at a time.
 */
export const parseMt940: FormatParser = async function* (text: AsyncIterable<string>, context: ParseContext): AsyncGenerator<StatementEvent> {
  const reader = new StatementReader(context.profile);
  for await (const field of readFields(splitLines(text))) yield* reader.read(field);
  yield* reader.end();
};

/**
 * True for the start of an MT940/MT942 file: a SWIFT block envelope, or :20: and :25: tags at
 * line starts. Preambles, SOH/ETX framing and a ':940:' first line do not hide them.
 */
export function looksLikeMt940(head: string): boolean {
  const text = head.replace(/[\u0001\u0003\u001a]/g, "");
  if (/(^|[\r\n])[ \t]*\{[14]:/.test(text)) return true;
  return /(^|[\r\n]):20:/.test(text) && /(^|[\r\n]):25P?:/.test(text);
}
