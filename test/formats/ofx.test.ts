import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { looksLikeOfx, parseOfx } from "../../src/formats/ofx";
import { balances, bytesParser, entries, refusal, statements, textParser } from "../support/parsing";

const fixture = (name: string) => readFileSync(new URL(`../../fixtures/ofx/${name}`, import.meta.url));
const parseFixture = (name: string, chunk?: number) =>
  chunk === undefined ? bytesParser(parseOfx, name, "bank")(fixture(name)) : textParser(parseOfx, name, "bank")(fixture(name).toString("latin1"), undefined, chunk);
const parse = textParser(parseOfx, "statement.ofx", "bank");
const refusalOf = (text: string) => refusal(parse(text));

const usd = (minor: bigint) => ({ minor, currency: "USD", exponent: 2 });
const eur = (minor: bigint) => ({ minor, currency: "EUR", exponent: 2 });

const SGML_HEADER = "OFXHEADER:100\nDATA:OFXSGML\nVERSION:102\nSECURITY:NONE\nENCODING:USASCII\nCHARSET:1252\nCOMPRESSION:NONE\nOLDFILEUID:NONE\nNEWFILEUID:NONE\n\n";
/** A 1.x bank statement around `body` (the STMTRS content after the account). */
const sgml = (body: string, head = SGML_HEADER) =>
  `${head}<OFX><BANKMSGSRSV1><STMTTRNRS><TRNUID>1<STMTRS><CURDEF>USD<BANKACCTFROM><BANKID>1<ACCTID>42<ACCTTYPE>CHECKING</BANKACCTFROM>\n${body}\n</STMTRS></STMTTRNRS></BANKMSGSRSV1></OFX>\n`;
const trn = (fields: string) => `<BANKTRANLIST><STMTTRN>${fields}</STMTTRN></BANKTRANLIST>`;

describe("OFX 1.02 (SGML): two bank statements, Windows-1252 text, leaf elements without end tags", () => {
  const CHECKING = { id: "000123456789", name: undefined, currency: "USD", bank: "021000021" };

  it("starts a statement per STMTRS with its account and currency", async () => {
    const events = await parseFixture("sgml-102-checking-savings.ofx");
    expect(statements(events)).toEqual([
      { line: 15, account: CHECKING },
      { line: 45, account: { id: "000987654321", name: undefined, currency: "USD", bank: "021000021" } },
    ]);
    expect(events.map((e) => e.type)).toEqual(["statement", "entry", "entry", "entry", "balance", "balance", "statement", "entry", "balance"]);
  });

  it("reads each STMTTRN: FITID as its unique reference, dates with their zone, the payee, check and reference numbers", async () => {
    const found = entries(await parseFixture("sgml-102-checking-savings.ofx"));
    expect(found[0]).toEqual({
      line: 19,
      account: CHECKING,
      bookingDate: "2024-01-02",
      bookingTime: undefined,
      valueDate: undefined,
      amount: usd(250000n),
      status: "booked",
      bankReference: "20240102-0001",
      uniqueReference: "20240102-0001",
      customerReference: undefined,
      description: "Salary Café département",
      counterparty: { name: "ACME PAYROLL & SONS", account: undefined },
      transactionCode: "DIRECTDEP",
      details: { userDate: "2023-12-29", accountType: "CHECKING", name: "ACME PAYROLL & SONS" },
    });
    expect(found[1]).toMatchObject({
      bookingDate: "2024-01-15",
      bookingTime: "2024-01-15T17:00:00.000Z",
      amount: usd(-120000n),
      customerReference: "CHK1042",
      description: "January rent",
      counterparty: { name: "Oakwood Property LLC" },
      transactionCode: "CHECK",
      details: { checkNumber: "1042" },
    });
    // The day as the bank wrote it, in its zone; a comma before the fraction; "&" that starts no entity kept.
    expect(found[2]).toMatchObject({
      bookingDate: "2024-01-31",
      bookingTime: "2024-02-01T07:59:00.000Z",
      valueDate: "2024-02-02",
      amount: usd(-4250n),
      description: "AT&T WIRELESS",
    });
    expect(found[3]).toMatchObject({ account: { id: "000987654321" }, bookingDate: "2024-01-31", amount: usd(317n), transactionCode: "INT" });
  });

  it("reads LEDGERBAL as the closing balance and AVAILBAL as the available one, as of DTASOF", async () => {
    const found = balances(await parseFixture("sgml-102-checking-savings.ofx"));
    expect(found.map((b) => [b.account.id, b.kind, b.code, b.amount.minor, b.date, b.time])).toEqual([
      ["000123456789", "closing", "LEDGERBAL", 325750n, "2024-01-31", "2024-02-01T04:59:59.000Z"],
      ["000123456789", "available", "AVAILBAL", 315750n, "2024-02-01", "2024-02-01T13:30:00.000Z"],
      ["000987654321", "closing", "LEDGERBAL", 1000317n, "2024-01-31", undefined],
    ]);
  });

  it("gives the same events whatever the chunks the text comes in", async () => {
    const whole = await parseFixture("sgml-102-checking-savings.ofx", 1 << 20);
    for (const size of [1, 7, 64]) expect(await parseFixture("sgml-102-checking-savings.ofx", size)).toEqual(whole);
  });
});

