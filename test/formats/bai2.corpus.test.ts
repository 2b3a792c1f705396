import { describe, expect, it } from "vitest";
import { parseBai2 } from "../../src/formats/bai2";
import { corpusHas, formatCorpus, inCorpus } from "../support/corpus";
import { continuity, corpusCases, entries, parseCorpusFile, parseCorpusFileUntilRefused, statements } from "../support/parsing";

const present = corpusHas("bai2/");

/** Feeds the file in small byte chunks through decodeText, as production does from R2. */
const parseFile = (url: URL) => parseCorpusFile(parseBai2, url, 64);

/** Statements and entries counted by hand in each file that parses. */
const COUNTS: Record<string, { statements: number; entries: number }> = {
  "mojbai2__account_trailer_amount_blank_example.bai2": { statements: 2, entries: 0 },
  "mojbai2__citi_example.bai2": { statements: 1, entries: 1 },
  "mojbai2__nwb_example.bai2": { statements: 1, entries: 5 },
  "mojbai2__svb_us_example.bai2": { statements: 2, entries: 2 },
  "moov-bai2__sample1.bai2": { statements: 2, entries: 17 },
  "moov-bai2__sample2.bai2": { statements: 5, entries: 4 },
  "moov-bai2__sample3.bai2": { statements: 15, entries: 26 },
  "venturehacks-bai2__daily_with_summary.bai2": { statements: 1, entries: 1 },
  "venturehacks-bai2__eod.bai2": { statements: 1, entries: 1 },
};

/** Files that are malformed, with the exact refusal. */
const REFUSED: Record<string, string> = {
  // Its 8-digit creation date (20250525) and 7-digit group date (0250525) are read; its group status 21 is no
  // status (nor its 16's type code 10000, nor its trailers' counts): a broken generator's output.
  "bai2-to-csv__sample.bai2": 'line 2: group status "21" is not 1 (update), 2 (deletion), 3 (correction) or 4 (test only)',
  // Hand-edited: entries and accounts were added without fixing the trailers (98 says 4 accounts, there are 5).
  "moov-bai2__sample4-continuations-newline-delimited.bai2":
    "line 22: 49 account trailer of account 107049932: control total expected -1260161341762, found 7999960 (the sum of the account's 03 and 16 amounts)",
  "moov-bai2__errors_sample-parseError.bai2": 'line 1: record code "00" is not a BAI2 record code (01, 02, 03, 16, 49, 88, 98 or 99)',
  "venturehacks-bai2__invalid_checksum_eod.bai2":
    "line 15: 49 account trailer of account 3333333333: control total expected 8325983, found 8325982 (the sum of the account's 03 and 16 amounts)",
};

/**
 * Two test fixtures whose balances do not follow from their entries (the files' own control
 * totals do add up): the continuity check must report exactly this, nothing else.
 */
const KNOWN_MISMATCHES: Record<string, string> = {
  "mojbai2__citi_example.bai2":
    "opening balance 100.00 on 2015-07-15 plus booked entries 0.01 is 100.01, but the closing balance on 2015-07-15 is 100.00 (difference -0.01)",
  "venturehacks-bai2__daily_with_summary.bai2":
    "opening balance 0.00 on 2005-06-07 plus booked entries 250.01 is 250.01, but the closing balance on 2005-06-07 is 0.00 (difference -250.01)",
};

