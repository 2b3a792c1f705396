import { expect, it } from "vitest";
import { decodeText, type Encoding } from "../../src/formats/decode";
import type { FormatParser } from "../../src/formats/format";
import { textChunks } from "../../src/formats/lines";
import { StatementTracker, type StatementCheck } from "../../src/model/continuity";
import type { Profile } from "../../src/model/profile";
import { FileError, type BankEntry, type StatedBalance, type StatementEvent, type StatementStart } from "../../src/model/statement";
import { chunksOf } from "./corpus";

/** Everything an async iterable yields, in order. */
export async function collect<T>(items: AsyncIterable<T>): Promise<T[]> {
  const out: T[] = [];
  for await (const item of items) out.push(item);
  return out;
}

/**
 * A format's parse of text in chunks of `chunkSize` characters (64 KiB by default), as a test
 * file named `fileName` from `source`, with the profile given.
 */
export const textParser =
  (parser: FormatParser, fileName: string, source = "test") =>
  (text: string, profile?: Profile, chunkSize?: number): Promise<StatementEvent[]> =>
    collect(parser(textChunks(text, chunkSize), { fileName, source, profile }));

/** A format's parse of bytes decoded as ingestion decodes them (the profile's encoding, or detected). */
export const bytesParser =
  (parser: FormatParser, fileName: string, source = "test") =>
  (bytes: Uint8Array, profile?: Profile): Promise<StatementEvent[]> =>
    collect(parser(decodeText(chunksOf(bytes), profile?.encoding as Encoding | undefined), { fileName, source, profile }));

/** A corpus file's events, its bytes fed in chunks of `chunkSize` (whole by default) as an R2 body streams them. */
const corpusEvents = (parser: FormatParser, url: URL, chunkSize?: number): AsyncIterable<StatementEvent> =>
  parser(decodeText(chunksOf(url, chunkSize)), { fileName: url.pathname, source: "corpus" });

export const parseCorpusFile = (parser: FormatParser, url: URL, chunkSize?: number): Promise<StatementEvent[]> =>
  collect(corpusEvents(parser, url, chunkSize));

/** The events a corpus file yields before a FileError refuses it (all of them when none does). */
export async function parseCorpusFileUntilRefused(parser: FormatParser, url: URL, chunkSize?: number): Promise<StatementEvent[]> {
  const events: StatementEvent[] = [];
  try {
    for await (const event of corpusEvents(parser, url, chunkSize)) events.push(event);
  } catch (error) {
    if (!(error instanceof FileError)) throw error;
  }
  return events;
}

/**
 * A format's corpus, a test per file: each file is either read, and its events checked against
 * what was counted by hand in it (`read`), or known to be refused with that exact reason
 * (`refused`); a file that is neither fails the classification.
 */
export function corpusCases<T>(
  files: readonly { name: string; url: URL }[],
  parseFile: (url: URL) => Promise<StatementEvent[]>,
  { read, refused }: { read: Record<string, T>; refused: Record<string, string> },
  check: (events: StatementEvent[], expected: T, name: string) => void,
): void {
  it("classifies every corpus file", () => {
    expect(files.map((f) => f.name).sort()).toEqual([...Object.keys(read), ...Object.keys(refused)].sort());
  });

  it.each(files.map((f) => [f.name, f.url] as const))("%s", async (name, url) => {
    const reason = refused[name];
    if (reason !== undefined) {
      expect((await refusal(parseFile(url))).message).toBe(reason);
      return;
    }
    check(await parseFile(url), read[name]!, name);
  });
}

/** The FileError a parse ends with; the test fails when it ends any other way. */
export async function refusal(parse: Promise<unknown>): Promise<FileError> {
  const error = await parse.then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(FileError);
  return error as FileError;
}

export const entries = (events: readonly StatementEvent[]): BankEntry[] => events.flatMap((e) => (e.type === "entry" ? [e.entry] : []));
export const balances = (events: readonly StatementEvent[]): StatedBalance[] => events.flatMap((e) => (e.type === "balance" ? [e.balance] : []));
/** The amounts of a list of entries (or anything with an amount), in minor units. */
export const minors = (list: readonly { amount: { minor: bigint } }[]): bigint[] => list.map((x) => x.amount.minor);
export const statements = (events: readonly StatementEvent[]): StatementStart[] =>
  events.flatMap((e) => (e.type === "statement" ? [e.statement] : []));

/** Each statement's continuity check: opening balance plus booked entries against the closing one. */
export function continuity(events: readonly StatementEvent[]): StatementCheck[] {
  const tracker = new StatementTracker();
  for (const event of events) tracker.add(event);
  return tracker.finish();
}