describe("OFX 2.2 (XML) credit card statement, QFX", () => {
  it("reads CCSTMTRS: the card account, UTF-8 text, CDATA, an empty element, fractional zones", async () => {
    const events = await parseFixture("xml-220-creditcard.qfx");
    const account = { id: "4111 1111 1111 1111", name: undefined, currency: "EUR", bank: undefined };
    expect(statements(events)).toEqual([{ line: 16, account }]);
    const found = entries(events);
    expect(found.map((e) => [e.bookingDate, e.bookingTime, e.amount.minor, e.uniqueReference, e.transactionCode, e.description])).toEqual([
      ["2024-02-03", "2024-02-02T23:00:00.000Z", -8990n, "CC-2024-0203-01", "DEBIT", "Kartenzahlung <Filiale 12>"],
      ["2024-02-10", undefined, 1500n, "CC-2024-0210-02", "CREDIT", "Refund Zoë's Books"],
      ["2024-02-28", "2024-02-28T06:30:00.000Z", 50000n, "CC-2024-0228-03", "PAYMENT", "Payment, thank you"],
    ]);
    expect(found[0]!.counterparty).toEqual({ name: "Bäckerei Müller & Söhne", account: undefined });
    expect(found[0]!.details).toEqual({ userDate: "2024-02-01", sic: "5462", accountType: "CREDITCARD", name: "Bäckerei Müller & Söhne" });
    expect(balances(events).map((b) => [b.kind, b.amount, b.date, b.time])).toEqual([
      ["closing", eur(-123456n), "2024-02-29", "2024-02-29T23:59:59.000Z"],
      ["available", eur(376544n), "2024-02-29", "2024-02-29T23:59:59.000Z"],
    ]);
  });

  it("names the account after the profile when it has one, the file's currency kept", async () => {
    const events = await bytesParser(parseOfx, "card.qfx", "cards")(fixture("xml-220-creditcard.qfx"), { account: { id: "CARD-1", name: "Company card" } });
    expect(statements(events)[0]!.account).toEqual({ id: "CARD-1", name: "Company card", currency: "EUR", bank: undefined });
  });
});

describe("OFX detection", () => {
  it.each([
    ["a 1.x header", SGML_HEADER + "<OFX>"],
    ["a 2.x processing instruction", '<?xml version="1.0"?>\n<?OFX OFXHEADER="200" VERSION="211"?>\n<OFX>'],
    ["a bare <OFX>", "\r\n\r\n<OFX>\r\n<SIGNONMSGSRSV1>"],
  ])("knows %s", (_, head) => expect(looksLikeOfx(head)).toBe(true));

  it.each([["a camt.053", '<?xml version="1.0"?><Document xmlns="urn:iso:std:iso:20022:tech:xsd:camt.053.001.02">'], ["a CSV", "Date,Amount\n"]])(
    "is not fooled by %s",
    (_, head) => expect(looksLikeOfx(head)).toBe(false),
  );
});