describe.skipIf(!present)("BAI2 corpus", () => {
  const files = formatCorpus("bai2/", /\.bai2$/);

  corpusCases(files, parseFile, { read: COUNTS, refused: REFUSED }, (events, counts, name) => {
    expect(statements(events)).toHaveLength(counts.statements);
    expect(entries(events)).toHaveLength(counts.entries);
    const mismatches = continuity(events).flatMap((c) => (c.mismatch ? [c.mismatch] : []));
    expect(mismatches).toEqual(KNOWN_MISMATCHES[name] ? [KNOWN_MISMATCHES[name]] : []);
  });

  it("reads NatWest's empty funds types, 88 texts and sort-code account", async () => {
    const events = await parseFile(inCorpus("bai2/mojbai2__nwb_example.bai2"));
    const found = entries(events);
    expect(found.map((e) => [e.transactionCode, e.amount.minor, e.amount.currency])).toEqual([
      ["699", -971n, "GBP"],
      ["699", -100n, "GBP"],
      ["699", -123n, "GBP"],
      ["699", -1571n, "GBP"],
      ["399", 89n, "GBP"],
    ]);
    expect(found[4]?.account).toEqual({ id: "88888888 600004", name: undefined, currency: "GBP", bank: "NWBKGB2L" });
    expect(found[0]?.description).toBe("LVP XBANKGO24007664SJ LVP INT 2 USAXBANKGO24007664SJ LVP INT 2 USARELAY TFR");
  });

  it("reads Citi's value-dated detail with references and 88 text holding '/'", async () => {
    const events = await parseFile(inCorpus("bai2/mojbai2__citi_example.bai2"));
    expect(entries(events)[0]).toMatchObject({
      bookingDate: "2015-07-15",
      valueDate: "2015-07-15",
      amount: { minor: 1n, currency: "GBP", exponent: 2 },
      bankReference: "1234567890",
      customerReference: "RP12312312312312",
      transactionCode: "191",
    });
    expect(entries(events)[0]?.description).toContain("PY:RP1231231231231200 A1234BC 22/03/66 BI:22222222");
  });

  it("reads the spec example's S, D and V funds types (moov sample2)", async () => {
    const events = await parseFile(inCorpus("bai2/moov-bai2__sample2.bai2"));
    const found = entries(events);
    expect(found.map((e) => [e.account.id, e.amount.minor, e.bankReference, e.customerReference, e.description])).toEqual([
      ["0123456789", 450000n, undefined, undefined, undefined],
      ["9876543210", 500000n, undefined, undefined, "LOCK BOX NO.68751"],
      ["4589761203", 20000000n, "SP4738", "YRC065321", "PROCEEDS OF LETTER OF CREDIT FROM THE ARAMCO OIL CO"],
      ["4589761203", 10000000n, undefined, undefined, undefined],
    ]);
    const balances = events.flatMap((e) => (e.type === "balance" && e.balance.account.id === "9876543210" ? [e.balance] : []));
    expect(balances.map((b) => [b.code, b.kind, b.amount.minor])).toEqual([
      ["010", "opening", -500000n],
      ["072", "other", 500000n],
      ["074", "other", 500000n],
      ["040", "available", -1500000n],
    ]);
  });

  it("unpacks moov sample3's records packed on one line", async () => {
    const events = await parseFile(inCorpus("bai2/moov-bai2__sample3.bai2"));
    const firstAccount = entries(events).slice(0, 6);
    expect(firstAccount.map((e) => [e.line, e.amount.minor, e.description])).toEqual([
      [3, 2500n, "TRANSFER PAYPAL PPD"],
      [3, 500n, "TRANSFER MSPBNA BANK PPD"],
      [4, 100n, "Ext Trnsfr JPMorgan Chase PPD"],
      [5, -2500n, "111111 ACH_SETL 1111111111 111111111111111 1111111111"],
      [7, -600n, "111111 ACH_SETL 1111111111 111111111111111 1111111111"],
      [9, -100n, "Ext Trnsfr JPMorgan Chase 1111111111 111111111111111 11111111111"],
    ]);
  });

  it("keeps a CAD file's value dates and tells apart an account reported twice (moov sample1)", async () => {
    const events = await parseFile(inCorpus("bai2/moov-bai2__sample1.bai2"));
    const ids = statements(events).map((s) => s.id);
    expect(ids).toEqual(["2006-03-17/10200123456", "2006-03-17/10200123456#2"]);
    const first = entries(events)[0];
    expect(first).toMatchObject({ bookingDate: "2006-03-17", valueDate: "2006-03-16", description: "RETURNED CHEQUE" });
    expect(first?.amount).toEqual({ minor: -2500n, currency: "CAD", exponent: 2 });
  });

  it("reads Goldman Sachs' '/'-less 16 records up to the broken trailer (moov sample4)", async () => {
    const events = await parseCorpusFileUntilRefused(parseBai2, inCorpus("bai2/moov-bai2__sample4-continuations-newline-delimited.bai2"), 64);
    const found = entries(events);
    expect(found.map((e) => [e.transactionCode, e.amount.minor, e.bankReference, e.customerReference])).toEqual([
      ["447", -60000n, "SPB2322984714570", "1111"],
      ["261", 143500n, "SB2322600000404", "GSQ4FBGFDGWGKY"],
      ["447", -928650n, "SPB2322684598521", "AB-GS-RPFILERP0001-RPBA0001"],
    ]);
    expect(found[1]?.description).toBe(
      'ACH Credit Reject,From: TEST INC, Remittance Info: "ACH- Test - Addenda Record", Entry Description: TRADE; -, SEC: CTX, ' +
        "Client Ref ID: GSQ4FBGFDGWGKY, GS ID: SB2322600000404 CREF: REMI: ACH- Test - Addenda Record EREF: GSQ4FBGFDGWGKY " +
        "CRNM: Test DBNM: SAMPLE INC DACT: 101152046 DABA: 026015079",
    );
  });
});
