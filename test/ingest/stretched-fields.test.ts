import { beforeEach, describe, expect, it } from "vitest";
import type { FormatName } from "../../src/ingest/detect";
import { Random, seedOf } from "../fuzz/support";
import { ingestBeside, prepareStore, serverErrors, type StatementFile, statementFiles } from "../support/hostile-ingest";
import { testSetting } from "../support/settings";

/*
 * Every string field of every statement file the tests hold (fixtures, the bad files, the
 * shared corpus when present) rewritten the way a hostile or broken export writes it: 2,000
 * characters long, with control characters, `/`, `..`, NUL or characters outside the BMP. A
 * field's text may end up in an id, an account number, a storage key or a reason; whatever it
 * holds, the file is ingested or fails alone with a readable reason, and a good file uploaded
 * after it is ingested by a run that answers 200.
 *
 * An ordinary run takes STRETCH_CASES cases (default 24), one file after the other in an order
 * FUZZ_SEED shuffles, each file's field and rewrite picked by the seed too; STRETCH_CASES=all
 * takes every field of every file with every rewrite (tens of thousands of runs). Inside
 * workerd these are read from VITE_STRETCH_CASES and VITE_FUZZ_SEED.
 */
const LONG_CASES = testSetting("STRETCH_CASES");
const CASES = LONG_CASES ?? "24";
const RUN_SEED = Number(testSetting("FUZZ_SEED") ?? 20260701);
const STRETCHED_LENGTH = 2_000;
/** A fresh store every so many cases, so that listing the inbox does not grow with the run. */
const CASES_PER_STORE = 50;

/** Where each format keeps its values, as text ranges. */
const FIELDS: Record<FormatName | "other", RegExp> = {
  // A tag's value (after `:61:`), or a line of its own (an :86: continuation, a block header).
  mt940: /(?<=^:[0-9A-Z]{2,3}:)[^\r\n]+|^(?!:[0-9A-Z]{2,3}:)[^\r\n]+/gm,
  // Element text that is not blank.
  camt053: /(?<=>)[^<>]*[^<>\s][^<>]*(?=<)/g,
  // Every field after the record code, up to the `/` that ends a record.
  bai2: /(?<=,)[^,\r\n/]+/g,
  // A leaf's value: after its tag, up to the next tag or the end of the line (1.x leaves have no end tag).
  ofx: /(?<=>)[^<>\r\n]*[^<>\s][^<>\r\n]*/g,
  // Every cell, between whichever of the usual delimiters, inside its quotes.
  csv: /(?<=^|[,;\t|]"?|^")[^,;\t|"\r\n]+/gm,
  other: /(?<=>)[^<>]*[^<>\s][^<>]*(?=<)|(?<=^|[,;\t|:])[^,;\t|:<>\r\n]+/gm,
};

/** `text` repeated (by code points) to 2,000 characters; a longer text as it is. */
function stretched(text: string): string {
  const chars = [...text];
  if (chars.length >= STRETCHED_LENGTH) return text;
  return Array.from({ length: STRETCHED_LENGTH }, (_, i) => chars[i % chars.length]).join("");
}

const CONTROL = "\u0001\u0007\u001b\u007f\u0085";
const NON_BMP = "\u{1F600}\u{1D11E}\u{10FFFD}";

/** What a field's value becomes, short (where an id or key bound lets it through) and stretched. */
const REWRITES: [string, (value: string) => string][] = [
  ["stretched", (v) => stretched(v)],
  ["with control characters", (v) => `${v}${CONTROL}`],
  ["with control characters, stretched", (v) => stretched(`${v}${CONTROL}`)],
  ["with /", (v) => `/${v}/${v}`],
  ["with /, stretched", (v) => stretched(`${v}/`)],
  ["..", () => ".."],
  ["with ../, stretched", (v) => stretched(`../${v}`)],
  ["with NUL", (v) => `${v}\u0000${v}`],
  ["with NUL, stretched", (v) => stretched(`${v}\u0000`)],
  ["with non-BMP characters", (v) => `${v}${NON_BMP}`],
  ["non-BMP characters, stretched", () => stretched(NON_BMP)],
];

interface Case {
  file: StatementFile;
  text: string;
  field: RegExpMatchArray;
  rewrite: (typeof REWRITES)[number];
}

/** The file's text: as UTF-8 when it is, else byte for byte as Latin-1 (the rewritten file is UTF-8 either way). */
function textOf(bytes: Uint8Array): string {
  try {
    return new TextDecoder("utf-8", { fatal: true, ignoreBOM: false }).decode(bytes);
  } catch {
    return new TextDecoder("latin1").decode(bytes);
  }
}

function fieldsOf(file: StatementFile, text: string): RegExpMatchArray[] {
  return [...text.matchAll(FIELDS[file.format ?? "other"])];
}

/** Every field with every rewrite, file by file. */
function* everyCase(files: StatementFile[]): Generator<Case> {
  for (const file of files) {
    const text = textOf(file.bytes);
    for (const field of fieldsOf(file, text)) for (const rewrite of REWRITES) yield { file, text, field, rewrite };
  }
}

/** `count` cases, the files taken in turn, each case's field and rewrite picked by the seed. */
function* sampledCases(files: StatementFile[], count: number): Generator<Case> {
  const usable = files.map((file) => ({ file, text: textOf(file.bytes) })).filter(({ file, text }) => fieldsOf(file, text).length > 0);
  for (let i = 0; i < count; i++) {
    const { file, text } = usable[i % usable.length]!;
    const random = new Random(seedOf(RUN_SEED, "stretch", i));
    yield { file, text, field: random.pick(fieldsOf(file, text)), rewrite: random.pick(REWRITES) };
  }
}

beforeEach(prepareStore);

describe("every string field of every statement file, stretched and salted", () => {
  it("fails or ingests that file alone, and the good file uploaded after it is ingested by a run answering 200", async () => {
    const files = statementFiles(RUN_SEED);
    expect(files.length).toBeGreaterThan(30);
    const cases = CASES === "all" ? everyCase(files) : sampledCases(files, Number(CASES));
    const findings: string[] = [];
    let n = 0;
    for (const { file, text, field, rewrite } of cases) {
      if (++n % CASES_PER_STORE === 0) {
        findings.push(...(await serverErrors()));
        await prepareStore();
      }
      const [name, apply] = rewrite;
      const content = text.slice(0, field.index) + apply(field[0]) + text.slice(field.index! + field[0].length);
      const finding = await ingestBeside(n, file.name.split(".").at(-1)!, new TextEncoder().encode(content));
      if (finding) findings.push(`FUZZ_SEED=${RUN_SEED} case ${n}: ${file.name}, field ${JSON.stringify(field[0].slice(0, 40))} at ${field.index}, ${name}: ${finding}`);
    }
    findings.push(...(await serverErrors()));
    expect(findings).toEqual([]);
  }, LONG_CASES === undefined ? 60_000 : 24 * 3_600_000);
});
