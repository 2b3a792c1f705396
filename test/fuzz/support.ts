import { existsSync, readdirSync, readFileSync } from "node:fs";
import { decodeText } from "../../src/formats/decode";
import type { FormatParser } from "../../src/formats/format";
import { detectFormat, type FormatName, PARSERS } from "../../src/ingest/detect";
import type { Profile } from "../../src/model/profile";
import { FileError } from "../../src/model/statement";

/**
 * sfc32: a small, fast PRNG whose whole state comes from one 32-bit seed, so a failing case is
 * replayed from the seed printed in the failure, on any machine and Node version.
 */
export class Random {
  private a: number;
  private b: number;
  private c: number;
  private d = 1;

  constructor(readonly seed: number) {
    this.a = 0x9e3779b9;
    this.b = 0x243f6a88;
    this.c = seed >>> 0;
    // The first outputs of sfc32 still echo the seed: discard them.
    for (let i = 0; i < 12; i++) this.next();
  }

  /** A uniform 32-bit unsigned integer. */
  next(): number {
    const t = (((this.a + this.b) | 0) + this.d) | 0;
    this.d = (this.d + 1) | 0;
    this.a = this.b ^ (this.b >>> 9);
    this.b = (this.c + (this.c << 3)) | 0;
    this.c = (this.c << 21) | (this.c >>> 11);
    this.c = (this.c + t) | 0;
    return t >>> 0;
  }

  /** An integer in [0, n). */
  int(n: number): number {
    return n <= 0 ? 0 : this.next() % n;
  }

  /** An integer in [min, max]. */
  between(min: number, max: number): number {
    return min + this.int(max - min + 1);
  }

  pick<T>(list: readonly T[]): T {
    return list[this.int(list.length)]!;
  }

  chance(p: number): boolean {
    return this.next() / 0x1_0000_0000 < p;
  }
}

/** FNV-1a of a text: derives one case's seed from the run seed, the format and the case number. */
export function seedOf(...parts: Array<string | number>): number {
  let h = 0x811c9dc5;
  for (const c of parts.join("/")) h = Math.imul(h ^ c.charCodeAt(0), 0x01000193);
  return h >>> 0;
}

type Bytes = Uint8Array;

const encoder = new TextEncoder();
const utf8 = (text: string): Bytes => encoder.encode(text);

function splice(data: Bytes, at: number, remove: number, insert: Bytes = new Uint8Array()): Bytes {
  const out = new Uint8Array(data.length - remove + insert.length);
  out.set(data.subarray(0, at), 0);
  out.set(insert, at);
  out.set(data.subarray(at + remove), at + insert.length);
  return out;
}

/** A random [start, end) range of the data, biased to short ranges as most real corruption is. */
function range(random: Random, data: Bytes): [number, number] {
  const start = random.int(data.length + 1);
  const longest = random.chance(0.8) ? 16 : data.length;
  return [start, Math.min(data.length, start + random.int(longest + 1))];
}

/**
 * Byte sequences that are not valid UTF-8 (an overlong form, a lone continuation byte, a cut
 * multi-byte sequence, a surrogate, bytes UTF-8 never uses), or valid UTF-8 that is not text.
 */
const BAD_BYTES: readonly number[][] = [
  [0xff], [0xfe, 0xff], [0xc0, 0x80], [0x80], [0xbf, 0xbf], [0xe2, 0x82], [0xf0, 0x9f, 0x98],
  [0xed, 0xa0, 0x80], [0xf4, 0x90, 0x80, 0x80], [0xc3, 0x28], [0x00], [0x00, 0x00, 0x00],
  [0xef, 0xbb, 0xbf], [0xff, 0xfe], [0x1a], [0x01], [0x03], [0xc2, 0xa0], [0xe2, 0x80, 0xa8],
];

/** Characters that delimit something in one of the formats, or that text handling trips on. */
const GENERIC_TOKENS: readonly string[] = [
  "\n", "\r", "\r\n", "\r\r\n", "\t", " ", ",", ";", "/", ":", "-", "+", ".", "\"", "'", "<", ">", "&",
  "0", "9", "99999999999999999999999999999999999999999", "-0", "1e5", "NaN", "\u00a0", "\u2028", "\ufeff",
  "\ud83d\ude00", "é", "ß", "€",
];