describe("OFX refusals, with the line", () => {
  it.each([
    ["a transaction without DTPOSTED", trn("<TRNTYPE>DEBIT<TRNAMT>-1.00<FITID>A"), "line 12: <STMTTRN> has no <DTPOSTED>"],
    ["a transaction without FITID", trn("<TRNTYPE>DEBIT<DTPOSTED>20240101<TRNAMT>-1.00"), "line 12: <STMTTRN> has no <FITID>"],
    ["an amount with a currency sign", trn("<TRNTYPE>DEBIT<DTPOSTED>20240101<TRNAMT>$120<FITID>A"), 'line 12: TRNAMT "$120" is not an OFX amount (digits, an optional sign, "." or "," before the fraction)'],
    ["a date that does not exist", trn("<TRNTYPE>DEBIT<DTPOSTED>20241301<TRNAMT>1<FITID>A"), 'line 12: DTPOSTED "20241301" is not an OFX date (YYYYMMDD, optionally HHMMSS.XXX[offset:zone])'],
    ["more decimals than the currency has", trn("<TRNTYPE>DEBIT<DTPOSTED>20240101<TRNAMT>1.005<FITID>A"), 'line 12: TRNAMT: amount "1.005" has more decimals than USD allows (2)'],
    ["an empty balance", "<LEDGERBAL><BALAMT> <DTASOF>20240101</LEDGERBAL>", "line 12: LEDGERBAL BALAMT is empty"],
    ["an amount in another currency", trn("<TRNTYPE>DEBIT<DTPOSTED>20240101<TRNAMT>1<FITID>A<CURRENCY><CURRATE>1.1<CURSYM>EUR</CURRENCY>"), "line 12: the transaction is in another currency than the statement's (<CURRENCY>): not read"],
  ])("%s", async (_, body, message) => {
    expect((await refusalOf(sgml(body))).message).toBe(message);
  });

  it("a file cut short", async () => {
    const text = sgml(trn("<TRNTYPE>DEBIT<DTPOSTED>20240101<TRNAMT>1<FITID>A")).split("</BANKTRANLIST>")[0]!;
    expect((await refusalOf(text)).message).toBe("line 12: the file ends before <BANKTRANLIST> is closed (</BANKTRANLIST>): it is cut short");
  });

  it("a file without statements", async () => {
    const text = `${SGML_HEADER}<OFX><SIGNONMSGSRSV1><SONRS><STATUS><CODE>0<SEVERITY>INFO</STATUS></SONRS></SIGNONMSGSRSV1></OFX>`;
    expect((await refusalOf(text)).message).toBe(
      "line 11: the OFX file holds no bank or credit card statement (<STMTRS> or <CCSTMTRS>): there is nothing to import",
    );
  });

  it("an investment statement", async () => {
    const text = `${SGML_HEADER}<OFX><INVSTMTMSGSRSV1><INVSTMTTRNRS><TRNUID>1<INVSTMTRS></INVSTMTRS></INVSTMTTRNRS></INVSTMTMSGSRSV1></OFX>`;
    expect((await refusalOf(text)).message).toBe("line 11: investment statements (<INVSTMTMSGSRSV1>) are not read: only bank and credit card statements");
  });

  it("a charset the decoding does not read, unless the profile names the encoding", async () => {
    const text = sgml(trn("<TRNTYPE>DEBIT<DTPOSTED>20240101<TRNAMT>1<FITID>A"), SGML_HEADER.replace("CHARSET:1252", "CHARSET:8859-2"));
    expect((await refusalOf(text)).message).toBe(
      'line 11: the OFX header says CHARSET:8859-2, which is not read without the source profile\'s "encoding" (e.g. "windows-1252")',
    );
    expect(entries(await parse(text, { encoding: "iso-8859-2" }))).toHaveLength(1);
  });

  it("elements that are not nested", async () => {
    const text = sgml("<BANKTRANLIST><STMTTRN><TRNTYPE>DEBIT</BANKTRANLIST></STMTTRN>");
    expect((await refusalOf(text)).message).toBe("line 12: </BANKTRANLIST> closes no open element (<STMTTRN> is open)");
  });

  it("a statement without currency", async () => {
    const text = sgml(trn("<TRNTYPE>DEBIT<DTPOSTED>20240101<TRNAMT>1<FITID>A")).replace("<CURDEF>USD", "");
    expect((await refusalOf(text)).message).toBe("line 11: the statement has no currency (<CURDEF>)");
  });
});

