import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { looksLikeBai2, parseBai2 } from "../../src/formats/bai2";
import { balances, continuity, entries, refusal, statements, textParser } from "../support/parsing";

const fixture = (name: string) => readFileSync(new URL(`../../fixtures/bai2/${name}`, import.meta.url), "utf8");

const parse = textParser(parseBai2, "test.bai2");
/** The message of the FileError that refuses `text`. */
const refused = async (text: string) => (await refusal(parse(text))).message;

/** A file around `records`, with blank trailer totals and counts, which are then not checked. */
const inFile = (...records: string[]) =>
  ["01,SENDER,RECEIVER,250314,0615,1,,,2/", "02,RECEIVER,BANKID,1,250313,2400,,2/", ...records, "98,,,/", "99,,,/"].join("\n");

describe("parseBai2 on a file with two groups", () => {
  const text = fixture("two-groups.bai2");

  it("starts one statement per 03, dated by the group", async () => {
    expect(statements(await parse(text)).map((s) => [s.line, s.id, s.account.id, s.account.currency, s.account.bank])).toEqual([
      [3, "2025-03-13/4410012345", "4410012345", "USD", "021000021"],
      [14, "2025-03-13/4410099999", "4410099999", "USD", "021000021"],
      [19, "2025-03-14/DE89370400440532013000", "DE89370400440532013000", "EUR", "DEUTDEFF"],
      [23, "2025-03-14/7700123", "7700123", "JPY", "DEUTDEFF"],
    ]);
  });

  it("reads balances after V, S and D funds types in the 03 and its 88", async () => {
    const first = balances(await parse(text)).filter((b) => b.account.id === "4410012345");
    expect(first.map((b) => [b.line, b.kind, b.code, b.amount.minor, b.date])).toEqual([
      [3, "opening", "010", 1250000n, "2025-03-13"],
      [3, "closing", "015", 1377500n, "2025-03-13"], // after 100 with funds type V
      [4, "available", "040", 1200000n, "2025-03-13"], // after 400 with S
      [4, "available", "045", 1327500n, "2025-03-13"], // after 190 with D
    ]);
  });

  it("reads an item whose type code and amount an 88 splits, and negative balances", async () => {
    const overdrawn = balances(await parse(text)).filter((b) => b.account.id === "4410099999");
    expect(overdrawn.map((b) => [b.line, b.kind, b.amount.minor])).toEqual([
      [14, "opening", -50000n],
      [14, "closing", -50000n],
    ]);
  });

  it("signs entries by type code and reads the fields after each funds type", async () => {
    const usd = entries(await parse(text)).filter((e) => e.account.id === "4410012345");
    expect(usd.map((e) => [e.line, e.transactionCode, e.amount.minor, e.bankReference, e.customerReference, e.description])).toEqual([
      [5, "142", 200000n, "ACH0313A77", "INV-2025-0117", "ACME WIDGETS PAYROLL REFUND 1/2"],
      [6, "195", 125000n, "FED250313000042", "PO 88", "INCOMING WIRE FROM NORTHWIND, LLC ORG: NORTHWIND TRADERS OBI: INVOICE 2025/0042"],
      [9, "475", -47500n, "CHK0001023", "1023", "CHECK PAID"],
      [10, "451", -100000n, "ACH0313B12", undefined, "ACH DEBIT UTILITY CO"],
      [11, "699", -50000n, undefined, undefined, "MONTHLY SERVICE FEE"],
    ]);
    expect(usd.filter((e) => !(e.status === "booked" && e.bookingDate === "2025-03-13" && e.amount.currency === "USD"))).toEqual([]);
  });

  it("keeps value dates and availability", async () => {
    const [valueDated, distributed, , split, sameDay] = entries(await parse(text));
    expect(valueDated?.valueDate).toBe("2025-03-14");
    expect(valueDated?.details).toEqual({ fundsType: "V", valueTime: "0900" });
    expect(distributed?.valueDate).toBeUndefined();
    expect(distributed?.details).toEqual({ fundsType: "D", availability: "0d 1000.00, 1d 250.00" });
    expect(split?.details).toEqual({ fundsType: "S", availableNow: "500.00", availableIn1Day: "250.00", availableIn2PlusDays: "250.00" });
    expect(sameDay?.details).toEqual({ fundsType: "0" });
  });

  it("takes the group's non-USD currency, an 03's own currency, and interim balances", async () => {
    const events = await parse(text);
    const eur = entries(events).filter((e) => e.account.id === "DE89370400440532013000");
    expect(eur.map((e) => [e.amount.minor, e.amount.currency, e.amount.exponent, e.valueDate])).toEqual([
      [20050n, "EUR", 2, undefined],
      [-5000n, "EUR", 2, "2025-03-15"],
    ]);
    const yen = entries(events).find((e) => e.account.id === "7700123");
    expect(yen?.amount).toEqual({ minor: -20000n, currency: "JPY", exponent: 0 });
    expect(yen?.details).toBeUndefined();
    const kinds = balances(events).filter((b) => b.date === "2025-03-14").map((b) => [b.kind, b.amount.currency]);
    expect(kinds).toEqual([
      ["interimOpening", "EUR"],
      ["interimClosing", "EUR"],
      ["interimOpening", "JPY"],
      ["interimClosing", "JPY"],
    ]);
  });

  it("balances: opening plus entries is closing for every account", async () => {
    const checks = continuity(await parse(text));
    expect(checks.map((c) => [c.summary.accountId, c.summary.entries, c.mismatch])).toEqual([
      ["4410012345", 5, undefined],
      ["4410099999", 0, undefined],
      ["DE89370400440532013000", 2, undefined],
      ["7700123", 1, undefined],
    ]);
  });

  it("streams: tiny chunks give the same events", async () => {
    expect(await parse(text, undefined, 3)).toEqual(await parse(text));
  });

  it("lets the profile name the account", async () => {
    const events = await parse(text, { account: { id: "ops-account", name: "Operations" } });
    const ids = new Set(entries(events).map((e) => `${e.account.id} ${e.account.name}`));
    expect([...ids]).toEqual(["ops-account Operations"]);
  });
});

