import { beforeAll, beforeEach, describe, expect, it } from "vitest";
import { fileName, sourceName } from "../../src/http/admin/names";
import { HttpError } from "../../src/http/errors";
import { ErrorSchema } from "../../src/model/contract";
import { checkedCalls, type ContractChecker, contractCheckers } from "../support/contract-check";
import { ADMIN_KEY, ingest, putInbox, resetBucket, testEnv } from "../support/worker";

// Every answer is checked against /openapi.json as well.
let checkers: ContractChecker[] = [];
const { call } = checkedCalls(() => checkers);
beforeAll(async () => {
  checkers = await contractCheckers();
});
beforeEach(resetBucket);

const CSV = "Date,Description,Amount,Currency\n2026-10-01,Deposit,10.00,EUR\n";

/** Uploads as the CLI does: each path part percent-encoded. */
const upload = (source: string, name: string) =>
  call(`/admin/files/${encodeURIComponent(source)}/${encodeURIComponent(name)}`, {
    method: "PUT", key: ADMIN_KEY, body: CSV, headers: { "content-length": String(CSV.length) },
  });

async function expectRefused(response: Response, detail: string): Promise<void> {
  expect(response.status).toBe(400);
  expect(ErrorSchema.parse(await response.json()).Detail).toBe(detail);
  // Nothing is stored but the audit log's entry of the refused upload.
  const keys = (await testEnv.STATEMENTS.list()).objects.map((o) => o.key);
  expect(keys.filter((key) => !key.startsWith("audit/"))).toEqual([]);
  expect(keys.filter((key) => key.startsWith("audit/"))).toHaveLength(1);
}

const refusal = (what: string, shown: string, code: string, kind: string, at: number) =>
  `${what} "${shown}" has ${code}, ${kind}, at character ${at}: rename it without control or invisible characters`;
const FORMAT = "an invisible formatting character (such as a bidirectional override or a zero-width space)";

describe("PUT /admin/files refuses a name a person would read as something else", () => {
  it.each([
    ["a right-to-left override (shown as exe.doc)", "\u202ecod.exe", "<U+202E>cod.exe", "U+202E", FORMAT, 1],
    ["a left-to-right override", "a\u202dstatement.csv", "a<U+202D>statement.csv", "U+202D", FORMAT, 2],
    ["a bidirectional isolate", "invoice\u2066.csv\u2069", "invoice<U+2066>.csv<U+2069>", "U+2066", FORMAT, 8],
    ["a zero-width space", "in\u200bvoice.csv", "in<U+200B>voice.csv", "U+200B", FORMAT, 3],
    ["a byte order mark", "\ufeffoctober.csv", "<U+FEFF>october.csv", "U+FEFF", FORMAT, 1],
    ["a soft hyphen", "octo\u00adber.csv", "octo<U+00AD>ber.csv", "U+00AD", FORMAT, 5],
    ["a C0 control", "bell\u0007.csv", "bell<U+0007>.csv", "U+0007", "a control character", 5],
    ["a C1 control", "next\u0085line.csv", "next<U+0085>line.csv", "U+0085", "a control character", 5],
    ["a line separator", "a\u2028b.csv", "a<U+2028>b.csv", "U+2028", "a line or paragraph separator", 2],
    ["one after a character outside the BMP, counted as one", "😀\u202e.csv", "😀<U+202E>.csv", "U+202E", FORMAT, 2],
  ])("%s, saying which character at which position", async (_what, name, shown, code, kind, at) => {
    await expectRefused(await upload("main", name), refusal("file name", shown, code, kind, at));
  });

  it("in the source as well", async () => {
    await expectRefused(await upload("ma\u202ein", "x.csv"), refusal("source", "ma<U+202E>in", "U+202E", FORMAT, 3));
  });

  it("and on retry, which names a file the same way", async () => {
    const response = await call(`/admin/retry/main/${encodeURIComponent("\u202ecod.exe")}`, { method: "POST", key: ADMIN_KEY });
    expect(response.status).toBe(400);
    expect(ErrorSchema.parse(await response.json()).Detail).toMatch(/U\+202E/);
  });

  it("names the file it takes again on retry, with its last error", async () => {
    await putInbox("main", "broken.csv", "Date,Description,Amount,Currency\n2026-10-01,Broken,1.2.3,EUR\n");
    await ingest();
    const response = await call("/admin/retry/main/broken.csv", { method: "POST", key: ADMIN_KEY });
    expect(response.status).toBe(202);
    expect(await response.json()).toMatchObject({ key: "inbox/main/broken.csv", state: "pending", error: { line: 2 } });
  });

  it("takes names in any script, with spaces and punctuation", async () => {
    for (const name of ["Kontoauszug Oktober.sta", "relevé été – n°3.csv", "明細 2026年10月.csv", "a+b (1).csv"]) {
      const response = await upload("main", name);
      expect(response.status, name).toBe(201);
      expect(await response.json()).toMatchObject({ key: `inbox/main/${name}`, name });
    }
  });
});

describe("names", () => {
  /** Every code point of these general categories. */
  const codePoints = (pattern: RegExp) => {
    const found: number[] = [];
    for (let cp = 0; cp <= 0x10ffff; cp++) if (!(cp >= 0xd800 && cp <= 0xdfff) && pattern.test(String.fromCodePoint(cp))) found.push(cp);
    return found;
  };

  it("refuses every control, format and separator character, in file names and sources alike", () => {
    const unseen = codePoints(/^[\p{Cc}\p{Cf}\p{Zl}\p{Zp}]$/u);
    expect(unseen.length).toBeGreaterThan(200);
    for (const cp of unseen) {
      const char = String.fromCodePoint(cp);
      const code = `U+${cp.toString(16).toUpperCase().padStart(4, "0")}`;
      for (const check of [fileName, sourceName]) {
        expect(() => check(encodeURIComponent(`ab${char}c`)), code).toThrow(HttpError);
        expect(() => check(encodeURIComponent(`ab${char}c`)), code).toThrow(new RegExp(`has ${code.replace("+", "\\+")}, .* at character 3`));
      }
    }
  });

  it("takes every other character a file name may hold", () => {
    const seen = codePoints(/^[^\p{Cc}\p{Cf}\p{Zl}\p{Zp}/\\]$/u);
    for (let i = 0; i < seen.length; i += 100) {
      const name = `x${String.fromCodePoint(...seen.slice(i, i + 100))}`;
      expect(fileName(encodeURIComponent(name))).toBe(name);
    }
  });
});
