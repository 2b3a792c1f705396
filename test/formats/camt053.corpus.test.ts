import { describe, expect, it } from "vitest";
import { parseCamt053 } from "../../src/formats/camt053";
import { corpusFiles, corpusHas, inCorpus } from "../support/corpus";
import { continuity, entries, parseCorpusFile, refusal } from "../support/parsing";

const INVALID = "invalid/camt__camt053.v2.wrong.xml";

const parse = (url: URL) => parseCorpusFile(parseCamt053, url, 4096);

/** Files that are not statements we may import, with the exact refusal. */
const REFUSED: Record<string, string> = {
  // Anonymised: every amount is in "XXX", ISO 4217's "no currency" code, which has no minor unit.
  "ofxstatement-iso20022__gcamp6.xml": 'line 31: balance OPBD: unknown currency code "XXX"',
};

/**
 * Sample files whose balances do not follow from their entries (test data of the projects they
 * come from, not bank output); each difference is asserted exactly so that a parsing change shows.
 */
const MISMATCHES: Record<string, string> = {
  // OCA test file: the three entries net -12.99, the balances fall by 447.15.
  "bank-statement-import__test-camt053.xml":
    "opening balance 15568.27 on 2014-01-05 plus booked entries -12.99 is 15555.28, but the closing balance on 2014-01-05 is 15121.12 (difference -434.16)",
  // genkgo's balance-type sampler: ten placeholder balances 1.01..10.10 (ITBD 9.09 is the last closing-kind one).
  "camt__camt053.v2.all-balance-types.xml":
    "opening balance 1.01 on 2015-01-21 plus booked entries 8.85 is 9.86, but the closing balance on 2015-01-21 is 9.09 (difference -0.77)",
  // genkgo's three-decimals sample: 18.150 + 8.850 is not 27.050.
  "camt__camt053.v2.five.decimals.xml":
    "opening balance 18.15 on 2014-12-30 plus booked entries 8.85 is 27.00, but the closing balance on 2014-12-31 is 27.05 (difference 0.05)",
  // UBS sample trimmed to three entries, one of them in EUR on the CHF account.
  "camt_parser__053_valid_example_v8.xml":
    "opening balance 82721.95 on 2023-06-20 plus booked entries 563.25 is 83285.20, but the closing balance on 2023-06-20 is 84515.25 (difference 1230.05)",
  // ING sample: TxsSummry counts 35 entries, the file keeps 3.
  "camt_parser__053_valid_example_with_batch.xml":
    "opening balance 7329.80 on 2018-12-31 plus booked entries 2934.26 is 10264.06, but the closing balance on 2019-06-23 is 23038.20 (difference 12774.14)",
  // Goldman Sachs sample: the USD balance moved by an entry whose Amt says EUR 29.06; the parser
  // keeps the currency the bank stated, so the USD statement misses exactly that amount.
  "newinnovations-camt053__example-camt053-b.xml":
    "opening balance -843686.20 on 2025-04-30 plus booked entries 104.53 is -843581.67, but the closing balance on 2026-04-30 is -843610.73 (difference -29.06)",
};

/** Entry events counted by hand from the XML: single Ntry, plus one per TxDtls of batches that add up. */
const ENTRY_COUNTS: Record<string, number> = {
  "camt_parser__053_valid_example.xml": 5, // 4 Ntry, the last a batch of 3.50 + 2.50 = 6.00
  "camt_parser__053_valid_example_v4.xml": 32, // 9 single Ntry + batches of 10, 8, 3 and 2
  "phwes-camt053__camt053.xml": 23, // 5 single Ntry + batches of 12 and 6
  "bank-statement-import__test-camt053.xml": 4, // 3 Ntry, the reversal a batch of 564.05 + 100.00
  "bank-statement-import__test-camt053-txdtls.xml": 2, // 1 Ntry, a batch of 2187.00 + 1296.00
  "ofxstatement-iso20022__davider80.xml": 16, // 16 Ntry without TxDtls
  "newinnovations-camt053__example-camt053-a.xml": 11, // 7 + 4 Ntry in two statements
  "camt_parser__053_valid_example_with_batch.xml": 3, // a Btch of 3 without TxDtls stays one entry
};

const files = corpusFiles("camt053/").filter((name) => name.endsWith(".xml"));

describe.skipIf(files.length === 0)("camt.053 corpus", () => {
  const accepted = files.filter((name) => !(name in REFUSED));

  it.each(accepted)("%s: every statement balances, or differs exactly as known", async (name) => {
    const events = await parse(inCorpus(`camt053/${name}`));
    const checked = continuity(events).filter((check) => check.summary.opening && check.summary.closing);
    expect(checked.map((check) => check.mismatch).filter((mismatch) => mismatch !== undefined)).toEqual(
      name in MISMATCHES ? [MISMATCHES[name]] : [],
    );
    expect(events[0]?.type).toBe("statement");
    if (name in ENTRY_COUNTS) expect(entries(events)).toHaveLength(ENTRY_COUNTS[name]!);
  });

  it.each(Object.entries(REFUSED))("%s is refused", async (name, message) => {
    expect((await refusal(parse(inCorpus(`camt053/${name}`)))).message).toBe(message);
  });

  it("every corpus file is either accepted or refused on purpose", () => {
    expect(files.length).toBe(16);
    expect(Object.keys(REFUSED).filter((name) => !files.includes(name))).toEqual([]);
    expect(Object.keys(MISMATCHES).filter((name) => !accepted.includes(name))).toEqual([]);
  });
});

describe.skipIf(!corpusHas(INVALID))("camt.053 corpus, labelled invalid", () => {
  it("refuses genkgo's 'wrong' file: a group header and no statement", async () => {
    expect((await refusal(parse(inCorpus(INVALID)))).message).toBe(
      "line 9: the camt.053 document contains no statement (<Stmt>): there is nothing to import",
    );
  });
});
