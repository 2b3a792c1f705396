import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { looksLikeMt940, parseMt940 } from "../../src/formats/mt940";
import type { StatementEvent } from "../../src/model/statement";
import { balances, bytesParser, continuity, entries, minors, refusal, statements, textParser } from "../support/parsing";

const parse = textParser(parseMt940, "test.sta");
const fixture = (name: string) => bytesParser(parseMt940, "test.sta")(readFileSync(new URL(`../../fixtures/mt940/${name}`, import.meta.url)));

function checkContinuity(events: StatementEvent[]): void {
  const checks = continuity(events).filter((c) => c.summary.opening && c.summary.closing);
  expect(checks.length).toBeGreaterThan(0);
  expect(checks.map((c) => c.mismatch)).toEqual(checks.map(() => undefined));
}

const minimal = (lines: string[]) => [":20:REF", ":25:NL91ABNA0417164300", ":28C:1/1", ":60F:C240101EUR0,00", ...lines, ":62F:C240131EUR0,00"].join("\n");

describe("parseMt940: enveloped file with several messages (CRLF)", async () => {
  const events = await fixture("enveloped-multi.sta");

  it("yields each statement with its account and :28C: number, then balances and entries in file order", () => {
    expect(events.map((e) => e.type)).toEqual([
      "statement", "balance", "entry", "entry", "balance", "balance",
      "statement", "balance", "balance",
      "statement", "balance", "entry", "balance",
    ]);
    expect(statements(events)).toEqual([
      { line: 2, id: "00071/1", account: { id: "NL91ABNA0417164300", currency: "EUR" } },
      { line: 17, id: "00072/1", account: { id: "NL91ABNA0417164300", currency: "EUR" } },
      { line: 22, id: "00003/1", account: { id: "DE89370400440532013000", currency: "USD" } },
    ]);
  });

  it("reads balances with sign, date, currency and tag code", () => {
    expect(balances(events).map((b) => [b.code, b.kind, b.date, b.amount.minor, b.amount.currency])).toEqual([
      ["60F", "opening", "2024-03-14", 150000n, "EUR"],
      ["62F", "closing", "2024-03-15", 244925n, "EUR"],
      ["64", "available", "2024-03-15", 244925n, "EUR"],
      ["60F", "opening", "2024-03-15", 244925n, "EUR"],
      ["62F", "closing", "2024-03-15", 244925n, "EUR"],
      ["60F", "opening", "2024-03-14", -31000n, "USD"],
      ["62F", "closing", "2024-03-15", 10000n, "USD"],
    ]);
    checkContinuity(events);
  });

  it("reads ING-style /CNTP/ and /IBAN/ /NAME/ /REMI/ structured :86: wrapped at 65 characters", () => {
    const [debit, credit] = entries(events);
    expect(debit).toMatchObject({
      line: 6,
      amount: { minor: -25075n, currency: "EUR", exponent: 2 },
      bookingDate: "2024-03-15",
      status: "booked",
      bankReference: "BK24031500017",
      customerReference: "INV-2024-118",
      endToEndId: "INV-2024-118",
      transactionCode: "NTRF",
      description: "Invoice 2024-118 bread deliveries February",
      counterparty: { account: "NL20INGB0001234567", bic: "INGBNL2A", name: "Bakkerij de Vries" },
      details: { counterpartyCity: "Utrecht" },
    });
    expect(credit).toMatchObject({
      amount: { minor: 120000n },
      bankReference: "BK24031500018",
      customerReference: undefined,
      endToEndId: undefined,
      description: "Payment order 5531",
      counterparty: { account: "NL02RABO0123456789", bic: "RABONL2U", name: "Jansen Installatie BV" },
      details: { transactionType: "SEPA OVERBOEKING" },
    });
  });

  it("takes the entries' currency from the opening balance", () => {
    expect(entries(events)[2]).toMatchObject({ amount: { minor: 41000n, currency: "USD" }, description: "Refund of overpaid fees" });
  });
});