/** Per format: its tags and the values parsers branch on, so mutations reach deep code. */
export const TOKENS: Readonly<Record<FormatName, readonly string[]>> = {
  mt940: [
    ":20:", ":21:", ":25:", ":25P:", ":28C:", ":60F:", ":60M:", ":61:", ":62F:", ":62M:", ":64:", ":65:", ":65F:",
    ":86:", ":34F:", ":13D:", ":90D:", ":90C:", ":NS:", "{1:", "{2:", "{4:", "-}", "}", "//", "?20", "?2", "?32",
    "?31", "?30", ">20", "RC", "RD", "C", "D", "EUR", "XXX", "NONREF", "KREF+", "EREF+", "SVWZ+", "MREF+",
    "/TRTP/", "/IBAN/", "/NAME/", "/REMI/", "/EREF/", "/CNTP/", "/BENM//NAME/", "999999", "991231", "000229",
    "240230", "0229", "1231", "0101", "166", "N", "NTRF", "0,", ",00", "000000000300.00",
  ],
  camt053: [
    "<Ntry>", "</Ntry>", "<Bal>", "</Bal>", "<Stmt>", "</Stmt>", "<NtryDtls>", "<TxDtls>", "</TxDtls>",
    '<Amt Ccy="EUR">', '<Amt Ccy="JPY">', '<Amt Ccy="">', "</Amt>", "<Amt>1.005</Amt>",
    "<CdtDbtInd>DBIT</CdtDbtInd>", "<CdtDbtInd>CRDT</CdtDbtInd>", "<CdtDbtInd>X</CdtDbtInd>",
    "<BookgDt><Dt>2024-02-30</Dt></BookgDt>", "<BookgDt><DtTm>2024-01-01T25:00:00</DtTm></BookgDt>",
    "<Dt>", "</Dt>", "<DtTm>", "<ValDt>", "<Sts>BOOK</Sts>", "<Sts><Cd>INFO</Cd></Sts>", "<RvslInd>true</RvslInd>",
    "<Acct><Id><IBAN>", "</IBAN></Id></Acct>", "<AcctSvcrRef>", "<Tp><CdOrPrtry><Cd>CLBD</Cd></CdOrPrtry></Tp>",
    "<![CDATA[", "]]>", "<!--", "-->", "&amp;", "&#0;", "&#x110000;", "&unknown;", "<?xml version=\"1.0\"?>",
    "<!DOCTYPE x>", 'xmlns="urn:iso:std:iso:20022:tech:xsd:camt.053.001.02"', "xmlns:a=\"\"", "<a:Ntry>", "/>",
  ],
  bai2: [
    "01,", "02,", "03,", "16,", "49,", "88,", "98,", "99,", "/", ",/", ",,", "010,", "015,", "040,", "100,",
    "400,", "-", "+", "Z", "V", "S", "D", "0", "9999999999999999999999", "USD", "JPY", "XXX", "2400", "9999",
    "250230", "/\n88,", ",\n88,", "\n16,", "\n49,",
  ],
  csv: [
    "\"", "\"\"", ",", ";", "\t", "|", "Date,Description,Amount,Currency", "Buchungstag;Betrag;Währung",
    "1.234,56", "1,234.56", "-", "(12.00)", "12.00-", "EUR", "USD", "JPY", "XXX", "31.12.2024", "2024-02-30",
    "02/30/2024", "Balance", "Saldo", "Debit", "Credit", "=", "#", "'", "\"\n\"", "\"a\"\"b\"",
  ],
  ofx: [
    "OFXHEADER:100\n", "CHARSET:1252", "CHARSET:8859-2", "ENCODING:UTF-8", "<?OFX OFXHEADER=\"200\"?>", "<OFX>", "</OFX>",
    "<BANKMSGSRSV1>", "<CREDITCARDMSGSRSV1>", "<STMTTRNRS>", "<STMTRS>", "</STMTRS>", "<CCSTMTRS>", "</CCSTMTRS>",
    "<BANKACCTFROM>", "</BANKACCTFROM>", "<CCACCTFROM>", "<ACCTID>", "<CURDEF>", "<CURDEF>JPY", "<BANKTRANLIST>",
    "</BANKTRANLIST>", "<STMTTRN>", "</STMTTRN>", "<TRNTYPE>", "<DTPOSTED>", "<DTPOSTED>20240230", "<DTUSER>",
    "<TRNAMT>", "<TRNAMT>1,005", "</TRNAMT>", "<FITID>", "</FITID>", "<NAME>", "<MEMO>", "<PAYEE>", "<LEDGERBAL>",
    "</LEDGERBAL>", "<AVAILBAL>", "<BALAMT>", "<DTASOF>", "[-5:EST]", "[+99:X]", ".000", "000000", "<CURRENCY>",
    "<INVSTMTRS>", "<![CDATA[", "]]>", "<!--", "-->", "&amp;", "&#0;", "&#x110000;", "/>", "</",
  ],
};

