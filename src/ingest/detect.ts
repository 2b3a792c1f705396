import { looksLikeBai2, parseBai2 } from "../formats/bai2";
import { looksLikeCamt053, parseCamt053, readCamt053 } from "../formats/camt053";
import { parseCsv, readCsv } from "../formats/csv";
import type { FormatParser, ResumableParser } from "../formats/format";
import { looksLikeMt940, parseMt940 } from "../formats/mt940";
import { looksLikePain002, parsePain002 } from "../formats/pain002";
import type { Profile } from "../model/profile";
import { FileError } from "../model/statement";

export type FormatName = NonNullable<Profile["format"]>;

export const PARSERS: Record<FormatName, FormatParser> = {
  csv: parseCsv,
  camt053: parseCamt053,
  mt940: parseMt940,
  bai2: parseBai2,
};

/** What the inbox may hold: statements, and the bank's status reports on the payment files it was sent. */
export type FileKind = FormatName | "pain002";

export const READERS: Record<FileKind, FormatParser> = { ...PARSERS, pain002: parsePain002 };

/**
 * Formats whose reading a later step takes up from the byte offset of a record boundary; the
 * others are read again from the start, skipping the events already applied.
 */
export const RESUMABLE: Partial<Record<FileKind, ResumableParser>> = { csv: readCsv, camt053: readCamt053 };

/** Formats read line by line; CAMT.053 is XML, which may legitimately come as one long line. */
export const LINE_FORMATS: ReadonlySet<FileKind> = new Set(["csv", "mt940", "bai2"]);

export function detectKind(head: string): FileKind {
  return looksLikePain002(head.replace(/^\uFEFF/, "")) ? "pain002" : detectFormat(head);
}

/**
 * Tells the format from the file's first few kilobytes of text, never from its name: banks
 * and people name files anything. Kinds we recognise but do not read fail with what was seen.
 */
export function detectFormat(head: string): FormatName {
  const text = head.replace(/^\uFEFF/, "");
  if (looksLikeCamt053(text)) return "camt053";
  if (looksLikeMt940(text)) return "mt940";
  if (looksLikeBai2(text)) return "bai2";
  const start = text.trimStart();
  if (start === "") throw new FileError("the file is empty");
  if (isBinary(text)) throw new FileError("the file is binary, not a bank statement (CSV, CAMT.053, MT940 or BAI2)");
  if (/^OFXHEADER|<OFX>/i.test(start.slice(0, 2048))) {
    throw new FileError("OFX files are not supported: export CSV, CAMT.053, MT940 or BAI2 from the bank");
  }
  if (start.startsWith("<")) throw new FileError(`XML that is not a CAMT.053 statement (${describeXml(start)})`);
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