describe("OFX dates", () => {
  it.each([
    ["20240131", "2024-01-31", undefined],
    ["202401311200", "2024-01-31", "2024-01-31T12:00:00.000Z"],
    ["20240131120000.000[-5:EST]", "2024-01-31", "2024-01-31T17:00:00.000Z"],
    ["20240131120000[+5.30:IST]", "2024-01-31", "2024-01-31T06:30:00.000Z"],
    ["20240131120000[-3.5:NST]", "2024-01-31", "2024-01-31T15:30:00.000Z"],
    ["20240131120000.5[0:GMT]", "2024-01-31", "2024-01-31T12:00:00.500Z"],
    // A time of day that does not exist (Capital One writes minute 82): the day is kept, the time is not.
    ["20230310048208.39", "2023-03-10", undefined],
  ])("%s is %s at %s", async (text, day, time) => {
    const events = await parse(sgml(trn(`<TRNTYPE>DEBIT<DTPOSTED>${text}<TRNAMT>1<FITID>A`)));
    expect([entries(events)[0]!.bookingDate, entries(events)[0]!.bookingTime]).toEqual([day, time]);
  });
});

describe("OFX bounds", () => {
  it("refuses a value cut by comments into pieces that add up past the bound", async () => {
    const piece = "x".repeat(1000) + "<!-- -->";
    const text = sgml(trn(`<TRNTYPE>DEBIT<DTPOSTED>20240101<TRNAMT>1<FITID>A<MEMO>${piece.repeat(70)}`));
    expect((await refusalOf(text)).message).toBe("line 12: <MEMO> holds more than 65536 characters: not an OFX statement");
  });

  it("refuses text of more than 64 KiB without a tag", async () => {
    const text = sgml(trn(`<TRNTYPE>DEBIT<DTPOSTED>20240101<TRNAMT>1<FITID>A<MEMO>${"x".repeat(70_000)}`));
    // Streamed in small chunks: the bound holds before the tag that would end the text arrives.
    expect((await refusal(parse(text, undefined, 1024))).message).toBe("line 12: more than 65536 characters without a tag: not an OFX statement");
  });
});

describe("OFX corrections (CORRECTFITID, CORRECTACTION)", () => {
  const correcting = (action: string) => `<TRNTYPE>DEBIT<DTPOSTED>20240105<TRNAMT>-12.00<FITID>B7<CORRECTFITID>A1<CORRECTACTION>${action}`;

  it("REPLACE restates the transaction it names, under that one's id; DELETE takes it back", async () => {
    const [replacing] = entries(await parse(sgml(trn(correcting("REPLACE")))));
    expect(replacing).toMatchObject({ uniqueReference: "A1", bankReference: "B7", amount: usd(-1200n), details: { correctFitId: "A1", correctAction: "REPLACE" } });
    expect(replacing!.deletes).toBeUndefined();
    const [deleting] = entries(await parse(sgml(trn(correcting("DELETE")))));
    expect(deleting).toMatchObject({ uniqueReference: "A1", bankReference: "B7", deletes: true });
  });

  it("refuses a correction that does not say what it does or to which transaction", async () => {
    expect((await refusalOf(sgml(trn(correcting("UNDO"))))).message).toBe('line 12: <CORRECTACTION> "UNDO" is not REPLACE or DELETE');
    expect((await refusalOf(sgml(trn("<TRNTYPE>DEBIT<DTPOSTED>20240105<TRNAMT>-12.00<FITID>B7<CORRECTACTION>DELETE")))).message).toBe(
      "line 12: <CORRECTACTION> DELETE names no transaction: <CORRECTFITID> is missing",
    );
    expect((await refusalOf(sgml(trn("<TRNTYPE>DEBIT<DTPOSTED>20240105<TRNAMT>-12.00<FITID>B7<CORRECTFITID>A1")))).message).toBe(
      "line 12: <CORRECTFITID> without <CORRECTACTION>: whether it replaces or deletes the transaction is not said",
    );
  });
});