describe("parseMt940: German GVC :86: (?00-?34)", async () => {
  const events = await fixture("gvc.sta");
  const [directDebit, credit, transfer] = entries(events);

  it("keeps BLZ/account as written and names the bank code", () => {
    expect(statements(events)[0]?.account).toEqual({ id: "50010517/5319125489", currency: "EUR", bank: "50010517" });
    checkContinuity(events);
  });

  it("splits the SEPA purpose into EREF+, MREF+, CRED+ and SVWZ+, rejoining 27-character subfields cut mid-word", () => {
    expect(directDebit).toMatchObject({
      amount: { minor: -8990n },
      bookingDate: "2024-02-29",
      valueDate: "2024-02-29",
      bankReference: "DB240229001",
      transactionCode: "N005",
      endToEndId: "RG-2024-02-4471",
      description: "Stromabschlag Maerz 2024 Vertragskonto 8812",
      counterparty: { name: "Stadtwerke Musterstadt GmbH", account: "DE02120300000000202051", bic: "BYLADEM1001" },
      details: {
        gvc: "105",
        postingText: "SEPA-BASISLASTSCHRIFT",
        primaNota: "9248",
        textKeyExtension: "997",
        mandateReference: "M-00815-2019",
        creditorId: "DE98ZZZ09999999999",
      },
    });
  });

  it("reads KREF+, ABWA+, a name over ?32/?33 and an IBAN written with blanks", () => {
    expect(credit).toMatchObject({
      amount: { minor: 480000n },
      valueDate: "2024-02-29",
      bookingDate: "2024-03-01",
      customerReference: "AB2024-0331",
      description: "Honorar Projekt Nordlicht Rechnung 2024-017",
      counterparty: { name: "Ingenieurbuero Hansen und Partner GmbH", account: "DE89370400440532013000", bic: "COBADEFFXXX" },
      details: { gvc: "166", postingText: "SEPA-GUTSCHRIFT", ultimateDebtor: "Hansen Holding" },
    });
  });

  it("does not start a field at a continuation line that looks like a tag (':KO:NR:')", () => {
    expect(entries(events)).toHaveLength(3);
    expect(transfer).toMatchObject({
      amount: { minor: -95000n },
      endToEndId: undefined,
      description: "Miete April Whg. 3 links, Vertrag:KO:NR:4711",
      counterparty: { name: "Erika Mustermann", account: "12345678" },
      details: { counterpartyBankCode: "10020030" },
    });
  });

  it("reads the '>' subfield separator of Triodos", async () => {
    const text = minimal([
      ":61:121123D10,00NIT NONREF",
      ":86:000>100555555555",
      ">20TENAAMSTELLING TEGENREKENIN>21G EN ADRES",
      ">310666666666",
    ]);
    expect(entries(await parse(text))[0]).toMatchObject({
      transactionCode: "NIT",
      description: "TENAAMSTELLING TEGENREKENING EN ADRES",
      counterparty: { account: "0666666666" },
      details: { gvc: "000", primaNota: "0555555555" },
    });
  });

  it("treats DFÜ code 999 as free text after it", async () => {
    const text = minimal([":61:2009020902D20,00NONREF", ":86:999SEPA_STANDING_ORDER:Unkostenbeitrag:Campus e.V.:DE85213581701400076509"]);
    expect(entries(await parse(text))[0]).toMatchObject({
      transactionCode: undefined,
      customerReference: undefined,
      description: "SEPA_STANDING_ORDER:Unkostenbeitrag:Campus e.V.:DE85213581701400076509",
      details: { gvc: "999" },
    });
  });
});