/** Values a field may hold that its reader must check: empty, huge, signed, impossible dates, other codes. */
const VALUES: readonly string[] = [
  "", " ", "0", "-1", "+1", "00", "1.5", "1,5", "1.234,56", "-0,00", "12.345.678,9", "999999999999999999999999999999",
  "0.0000001", "1e9", "NaN", "2024-02-30", "2024-13-01", "2024-02-29", "1900-02-29", "0000-01-01", "2024-01-01T25:61:00",
  "2024-01-01T10:00:00+99:99", "991332", "240229", "000000", "0229", "1301", "31.02.2024", "02/30/2024", "EUR", "JPY",
  "BHD", "XXX", "eur", "CRDT", "DBIT", "BOOK", "PDNG", "INFO", "true", "C", "D", "RC", "RD", "Z", "V", "S", "ZZ", "100",
  "010", "015", "400", "-", "//", "NONREF", "Ω", "\u0001",
];

/**
 * Profiles a source may have. Many seed files need one (a CSV export states no currency, an
 * MT942 no opening balance), and the profile opens code paths of its own: headerless CSV,
 * forced separators and date formats, a configured account.
 */
export const PROFILES: Readonly<Record<FormatName, readonly (Profile | undefined)[]>> = {
  csv: [
    undefined,
    { account: { currency: "EUR" } },
    { account: { id: "DE89370400440532013000", currency: "USD" }, decimalSeparator: ",", thousandsSeparator: ".", dateFormat: "DD.MM.YYYY" },
    { account: { currency: "EUR" }, decimalSeparator: ".", dateFormat: "MM/DD/YYYY", skipLines: 1 },
    { noHeader: true, account: { currency: "EUR" }, columns: { bookingDate: 0, description: [1, 3], amount: 2, balance: 4 } },
    { account: { currency: "EUR" }, columns: { bookingDate: 0, debit: 2, credit: 3, direction: 1 }, noHeader: true, delimiter: ";" },
  ],
  camt053: [undefined, { account: { id: "NL91ABNA0417164300", currency: "EUR" } }],
  mt940: [undefined, { account: { currency: "EUR" } }],
  bai2: [undefined, { account: { currency: "USD" } }],
  ofx: [undefined, { account: { id: "CARD-1", currency: "USD" } }],
};

interface Mutation {
  name: string;
  apply: (data: Bytes, random: Random, tokens: readonly string[]) => Bytes;
}

/** Line boundaries (offsets after each LF), for the line-level mutations. */
function lineStarts(data: Bytes): number[] {
  const starts = [0];
  for (let i = 0; i < data.length; i++) if (data[i] === 10) starts.push(i + 1);
  return starts;
}