describe("parseBai2 control totals", () => {
  it("refuses a wrong account control total", async () => {
    expect(await refused(fixture("wrong-control-total.bai2"))).toBe(
      "line 5: 49 account trailer of account 4410012345: control total expected 2500001, found 2500000 (the sum of the account's 03 and 16 amounts)",
    );
  });

  it("refuses wrong record counts and group totals", async () => {
    const file = (trailers: string[]) =>
      ["01,S,R,250314,0615,1,,,2/", "02,R,B,1,250313,2400,,2/", "03,123,,010,100,,/", "16,142,5,,,,X/", ...trailers].join("\n");
    expect(await refused(file(["49,105,4/", "98,105,1,5/", "99,105,1,7/"]))).toBe(
      "line 5: 49 account trailer of account 123: number of records expected 4, found 3",
    );
    expect(await refused(file(["49,105,3/", "98,106,1,5/", "99,106,1,7/"]))).toBe(
      "line 6: 98 group trailer: control total expected 106, found 105 (the sum of the group's account totals)",
    );
    expect(await refused(file(["49,105,3/", "98,105,2,5/", "99,105,1,7/"]))).toBe(
      "line 6: 98 group trailer: number of accounts expected 2, found 1",
    );
    expect(await refused(file(["49,105,3/", "98,105,1,5/", "99,105,1,8/"]))).toBe(
      "line 7: 99 file trailer: number of records expected 8, found 7",
    );
    expect(entries(await parse(file(["49,105,3/", "98,105,1,5/", "99,105,1,7/"])))).toHaveLength(1);
  });

  it("does not check a blank control total", async () => {
    const events = await parse(inFile("03,123,/", "49,,2/"));
    expect(events.map((e) => e.type)).toEqual(["statement"]);
  });
});

describe("parseBai2 record layout", () => {
  it("reads several records packed on one line and a text wrapped onto a line without code", async () => {
    const text = [
      "01,S,R,250314,0615,1,,,2/   02,R,B,1,250313,2400,,2/",
      "03,123,,010,100,,,015,90,,/ 16,451,5,Z,,,CARD SETTLEMENT/ 16,451,5,Z,,,ACH_SETL  1111",
      "2222 /",
      "49,,/  98,,,/ 99,,,/",
    ].join("\n");
    const found = entries(await parse(text));
    expect(found.map((e) => [e.line, e.amount.minor, e.description])).toEqual([
      [2, -5n, "CARD SETTLEMENT"],
      [2, -5n, "ACH_SETL 1111 2222"],
    ]);
  });

  it("ends a 16 text at the end of the line and strips one final '/' only", async () => {
    const found = entries(
      await parse(inFile("03,123,/", "16,142,1,,,,A/B, C", "88,ENDS WITH SLASH//", "16,142,1,,,,/", "88,ONLY IN 88", "49,,/")),
    );
    expect(found.map((e) => e.description)).toEqual(["A/B, C ENDS WITH SLASH/", "ONLY IN 88"]);
  });

  it("reads references a 16 leaves to its 88", async () => {
    const [entry] = entries(await parse(inFile("03,123,/", "16,218,100,V,250314,/", "88,SP4738,YRC065321/", "88,LETTER OF CREDIT/", "49,,/")));
    expect(entry).toMatchObject({ bankReference: "SP4738", customerReference: "YRC065321", description: "LETTER OF CREDIT", valueDate: "2025-03-14" });
  });

  it("signs customised and loan type codes by their BAI2 ranges", async () => {
    const found = entries(
      await parse(inFile("03,123,/", "16,935,100,,,,/", "16,965,200,,,,/", "16,722,300,,,,/", "16,760,400,,,,/", "16,890,0,,,,NOTE/", "49,,/")),
    );
    expect(found.map((e) => [e.transactionCode, e.amount.minor, e.status])).toEqual([
      ["935", 100n, "booked"],
      ["965", -200n, "booked"],
      ["722", 300n, "booked"],
      ["760", -400n, "booked"],
      ["890", 0n, "info"],
    ]);
  });

  it("numbers a second report of the same account in one group", async () => {
    const ids = statements(await parse(inFile("03,123,/", "49,,/", "03,123,/", "49,,/"))).map((s) => s.id);
    expect(ids).toEqual(["2025-03-13/123", "2025-03-13/123#2"]);
  });
});