describe("parseMt940: debit/credit marks", async () => {
  const events = await fixture("reversals.sta");
  const list = entries(events);

  it("signs C and D, reversals RC (money out) and RD (money in), and reads a following letter as funds code", () => {
    expect(minors(list)).toEqual([-150000n, 75050n, 20000n, -9995n, -1000n, -500n, 5n]);
    expect(list.map((e) => e.reversal)).toEqual([undefined, undefined, true, true, true, undefined, undefined]);
    expect(list.map((e) => e.details?.fundsCode)).toEqual(["R", "R", undefined, undefined, "R", "D", "N"]);
    expect(list.map((e) => e.bankReference)).toEqual(["DB-1", "DB-2", "DB-3", "DB-4", "DB-5", "DB-6", undefined]);
    expect(list[0]?.customerReference).toBe("INV-88");
    checkContinuity(events);
  });

  it("accepts a blank between amount and type, and an amount without decimal comma", async () => {
    const text = minimal([":61:2006080608D12,35 NRTIKREF+//2016021783252833", ":61:1407290729C500NTRF29-07-2014 10:05//B4G29PGDCK1QFV3E"]);
    expect(entries(await parse(text)).map((e) => [e.amount.minor, e.transactionCode, e.customerReference, e.bankReference])).toEqual([
      [-1235n, "NRTI", undefined, "2016021783252833"],
      [50000n, "NTRF", "29-07-2014 10:05", "B4G29PGDCK1QFV3E"],
    ]);
  });

  it("reads a :61: without transaction type (Zenith Bank) and keeps the supplementary details line", async () => {
    const text = minimal([":61:2011301130CN220000,00//19239782213", ":61:1312091209C79,7FMSC01916//NONREF", "20131209007602198765432000000012"]);
    expect(entries(await parse(text))).toMatchObject([
      { amount: { minor: 22000000n }, transactionCode: undefined, bankReference: "19239782213", details: { fundsCode: "N" } },
      { amount: { minor: 7970n }, transactionCode: "FMSC", customerReference: "01916", bankReference: undefined, details: { supplementary: "20131209007602198765432000000012" } },
    ]);
  });

  it("reads the zero-padded, decimal-point amounts of Rabobank's legacy export and its name after the reference", async () => {
    const text = [
      ":940:", ":20:940A030109", ":25:1700.59.286USD", ":28:00000/00", ":60F:C030108USD000000165282.41",
      ":61:030110D000000001000.00NMSCNONREF          GALAXY SHIPPING LTD", ":86:47575,68584-84",
      ":62F:C030109USD000000164282.41", ":20:940A030109", ":25:1700.59.308JPY", ":28:00000/00",
      ":60F:C030108JPY00000000000010.", ":62F:C030109JPY00000000000010.",
    ].join("\n");
    const events = await parse(text);
    expect(entries(events)[0]).toMatchObject({
      amount: { minor: -100000n, currency: "USD" },
      customerReference: undefined,
      description: "47575,68584-84",
      details: { supplementary: "GALAXY SHIPPING LTD" },
    });
    expect(statements(events).map((s) => s.account)).toEqual([
      { id: "1700.59.286", currency: "USD" },
      { id: "1700.59.308", currency: "JPY" },
    ]);
    expect(balances(events).map((b) => [b.amount.minor, b.amount.exponent])).toEqual([[16528241n, 2], [16428241n, 2], [10n, 0], [10n, 0]]);
    checkContinuity(events);
  });
});

describe("parseMt940: dates", async () => {
  const list = entries(await fixture("year-boundary.sta"));

  it("gives the entry date the value date's year, except across New Year", () => {
    expect(list.map((e) => [e.valueDate, e.bookingDate])).toEqual([
      ["2024-01-02", "2023-12-29"],
      ["2023-12-29", "2024-01-02"],
      ["2023-12-31", "2023-12-31"],
      ["2024-01-02", "2024-01-02"],
    ]);
  });

  it("reads two-digit years 70-99 as 19xx", async () => {
    const text = [":20:X", ":25:123", ":28C:1", ":60F:C991231EUR1,00", ":61:991231C1,00NTRFNONREF", ":62F:C991231EUR2,00"].join("\n");
    expect(entries(await parse(text))[0]?.bookingDate).toBe("1999-12-31");
  });
});