const MUTATIONS: readonly Mutation[] = [
  {
    name: "flip bits",
    apply: (data, random) => {
      const out = data.slice();
      for (let n = random.between(1, 8); n > 0 && out.length > 0; n--) out[random.int(out.length)]! ^= 1 << random.int(8);
      return out;
    },
  },
  {
    name: "set a random byte",
    apply: (data, random) => {
      const out = data.slice();
      if (out.length > 0) out[random.int(out.length)] = random.int(256);
      return out;
    },
  },
  { name: "delete a range", apply: (data, random) => ((r) => splice(data, r[0], r[1] - r[0]))(range(random, data)) },
  {
    name: "insert random bytes",
    apply: (data, random) => splice(data, random.int(data.length + 1), 0, Uint8Array.from({ length: random.between(1, 32) }, () => random.int(256))),
  },
  {
    name: "duplicate a range",
    apply: (data, random) => {
      const [start, end] = range(random, data);
      return splice(data, random.int(data.length + 1), 0, data.slice(start, end));
    },
  },
  { name: "truncate", apply: (data, random) => data.slice(0, random.int(data.length + 1)) },
  {
    name: "swap two lines",
    apply: (data, random) => {
      const starts = lineStarts(data);
      const lines = starts.map((s, i) => data.subarray(s, starts[i + 1] ?? data.length));
      const [i, j] = [random.int(lines.length), random.int(lines.length)];
      [lines[i], lines[j]] = [lines[j]!, lines[i]!];
      return Buffer.concat(lines);
    },
  },
  {
    name: "duplicate a block of lines",
    apply: (data, random) => {
      const starts = [...lineStarts(data), data.length];
      const from = random.int(starts.length - 1);
      const to = Math.min(starts.length - 1, from + random.between(1, 20));
      return splice(data, starts[random.int(starts.length)]!, 0, data.slice(starts[from], starts[to]));
    },
  },
  {
    name: "delete a block of lines",
    apply: (data, random) => {
      const starts = [...lineStarts(data), data.length];
      const from = random.int(starts.length - 1);
      const to = Math.min(starts.length - 1, from + random.between(1, 20));
      return splice(data, starts[from]!, starts[to]! - starts[from]!);
    },
  },
  {
    name: "insert a token",
    apply: (data, random, tokens) => {
      const token = random.chance(0.75) ? random.pick(tokens) : random.pick(GENERIC_TOKENS);
      // Tags matter most at line starts, where the line-based formats look for them.
      const starts = lineStarts(data);
      const at = random.chance(0.5) ? random.pick(starts) : random.int(data.length + 1);
      return splice(data, at, 0, utf8(token));
    },
  },
  {
    name: "replace a range with a token",
    apply: (data, random, tokens) => ((r) => splice(data, r[0], r[1] - r[0], utf8(random.pick(tokens))))(range(random, data)),
  },
  {
    name: "insert a very long run",
    apply: (data, random, tokens) => {
      // Runs of one delimiter are what trips backtracking regular expressions (/[\s/]+$/).
      const unit = random.chance(0.5) ? random.pick(tokens) : random.pick([..."/ ,;:?.-+\"'<>&0A", "//", "?20", "<a>"]);
      // Up to the longest line ingestion lets through (MAX_LINE_LENGTH in src/ingest/ingest-file.ts).
      const length = random.pick([300, 5_000, 70_000, 300_000, 1_000_000]);
      const line = unit.repeat(Math.ceil(length / unit.length));
      // A line of its own, or a run inside a line, where it lands in a field's value.
      if (random.chance(0.5)) return splice(data, random.pick(lineStarts(data)), 0, utf8(`${line}\n`));
      return splice(data, random.int(data.length + 1), 0, utf8(line));
    },
  },
  {
    name: "insert many short lines",
    apply: (data, random, tokens) => {
      const token = random.pick(tokens);
      return splice(data, random.pick(lineStarts(data)), 0, utf8(`${token}\n`.repeat(random.pick([50, 300, 3000]))));
    },
  },
  {
    name: "insert NUL bytes",
    apply: (data, random) => splice(data, random.int(data.length + 1), 0, new Uint8Array(random.pick([1, 2, 7, 600]))),
  },
  {
    name: "insert invalid UTF-8",
    apply: (data, random) => splice(data, random.int(data.length + 1), 0, Uint8Array.from(random.pick(BAD_BYTES))),
  },
  {
    name: "replace a number",
    // Dates, amounts, counts and codes are digit runs: a different run reaches their checks.
    apply: (data, random) => replaceRun(data, random, /[0-9]+/g, () => randomText(random, "0123456789", random.pick([0, 1, 2, 4, 6, 8, 12, 25]))),
  },
  {
    name: "replace a word",
    apply: (data, random, tokens) =>
      replaceRun(data, random, /[A-Za-z]+/g, () => (random.chance(0.5) ? random.pick(tokens) : randomText(random, "ABCDEFGHIJKLMNOPQRSTUVWXYZ", random.between(0, 5)))),
  },
  {
    name: "replace a field value",
    // The text between two delimiters of any of the formats (XML text, CSV cell, SWIFT subfield,
    // BAI2 field): the structure stays intact, so the value reaches the code that reads it.
    apply: (data, random, tokens) =>
      replaceRun(data, random, /(?<=[>,;:/?|\t])[^<>,;:/?|\t\r\n]*(?=[<,;/?|\t\r\n])/g, () =>
        random.chance(0.7) ? random.pick(VALUES) : random.pick(tokens),
      ),
  },
  {
    name: "replace an XML text",
    // Only element text: the document stays well-formed, so the CAMT reader gets to the value.
    apply: (data, random, tokens) => replaceRun(data, random, /(?<=>)[^<>]+(?=<\/)/g, () => (random.chance(0.8) ? random.pick(VALUES) : random.pick(tokens))),
  },
  {
    name: "change line ends",
    apply: (data, random) => {
      const text = Buffer.from(data).toString("latin1");
      const end = random.pick(["\r\n", "\r", "\n", "\r\r\n", "\n\n"]);
      return Buffer.from(text.replace(/\r\n|\r|\n/g, end), "latin1");
    },
  },
];

/** Replaces one random match of `pattern` (global) in the text with `replacement()`. */
function replaceRun(data: Bytes, random: Random, pattern: RegExp, replacement: () => string): Bytes {
  const text = Buffer.from(data).toString("latin1");
  const runs = [...text.matchAll(pattern)];
  if (runs.length === 0) return data;
  const run = random.pick(runs);
  return splice(data, run.index, run[0].length, utf8(replacement()));
}