describe("parseBai2 refusals", () => {
  it.each([
    ["a truncated file", fixture("truncated.bai2"), "line 4: the file ends without the 99 file trailer"],
    ["an empty file", "\n\n", "the file holds no BAI2 records"],
    ["an unknown record code", "01,S,R,250314,0615,1,,,2/\n17,X/", 'line 2: record code "17" is not a BAI2 record code (01, 02, 03, 16, 49, 88, 98 or 99)'],
    ["a line without record code", "01,S,R,250314,0615,1,,,2/\nHELLO", 'line 2: the line does not start with a BAI2 record code: "HELLO"'],
    ["text after a record", "01,S,R,250314,0615,1,,,2/ X", 'line 1: unexpected text after the end of the 01 record: "X"'],
    ["a record before the 01", "02,R,B,1,250313,2400,,2/", "line 1: 02 group header before the 01 file header: the file must begin with an 01 record"],
    ["an 88 first", "88,X/", "line 1: an 88 continuation record must follow the record it continues"],
    ["version 1", "01,S,R,250314,0615,1,,,1/", 'line 1: the 01 file header gives version "1": only BAI version 2 files can be read'],
    ["a 16 before an 03", inFile("16,142,1,,,,/"), "line 3: 16 transaction detail outside an account: it must come after an 03 account identifier"],
    ["a missing 49", inFile("03,123,/"), "line 4: 98 group trailer before the 49 trailer of account 123 (line 3)"],
    ["an invalid as-of date", "01,S,R,250314,0615,1,,,2/\n02,R,B,1,250231,2400,,2/", 'line 2: group as-of date "250231" is not a date in the form YYMMDD (or YYYYMMDD, or YYMMDD with a leading 0)'],
    ["an invalid value date", inFile("03,123,/", "16,142,1,V,2503,,,,/"), 'line 4: value date "2503" is not a date in the form YYMMDD (or YYYYMMDD, or YYMMDD with a leading 0)'],
    ["a decimal amount", inFile("03,123,USD,010,12.50,,/"), 'line 3: amount of type code 010 "12.50" is not a whole number of minor units (BAI2 amounts have no decimal point)'],
    ["a signed 16 amount", inFile("03,123,/", "16,142,-5,,,,/"), "line 4: amount -5 of a 16 transaction detail carries a sign, but BAI2 gives the direction by the type code (142)"],
    ["a status code in a 16", inFile("03,123,/", "16,015,5,,,,/"), "line 4: type code 015 is an account status (balance) code: it belongs in the 03 account identifier, not in a 16 transaction detail"],
    ["an undefined type code", inFile("03,123,/", "16,800,5,,,,/"), "line 4: type code 800 is not defined by BAI2 for transactions, so whether it is a credit or a debit is unknown"],
    ["a malformed type code", inFile("03,123,/", "16,10000,5,,,,/"), 'line 4: type code "10000" is not a three-digit BAI2 type code'],
    ["an unknown funds type", inFile("03,123,/", "16,142,5,X,,,/"), 'line 4: funds type "X" is not one of 0, 1, 2, V, S, D or Z'],
    ["a short D availability", inFile("03,123,,100,5,1,D,2,0,5/"), "line 3: funds type D announces 2 availability items but item 2 has no days"],
    ["an unknown currency", inFile("03,123,XYZ,/"), 'line 3: currency code "XYZ" is not an ISO 4217 code such as USD'],
    ["an 03 without account", inFile("03,,USD/"), "line 3: the 03 account identifier has no account number"],
    ["a deletion group", "01,S,R,250314,0615,1,,,2/\n02,R,B,2,250313,2400,,2/", "line 2: group status 2 (deletion) takes back a group sent before; deletions cannot be ingested, ask the bank for a corrected file"],
    ["a test-only group", "01,S,R,250314,0615,1,,,2/\n02,R,B,4,250313,2400,,2/", "line 2: group status 4 marks a test-only group; test data is not ingested"],
    ["a record after the 99", `${inFile()}\n01,S,R,250314,0615,2,,,2/`, "line 5: 01 file header after the 99 file trailer"],
  ])("refuses %s", async (_, text, message) => {
    expect(await refused(text)).toBe(message);
  });

  it("points at the 88 line that holds the bad field", async () => {
    expect(await refused(inFile("03,123,USD,010,100,,/", "88,015,1O0,,/"))).toBe(
      'line 4: amount of type code 015 "1O0" is not a whole number of minor units (BAI2 amounts have no decimal point)',
    );
  });
});