describe("parseMt940: statement over two messages (:60M:/:62M:)", async () => {
  const events = await fixture("interim-pages.sta");

  it("reads each page as a statement with interim balances, skipping the header lines between messages", () => {
    expect(statements(events).map((s) => [s.line, s.id])).toEqual([[4, "00045/1"], [15, "00045/2"]]);
    expect(balances(events).map((b) => [b.code, b.kind, b.amount.minor, b.date])).toEqual([
      ["60F", "opening", 500000n, "2024-06-10"],
      ["62M", "interimClosing", 375000n, "2024-06-11"],
      ["60M", "interimOpening", 375000n, "2024-06-11"],
      ["62F", "closing", 406045n, "2024-06-11"],
      ["64", "available", 406045n, "2024-06-11"],
      ["65", "forwardAvailable", 406045n, "2024-06-12"],
      ["65", "forwardAvailable", 410000n, "2024-06-13"],
    ]);
    expect(entries(events).map((e) => [e.amount.minor, e.counterparty?.name])).toEqual([[-125000n, "Verhuur BV"], [31045n, "K. de Boer"]]);
    checkContinuity(events);
  });
});

describe("parseMt940: free-text :86:", async () => {
  const events = await fixture("unstructured.sta");
  const [card, salary] = entries(events);

  it("joins a full 65-character line to the next directly and shorter lines with a blank; drops tabs and soft hyphens", () => {
    expect(card?.description).toBe("POS PAYMENT 02.05.2024 13:41 SUPERMARKTEN VAN DER LINDEN AMSTERDAM NL CARD 1234 Loyalty points: 12 Spaarzegels 3");
  });

  it("joins several :86: fields after one :61:", () => {
    expect(salary?.description).toBe("SALARY MAY 2024 EMPLOYER EXAMPLE BV REF 2024-05");
  });

  it("ignores the preamble, and :86: fields that follow a balance (account information)", () => {
    expect(events.map((e) => e.type)).toEqual(["statement", "balance", "entry", "entry", "balance"]);
    expect(statements(events)[0]).toEqual({ line: 5, id: "5", account: { id: "0417164300", currency: "EUR" } });
    checkContinuity(events);
  });

  it("keeps an entry without type or reference (volksbank '200219C65,00NMSC')", () => {
    expect(card).toMatchObject({ transactionCode: "NMSC", customerReference: undefined, bankReference: undefined });
  });
});

describe("parseMt940: MT942 interim report", async () => {
  const events = await fixture("mt942.sta");

  it("yields its entries as pending, in the :34F: currency, and no balances", () => {
    expect(events.map((e) => e.type)).toEqual(["statement", "entry", "entry"]);
    expect(statements(events)[0]).toEqual({ line: 2, id: "15/1", account: { id: "PL61109010140000071219812874", currency: "PLN" } });
    expect(entries(events).map((e) => [e.status, e.amount.minor, e.amount.currency, e.bankReference])).toEqual([
      ["pending", 15000n, "PLN", "IT-1"],
      ["pending", -2000n, "PLN", "IT-2"],
    ]);
  });
});

