import { looksLikeBai2, readBai2 } from "../formats/bai2";
import { looksLikeCamt053, readCamt053 } from "../formats/camt053";
import { readCsv } from "../formats/csv";
import { type FormatParser, parserOf, type ResumableParser } from "../formats/format";
import { looksLikeMt940, readMt940 } from "../formats/mt940";
import { looksLikeOfx, readOfx } from "../formats/ofx";
import { looksLikePain002, readPain002 } from "../formats/pain002";
import type { Profile } from "../model/profile";
import { FileError } from "../model/statement";

export type FormatName = NonNullable<Profile["format"]>;

/** What the inbox may hold: statements, and the bank's status reports on the payment files it was sent. */
export type FileKind = FormatName | "pain002";

interface FileFormat {
  /** Whether a file's head (its first ~4 KB, without byte-order mark) is one of this kind; CSV is what is left. */
  looksLike?: (head: string) => boolean;
  /** Its reading, from the start or from the byte offset of a record boundary a previous step saved. */
  read: ResumableParser;
  /** Read line by line (a line is held to parse it); XML may legitimately come as one long line. */
  lines: boolean;
}

/** Every kind of file the inbox may hold, in the order a file's head is tested against them. */
export const FORMATS: Readonly<Record<FileKind, FileFormat>> = {
  pain002: { looksLike: looksLikePain002, read: readPain002, lines: false },
  camt053: { looksLike: looksLikeCamt053, read: readCamt053, lines: false },
  mt940: { looksLike: looksLikeMt940, read: readMt940, lines: true },
  bai2: { looksLike: looksLikeBai2, read: readBai2, lines: true },
  // OFX 1.x may hold a whole statement on one line (American Express's files do).
  ofx: { looksLike: looksLikeOfx, read: readOfx, lines: false },
  csv: { read: readCsv, lines: true },
};

const KINDS = Object.keys(FORMATS) as FileKind[];

/** Each kind's reading of a whole text in one go (tests, the bench). */
export const PARSERS = Object.fromEntries(KINDS.map((kind) => [kind, parserOf(FORMATS[kind].read)])) as Readonly<Record<FileKind, FormatParser>>;

/** Tells a file's kind from its first few kilobytes of text: a statement, or a payment status report. */
export function detectKind(head: string): FileKind {
  return detectAmong(KINDS, head);
}

/**
 * Tells the statement format from the file's first few kilobytes of text, never from its name:
 * banks and people name files anything. Kinds we recognise but do not read fail with what was seen.
 */
export function detectFormat(head: string): FormatName {
  return detectAmong(KINDS.filter((kind) => kind !== "pain002"), head) as FormatName;
}

function detectAmong(kinds: readonly FileKind[], head: string): FileKind {
  const text = head.replace(/^\uFEFF/, "");
  const kind = kinds.find((k) => FORMATS[k].looksLike?.(text));
  if (kind) return kind;
  const start = text.trimStart();
  if (start === "") throw new FileError("the file is empty");
  // A PDF statement or a spreadsheet (xlsx and ods are ZIP archives, xls an OLE compound file) is what people download first.
  if (start.startsWith("%PDF-")) throw new FileError("the file is a PDF: export the statement from the bank as CSV, CAMT.053, MT940, BAI2 or OFX instead");
  if (/^(PK\u0003\u0004|\u00D0\u00CF\u0011\u00E0)/.test(text)) {
    throw new FileError("the file is a spreadsheet (xlsx, xls or ods) or another archive: save it as CSV, or export CSV, CAMT.053, MT940, BAI2 or OFX from the bank");
  }
  if (isBinary(text)) throw new FileError("the file is binary, not a bank statement (CSV, CAMT.053, MT940, BAI2 or OFX)");
  if (start.startsWith("<")) throw new FileError(`XML that is not a CAMT.052, CAMT.053 or CAMT.054 message, nor OFX (${describeXml(start)})`);
  return "csv";
}

function isBinary(text: string): boolean {
  const sample = text.slice(0, 4096);
  let control = 0;
  for (let i = 0; i < sample.length; i++) {
    const c = sample.charCodeAt(i);
    if (c === 0 || c === 0xfffd || (c < 32 && c !== 9 && c !== 10 && c !== 13 && c !== 1 && c !== 3 && c !== 26)) control++;
  }
  return control > sample.length / 20;
}

function describeXml(text: string): string {
  const body = text.replace(/<\?[^>]*\?>|<!--[\s\S]*?-->/g, "").trimStart();
  const root = /^<([A-Za-z_][\w:.-]*)([^>]*)>/.exec(body);
  if (!root) return "no root element found";
  const namespace = /\bxmlns(?::\w+)?="([^"]*)"/.exec(root[2] ?? "")?.[1];
  return namespace ? `root element <${root[1]}>, namespace ${namespace}` : `root element <${root[1]}>`;
}