function randomText(random: Random, alphabet: string, length: number): string {
  return Array.from({ length }, () => alphabet[random.int(alphabet.length)]).join("");
}

/** A seed file's mutated bytes and the steps that made them, for the failure message. */
export interface MutatedFile {
  bytes: Bytes;
  steps: string[];
}

/**
 * Applies one to four random mutations. With `donor` (another file of the format), one may
 * instead graft a block of its lines in: the result mixes two real layouts, as a bank
 * concatenating exports or an editor pasting into the wrong file would.
 */
export function mutate(seed: Bytes, random: Random, tokens: readonly string[], donor?: SeedFile): MutatedFile {
  let bytes = seed;
  const steps: string[] = [];
  for (let n = random.between(1, 4); n > 0; n--) {
    if (donor && random.chance(0.15)) {
      const starts = [...lineStarts(donor.bytes), donor.bytes.length];
      const from = random.int(starts.length - 1);
      const block = donor.bytes.slice(starts[from], starts[Math.min(starts.length - 1, from + random.between(1, 30))]);
      bytes = splice(bytes, random.pick(lineStarts(bytes)), 0, block);
      steps.push(`graft lines of ${donor.name}`);
      continue;
    }
    const mutation = random.pick(MUTATIONS);
    bytes = mutation.apply(bytes, random, tokens);
    steps.push(mutation.name);
  }
  return { bytes, steps };
}

export interface SeedFile {
  name: string;
  bytes: Bytes;
}

/** The fixtures of a format, and the shared corpus's files of it when the corpus is there. */
export function seedFiles(format: FormatName): SeedFile[] {
  // The camt reader reads camt.052 reports and camt.054 notifications too.
  const fixtures = format === "camt053" ? ["camt053", "camt052", "camt054"] : [format];
  const folders = [
    ...fixtures.map((folder) => new URL(`../../fixtures/${folder}/`, import.meta.url)),
    new URL(`../../../shared/corpus/${format}/`, import.meta.url),
  ];
  return folders.flatMap((folder) =>
    existsSync(folder)
      ? readdirSync(folder)
          .sort()
          .map((name) => ({ name: `${folder.pathname.split("/").slice(-3, -1).join("/")}/${name}`, bytes: readFileSync(new URL(name, folder)) }))
      : [],
  );
}

/** The bytes as an R2 body would deliver them: in chunks of varying size, so decoding streams. */
async function* chunked(bytes: Bytes, random: Random): AsyncGenerator<Uint8Array> {
  for (let i = 0; i < bytes.length; ) {
    const size = random.pick([1, 7, 64, 4096, 65536]);
    yield bytes.subarray(i, i + size);
    i += size;
  }
}

/**
 * Runs one file as ingestion does (decode, then the format's parser, or detectFormat on the
 * first 4 KB), consuming every event, and says what went wrong, if anything. FileError is the
 * parser's way to refuse a file; anything else, or running past `limitMs`, is a finding. Time
 * is also checked between events, so a slow parser is stopped early instead of running through
 * a long file; a slow step within one event cannot be interrupted, and is reported when it ends.
 */
export async function runCase(
  target: FormatName | "detect",
  bytes: Bytes,
  random: Random,
  limitMs: number,
  profile?: Profile,
): Promise<string | undefined> {
  const started = performance.now();
  const elapsed = () => performance.now() - started;
  try {
    const text = decodeText(chunked(bytes, random));
    if (target === "detect") {
      detectFormat(await headOf(text, 4096));
    } else {
      await drain(PARSERS[target], text, profile, () => elapsed() > limitMs);
    }
  } catch (error) {
    if (!(error instanceof FileError)) {
      const stack = error instanceof Error ? (error.stack ?? error.message).split("\n").slice(0, 4).join(" | ") : String(error);
      return `threw ${stack}`;
    }
  }
  const ms = elapsed();
  return ms > limitMs ? `took ${ms.toFixed(0)} ms (limit ${limitMs} ms)` : undefined;
}

async function drain(parser: FormatParser, text: AsyncIterable<string>, profile: Profile | undefined, late: () => boolean): Promise<void> {
  for await (const _ of parser(text, { fileName: "fuzz", source: "fuzz", profile })) if (late()) return;
}

async function headOf(text: AsyncIterable<string>, size: number): Promise<string> {
  let head = "";
  for await (const chunk of text) {
    head += chunk;
    if (head.length >= size) break;
  }
  return head.slice(0, size);
}