describe("parseMt940: framing and layout", () => {
  const body = [":20:REF", ":25:NL91ABNA0417164300", ":28C:1/1", ":60F:C240101EUR10,", ":61:240102C5,NTRFNONREF//B1", ":86:text", ":62F:C240102EUR15,"];

  it("reads SOH/ETX framing, a leading '-' line, CR line ends and a Ctrl-Z at the end alike", async () => {
    const variants = [
      `\u0001{1:F01X}{2:I940X}{4:\r\n${body.join("\r\n")}\r\n-}\u0003`,
      `-\n${body.join("\n")}\n-\n\u001a`,
      body.join("\r"),
      `:940:\n${body.join("\n")}`,
    ];
    for (const text of variants) {
      const events = await parse(text);
      expect(events.map((e) => e.type)).toEqual(["statement", "balance", "entry", "balance"]);
      expect(entries(events)[0]).toMatchObject({ amount: { minor: 500n }, description: "text", bankReference: "B1" });
    }
  });

  it("reads a :20: glued to a Ctrl-Z between accounts", async () => {
    const text = [...body, "\u001a:20:REF2", ":25:1567.50.961EUR", ":28:00000/00", ":60F:D121026EUR12,00", ":62F:D121026EUR12,00"].join("\n");
    expect(statements(await parse(text)).map((s) => s.account.id)).toEqual(["NL91ABNA0417164300", "1567.50.961"]);
  });

  it("gives the same events whatever the chunk size", async () => {
    const text = readFileSync(new URL("../../fixtures/mt940/gvc.sta", import.meta.url), "utf8");
    const whole = await parse(text);
    expect(await parse(text, undefined, 7)).toEqual(whole);
    expect(await parse(text, undefined, 1)).toEqual(whole);
  });

  it("reads the :25: forms banks write", async () => {
    const ids = async (account: string) => statements(await parse([":20:X", `:25:${account}`, ":60F:C240101EUR0,", ":62F:C240101EUR0,"].join("\n")))[0]?.account;
    expect(await ids("nl91 abna 0417 1643 00")).toEqual({ id: "NL91ABNA0417164300", currency: "EUR" });
    expect(await ids("NL10BUNQ2290325473 EUR")).toEqual({ id: "NL10BUNQ2290325473", currency: "EUR" });
    expect(await ids("NL68INGB0000012345EUR")).toEqual({ id: "NL68INGB0000012345", currency: "EUR" });
    expect(await ids("UBRTHUHB/123456789150ABCDEF002/HUF")).toEqual({ id: "UBRTHUHB/123456789150ABCDEF002", currency: "HUF", bank: "UBRTHUHB" });
    expect(await ids("DABADKKK/1111-11-11111")).toEqual({ id: "DABADKKK/1111-11-11111", currency: "EUR", bank: "DABADKKK" });
    expect(await ids("1014365930  ")).toEqual({ id: "1014365930", currency: "EUR" });
  });

  it("keeps :28C: statement numbers as written", async () => {
    const id = async (number: string) => statements(await parse([":20:X", ":25:1", `:28C:${number}`, ":60F:C240101EUR0,", ":62F:C240101EUR0,"].join("\n")))[0]?.id;
    expect([await id("27/01"), await id(" /1"), await id("2021/02"), await id("0")]).toEqual(["27/01", "/1", "2021/02", "0"]);
  });

  it("lets the profile name the account and fill name and bank", async () => {
    const events = await parse(minimal([":61:240102C5,NTRFNONREF"]), { account: { id: "main-eur", name: "Main account", bank: "ABNANL2A" } });
    const account = { id: "main-eur", name: "Main account", currency: "EUR", bank: "ABNANL2A" };
    expect(statements(events)[0]?.account).toEqual(account);
    expect(entries(events)[0]?.account).toEqual(account);
  });

  it("takes the entries' currency from the profile when the file has no opening balance", async () => {
    const text = [":20:X", ":25:123", ":61:240102C5,NTRFNONREF", ":62F:C240102CHF5,"].join("\n");
    expect(entries(await parse(text, { account: { currency: "CHF" } }))[0]?.amount).toEqual({ minor: 500n, currency: "CHF", exponent: 2 });
  });

  it("keeps Sberbank's :NS: fields out of the way", async () => {
    const events = await parse(minimal([":NS:22JOHN DOE", "23John Doe", ":61:1710111011DF2402,00S   X", ":NS:01526715", "15ERGO Versicherung"]));
    expect(entries(events)).toMatchObject([{ amount: { minor: -240200n }, transactionCode: "S", customerReference: "X", description: undefined }]);
  });

  it("skips a :65: forward balance it cannot read (':65F:Dnullnull7414,3') but refuses other unreadable balances", async () => {
    const events = await parse(minimal([":61:2009040904C230,00N051NONREF", ":86:GUTSCHRIFT", ":65F:Dnullnull7414,3"]));
    expect(balances(events).map((b) => b.code)).toEqual(["60F", "62F"]);
    expect(entries(events)).toHaveLength(1);
  });
});

