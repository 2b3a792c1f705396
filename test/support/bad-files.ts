import wrongTotal from "../../fixtures/bai2/wrong-control-total.bai2?raw";
import deepNesting from "../../fixtures/camt053/hostile-deep-nesting.xml?raw";
import entityBomb from "../../fixtures/camt053/hostile-entity-bomb.xml?raw";
import externalEntity from "../../fixtures/camt053/hostile-external-entity.xml?raw";
import truncatedCamt from "../../fixtures/camt053/truncated.xml?raw";

/** A CSV with a header the format reads without a profile, and these rows. */
export const csv = (rows: string[]) => ["Date,Description,Amount,Currency", ...rows].join("\n") + "\n";
const utf8 = (text: string) => new TextEncoder().encode(text);

/**
 * Files ingestion must refuse, each with the line (or none) and a phrase of the reason it must
 * fail with, read as UTF-8 (test/ingest/bad-files.test.ts); the field-stretching and mutation
 * suites start from them too.
 */
export const BAD_FILES: [string, string | Uint8Array, number | undefined, RegExp][] = [
  ["empty.csv", "", undefined, /the file is empty/],
  ["binary.zip", new Uint8Array([0x50, 0x4b, 3, 4, 0, 0, 0, 0, 8, 0, 0, 0, 0, 0, 0, 1, 2, 0, 0, 0, 0, 0, 0, 0, 5, 6, 7]), undefined, /a spreadsheet \(xlsx, xls or ods\) or another archive: save it as CSV/],
  ["half.xml", truncatedCamt, 122, /not well-formed XML: unclosed tag: Amt/],
  ["no-closing.sta", ":20:X\n:25:NL91ABNA0417164300\n:28C:5/1\n:60F:C240101EUR0,00\n:61:240102C5,00NTRFNONREF\n:86:cut", 1, /no closing balance :62F: or :62M:; the file may be truncated/],
  ["broken-utf8.csv", new Uint8Array([...utf8(csv(["2026-10-01,Café,1.00,EUR"])), ...utf8("2026-10-02,"), 0xc3, 0x28, ...utf8(",2.00,EUR\n")]), 3, /not valid utf-8/],
  ["ragged.csv", csv(["2026-10-01,Ok,1.00,EUR", "2026-10-02,Extra,2.00,EUR,what"]), 3, /cells|columns/],
  ["bad-date.csv", csv(["2026-10-01,Ok,1.00,EUR", "2026-13-45,Bad,2.00,EUR"]), 3, /2026-13-45/],
  ["bad-amount.csv", csv(["2026-10-01,Ok,1.00,EUR", "2026-10-02,Bad,1.2.3,EUR"]), 3, /1\.2\.3/],
  ["bad-currency.csv", csv(["2026-10-01,Ok,1.00,EUR", "2026-10-02,Bad,2.00,XYZ"]), 3, /XYZ/],
  ["wrong-total.bai2", wrongTotal, 5, /control total expected 2500001, found/],
  ["entity-bomb.xml", entityBomb, 13, /DTD/],
  ["external-entity.xml", externalEntity, 4, /DTD/],
  ["deep.xml", deepNesting, 5, /nested more than 64 levels deep/],
  ["long-line.csv", csv(["2026-10-01,Ok,1.00,EUR", `2026-10-02,${"x".repeat(1_100_000)},2.00,EUR`]), 3, /longer than 1000000 characters/],
];
