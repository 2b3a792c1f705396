import { describe, expect, it } from "vitest";
import { parseOfx } from "../../src/formats/ofx";
import { corpusHas, formatCorpus, inCorpus } from "../support/corpus";
import { balances, continuity, corpusCases, entries, parseCorpusFile, statements } from "../support/parsing";

const present = corpusHas("ofx/");

/** Fed in small byte chunks, decoded as ingestion decodes them. */
const parseFile = (url: URL) => parseCorpusFile(parseOfx, url, 64);

/** Statements, entries and balances counted by hand in each file. */
const COUNTS: Record<string, { statements: number; entries: number; balances: number }> = {
  "bank-statement-import__test_ofx.ofx": { statements: 2, entries: 4, balances: 2 },
  "beancount_reds_importers__360Checking.qfx": { statements: 1, entries: 4, balances: 1 },
  "beangulp__2013-12-03.bofa.ofx": { statements: 1, entries: 27, balances: 1 },
  "ofxparse__anzcc.ofx": { statements: 1, entries: 1, balances: 2 },
  "ofxparse__bank_medium.ofx": { statements: 1, entries: 3, balances: 2 },
  "ofxparse__checking.ofx": { statements: 1, entries: 3, balances: 2 },
  "ofxparse__suncorp.ofx": { statements: 1, entries: 1, balances: 2 },
  "ofxstatement-french__BPACA_OP_20220717.ofx": { statements: 2, entries: 63, balances: 4 },
};

/** Known-bad files, with the exact refusal. */
const REFUSED: Record<string, string> = {
  "ofxparse__fail_nice_date_missing.ofx": "line 33: <STMTTRN> has no <DTPOSTED>",
  // Its DTPOSTED (month 20) is read before its TRNAMT ("$120").
  "ofxparse__fail_nice_decimal_error.ofx": 'line 36: DTPOSTED "201120000000" is not an OFX date (YYYYMMDD, optionally HHMMSS.XXX[offset:zone])',
  "ofxparse__fail_nice_empty_balance.ofx": "line 38: LEDGERBAL BALAMT is empty",
};

describe.skipIf(!present)("OFX corpus", () => {
  const files = formatCorpus("ofx/", /\.(ofx|qfx)$/i);

  corpusCases(files, parseFile, { read: COUNTS, refused: REFUSED }, (events, counts) => {
    expect(statements(events)).toHaveLength(counts.statements);
    expect(entries(events)).toHaveLength(counts.entries);
    expect(balances(events)).toHaveLength(counts.balances);
    // Every entry is named by its FITID, once per account.
    const ids = entries(events).map((e) => `${e.account.id}:${e.uniqueReference}`);
    expect(new Set(ids).size).toBe(ids.length);
    expect(continuity(events).flatMap((c) => (c.mismatch ? [c.mismatch] : []))).toEqual([]);
  });

  it("reads American Express's whole statement on one line, with MST times", async () => {
    const events = await parseFile(inCorpus("ofx/beangulp__2013-12-03.bofa.ofx"));
    expect(statements(events)[0]!.account.id).toBe("379700001111222");
    expect(entries(events)[0]).toMatchObject({
      bookingDate: "2013-11-21",
      bookingTime: "2013-11-21T07:00:00.000Z",
      amount: { minor: -2900n, currency: "USD" },
      uniqueReference: "320133250213757584",
      customerReference: "320133250213757584",
      transactionCode: "DEBIT",
      details: { accountType: "CREDITCARD" },
    });
    expect(balances(events)[0]).toMatchObject({ kind: "closing", amount: { minor: -209301n }, date: "2013-12-03" });
  });

  it("reads Banque Populaire's two statements, closed and unclosed leaves mixed", async () => {
    const events = await parseFile(inCorpus("ofx/ofxstatement-french__BPACA_OP_20220717.ofx"));
    // The file's account numbers are masked alike; the bank and branch ids tell them apart.
    expect(statements(events).map((s) => [s.account.id, s.account.currency, s.account.bank])).toEqual([
      ["99999999999", "EUR", "10907/00001"],
      ["99999999999", "EUR", "00000/00000"],
    ]);
  });

  it("keeps the day of Capital One's balance whose time has minute 82", async () => {
    const events = await parseFile(inCorpus("ofx/beancount_reds_importers__360Checking.qfx"));
    expect(balances(events)[0]).toMatchObject({ kind: "closing", code: "LEDGERBAL", amount: { minor: 432198n }, date: "2023-03-10", time: undefined });
  });
});