describe("parseMt940: refusals", () => {
  it.each([
    [[":20:X", ":25:1", ":28C:7/1", ":60F:C240101EUR0,00", ":61:240102C5,NTRFNONREF"], "line 1: the statement (:28C: 7/1) has no closing balance :62F: or :62M:; the file may be truncated"],
    [[":20:X", ":25:1", ":60F:C240101EUR0,00", ":62F:C240101EUR0,00", ":20:Y", ":25:1", ":60F:C240101EUR0,00"], "line 5: the statement has no closing balance :62F: or :62M:; the file may be truncated"],
    [[":20:X", ":28C:1", ":60F:C240101EUR0,00"], "line 3: the statement starting at line 1 has no :25: account identification before this :60F:; every statement needs :20: and :25: first"],
    [[":20:X", ":20:Y", ":25:1"], "line 1: this statement has no :25: account identification; every statement needs :20: and :25:"],
    [[":61:240102C5,NTRFNONREF"], "line 1: no :20: and :25: before this :61:; every statement needs :20: and :25: first"],
    [[":20:X", ":25:1", ":60F:C241301EUR0,00"], 'line 3: :60F: date "241301" is not a valid YYMMDD date in "C241301EUR0,00"'],
    [[":20:X", ":25:1", ":62F:C240101XYZ0,00"], 'line 3: :62F: currency "XYZ" is not an ISO 4217 code in "C240101XYZ0,00"'],
    [[":20:X", ":25:1", ":60F:X240101EUR0,00"], 'line 3: :60F: expected D or C, a YYMMDD date, a currency and an amount in "X240101EUR0,00"'],
    [[":20:X", ":25:1", ":60F:C240101EUR0,", ":61:240230C1,00NTRF"], 'line 4: :61: value date "240230" is not a valid YYMMDD date'],
    [[":20:X", ":25:1", ":60F:C240101EUR0,", ":61:2401011341C1,00NTRF"], 'line 4: :61: entry date "1341" is not a valid MMDD date'],
    [[":20:X", ":25:1", ":60F:C240101EUR0,", ":61:240101X1,00NTRF"], 'line 4: :61: expected the debit/credit mark C, D, RC or RD after the date in "240101X1,00NTRF"'],
    [[":20:X", ":25:1", ":60F:C240101EUR0,", ":61:240101D,5NTRF"], 'line 4: :61: expected an amount after the debit/credit mark in "240101D,5NTRF"'],
    [[":20:X", ":25:1", ":60F:C240101EUR0,", ":61:24010"], 'line 4: :61: expected a YYMMDD value date at the start in "24010"'],
    [[":20:X", ":25:1", ":60F:C240101EUR0,", ":61:240101D1.2.3NTRF"], 'line 4: :61: amount "1.2.3" is not a number with decimal separator ","'],
    [[":20:X", ":25:1", ":60F:C240101EUR0,", ":61:240101D1,234NTRF"], 'line 4: :61: amount "1,234" has more decimals than EUR allows (2)'],
    [[":20:X", ":25:1", ":61:240101D1,00NTRF"], "line 3: :61: the currency of this entry is unknown: the statement has no :60F: opening balance, its :25: names no currency, and the profile sets no account.currency"],
    [[":20:X", ":25:   "], "line 2: :25: account identification is empty"],
    [["1", "2", "3"], "no MT940 statement found: expected :20: and :25: tags"],
    [[""], "no MT940 statement found: expected :20: and :25: tags"],
  ])("%j", async (lines, message) => {
    expect((await refusal(parse(lines.join("\n")))).message).toBe(message);
  });

  it("refuses a field that never ends", async () => {
    const text = minimal([":61:240101C1,00NTRF", ":86:start", ...Array.from({ length: 300 }, () => "more")]);
    expect((await refusal(parse(text))).message).toBe("line 6: :86: field goes on for more than 200 lines; this is not a readable MT940 file");
  });
});