describe("looksLikeBai2", () => {
  it.each([
    ["01,121140399,3333333333,100831,1720,000001,80,1,2/\r\n02,...", true],
    ["\n\n  01,SENDER,RECEIVER,250314/", true],
    [":20:STATEMENT\n:25:NL91ABNA0417164300", false],
    ["Date;Amount\n01,5;3", false],
    ["", false],
  ])("%j is BAI2: %s", (head, expected) => {
    expect(looksLikeBai2(head)).toBe(expected);
  });
});

describe("BAI2 as US banks' generators write it", () => {
  /** An 8-digit creation date, a 7-digit group date, an 03 with its currency only and its summary on 88 records. */
  const usBank = [
    "01,021000021,ACMECORP,20250525,1400,1,80,1,2/",
    "02,ACMECORP,021000021,1,0250525,2359,USD,2/",
    "03,1234567890,USD/",
    "88,010,100000,,Z/",
    "88,015,112535,,Z/",
    "88,100,125351,2,S,125351,0,0/",
    "88,400,112816,1,Z/",
    "16,175,125351,Z,BR1,CR1,DEPOSIT/",
    "16,475,112816,Z,BR2,1042,CHECK PAID/",
    "49,688869,8/",
    "98,688869,1,10/",
    "99,688869,1,12/",
  ].join("\n");

  it("reads the dates, the summary-only 88 records as the account's balances and totals, and its details", async () => {
    const events = await parse(usBank);
    expect(statements(events).map((s) => [s.account.id, s.account.currency, s.id])).toEqual([["1234567890", "USD", "2025-05-25/1234567890"]]);
    expect(balances(events).map((b) => [b.code, b.kind, b.amount.minor, b.date])).toEqual([
      ["010", "opening", 100000n, "2025-05-25"],
      ["015", "closing", 112535n, "2025-05-25"],
    ]);
    expect(entries(events).map((e) => [e.bookingDate, e.amount.minor, e.transactionCode, e.description])).toEqual([
      ["2025-05-25", 125351n, "175", "DEPOSIT"],
      ["2025-05-25", -112816n, "475", "CHECK PAID"],
    ]);
    expect(continuity(events).map((c) => c.mismatch)).toEqual([undefined]);
  });

  it.each([
    ["20250525", "2025-05-25"],
    ["0250525", "2025-05-25"],
    ["250525", "2025-05-25"],
  ])("reads the group date %s as %s", async (date, day) => {
    expect(statements(await parse(usBank.replace(",1,0250525,", `,1,${date},`)))[0]!.id).toBe(`${day}/1234567890`);
  });

  it.each([
    ["1250525", "a century digit"],
    ["20251325", "a month 13"],
    ["25525", "five digits"],
  ])("refuses the group date %s (%s)", async (date) => {
    expect(await refused(usBank.replace(",1,0250525,", `,1,${date},`))).toBe(
      `line 2: group as-of date "${date}" is not a date in the form YYMMDD (or YYYYMMDD, or YYMMDD with a leading 0)`,
    );
  });

  it("takes group status 3 (correction) as an update; refuses 2 (deletion), 4 (test only) and any other", async () => {
    expect(entries(await parse(usBank.replace("021000021,1,0250525", "021000021,3,0250525")))).toHaveLength(2);
    expect(await refused(usBank.replace("021000021,1,0250525", "021000021,21,0250525"))).toBe(
      'line 2: group status "21" is not 1 (update), 2 (deletion), 3 (correction) or 4 (test only)',
    );
  });
});