describe("looksLikeMt940", () => {
  it.each([
    ["{1:F01INGBNL2AXXXX00001}\r\n{2:I940INGBNL2AXXXN}\r\n{4:\r\n:20:MPBZ", true],
    ["\u0001{1:F01POFICHBEAXXX0000000000}{2:I940XXXXXXXXXXXXN}{4:", true],
    ["This is an example file\r\n\r\n------\r\n:20:3996-1234567890\r\n:25:DABADKKK/1234567890\r\n", true],
    [":940:\n:20:940A110615\n:25:1291.99.348EUR\n", true],
    ["ABNANL2A\n940\nABNANL2A\n:20:ABN AMRO BANK NV\n:25:517852257\n", true],
    ["\u0001\n:20:ST170119CYC/0001\n:25:PL29114010810000267002001002\n:28C:1/1\n:34F:PLN0\n", true],
    ["Date;Description;Amount\n2024-01-01;:20: note;12,00\n", false],
    ['<?xml version="1.0"?><Document xmlns="urn:iso:std:iso:20022:tech:xsd:camt.053.001.02">', false],
    ["01,BANK,CUST,240101,0000,1,,,2/\n02,CUST,BANK,1,240101,0000,,2/", false],
    ["1\n2\n3\n", false],
  ])("%j is %s", (head, expected) => {
    expect(looksLikeMt940(head)).toBe(expected);
  });
});

describe("parseMt940: hostile fields", () => {
  // Found by the fuzzer: a structured :86: of 300,000 empty purpose subfields ('?20?20...', one
  // line, within ingestion's line bound) overflowed the call stack with a RangeError.
  it("reads a structured :86: of 300,000 subfields", async () => {
    const text = minimal([":61:240101C1,00NTRF", `:86:166?00GUTSCHRIFT${"?20".repeat(300_000)}?32Max Muster`, ":62F:C240101EUR1,00"]);
    expect(entries(await parse(text))).toMatchObject([
      { amount: { minor: 100n }, description: undefined, counterparty: { name: "Max Muster" }, details: { gvc: "166", postingText: "GUTSCHRIFT" } },
    ]);
  });

  // Found by the fuzzer: trimming trailing slashes and blanks with /[\s/]+$/ is quadratic in V8 on
  // a long run that does not reach the end, so one line of 1,000,000 slashes took over five minutes.
  it("reads long runs of slashes and blanks in :25: and a Dutch :86: in linear time", async () => {
    const run = (c: string) => c.repeat(300_000);
    const text = [
      ":20:X", `:25:${run("/")}1${run(" ")}2EUR`, ":28C:1", ":60F:C240101EUR0,00", ":61:240101C1,00NTRF",
      `:86:/TRTP/SEPA OVERBOEKING/NAME/${run("/")}J. Jansen${run("/")}/REMI/Factuur 12/`, ":62F:C240101EUR1,00",
    ].join("\n");
    const started = performance.now();
    const events = await parse(text);
    // Generous against a slow machine; the quadratic trimming took minutes.
    expect(performance.now() - started).toBeLessThan(3000);
    const account = statements(events)[0]!.account;
    // Compared as a boolean: a failing comparison of such strings spends minutes on its diff.
    expect(account.id === `${"~2F".repeat(300_000)}12` && account.currency === "EUR").toBe(true);
    expect(entries(events)[0]).toMatchObject({ description: "Factuur 12", counterparty: { name: `${run("/")}J. Jansen` } });
  });
});
