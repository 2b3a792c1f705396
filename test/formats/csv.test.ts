import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { parseCsv } from "../../src/formats/csv";
import type { Profile } from "../../src/model/profile";
import { FileError, type StatementEvent } from "../../src/model/statement";
import { balances as balancesIn, bytesParser, entries as entriesIn, minors, textParser } from "../support/parsing";

const SOURCE = "acme-bank";

const FILE = "export.csv";
const parseText = textParser(parseCsv, FILE, SOURCE);
const parseBytes = bytesParser(parseCsv, FILE, SOURCE);

/** Parses text (split into chunks of `chunk` characters) or bytes (decoded as in production). */
const parse = (input: string | Uint8Array, profile?: Profile, chunk?: number): Promise<StatementEvent[]> =>
  typeof input === "string" ? parseText(input, profile, chunk) : parseBytes(input, profile);

const entries = async (input: string | Uint8Array, profile?: Profile, chunk?: number) => entriesIn(await parse(input, profile, chunk));
const balances = async (input: string | Uint8Array, profile?: Profile) => balancesIn(await parse(input, profile));

function fixture(name: string): Uint8Array {
  return readFileSync(new URL(`../../fixtures/csv/${name}`, import.meta.url));
}

function fixtureText(name: string): string {
  return new TextDecoder().decode(fixture(name));
}

const EUR: Profile = { account: { currency: "EUR" } };

describe("parseCsv: encodings", () => {
  const text = "Buchungstag;Verwendungszweck;Betrag;Währung\n01.02.2024;Bäckerei Müller;-3,50;EUR\n";
  const latin1 = Uint8Array.from([...text].map((c) => c.charCodeAt(0)));
  const utf16 = new Uint8Array([0xff, 0xfe, ...new Uint8Array(Buffer.from(text, "utf16le"))]);

  it.each([
    ["UTF-8", new TextEncoder().encode(text)],
    ["UTF-8 with BOM", new Uint8Array([0xef, 0xbb, 0xbf, ...new TextEncoder().encode(text)])],
    ["UTF-16LE with BOM", utf16],
    ["Windows-1252", latin1],
  ])("reads %s: umlauts in the header and the text", async (_, bytes) => {
    const [entry] = await entries(bytes);
    expect(entry).toMatchObject({ bookingDate: "2024-02-01", description: "Bäckerei Müller", line: 2 });
    expect(entry!.amount).toEqual({ minor: -350n, currency: "EUR", exponent: 2 });
  });

  it("takes the profile's encoding for bytes that are not UTF-8", async () => {
    const [entry] = await entries(latin1, { encoding: "windows-1252" });
    expect(entry!.description).toBe("Bäckerei Müller");
  });
});

describe("parseCsv: delimiters and decimals", () => {
  const rows = [
    ["Date", "Description", "Amount", "Currency"],
    ["2024-01-31", "Coffee, large", "-4.20", "USD"],
    ["2024-02-01", "Refund", "12.00", "USD"],
  ];
  const write = (d: string) => rows.map((r) => r.map((c) => (c.includes(d) ? `"${c}"` : c)).join(d)).join("\n") + "\n";

  it.each([",", ";", "\t", "|"])("detects the delimiter %j from the header", async (d) => {
    const list = await entries(write(d));
    expect(list.map((e) => e.description)).toEqual(["Coffee, large", "Refund"]);
    expect(minors(list)).toEqual([-420n, 1200n]);
  });

  it("reads a decimal comma with thousands dots", async () => {
    const list = await entries("Datum;Betrag;Währung\n01.02.2024;1.234,56\u202f;EUR\n02.02.2024;-12.345.678,90;EUR\n");
    expect(minors(list)).toEqual([123456n, -1234567890n]);
  });

  it("reads a decimal point with thousands commas, currency signs and accounting brackets", async () => {
    const list = await entries('Date,Amount\n01/31/2024,"-$1,234.50"\n02/01/2024,(12.00)\n02/02/2024,"+ £1,100.00"\n', {
      account: { currency: "USD" },
    });
    expect(minors(list)).toEqual([-123450n, -1200n, 110000n]);
    expect(list[2]!.amount.currency).toBe("GBP");
  });

  it("reads Swiss apostrophe groups", async () => {
    const [entry] = await entries("Date;Amount;Currency\n31.03.2019;-11'373.94;CHF\n");
    expect(entry!.amount).toEqual({ minor: -1137394n, currency: "CHF", exponent: 2 });
  });

  it("keeps a 40-digit amount exact", async () => {
    const [entry] = await entries("Datum;Betrag;Währung\n01.02.2024;1234567890123456789012345678901234567890,12;EUR\n");
    expect(entry!.amount.minor).toBe(123456789012345678901234567890123456789012n);
  });

  it("lets ';' decide whole-number amounts, and refuses when nothing decides", async () => {
    expect(minors(await entries("Datum;Betrag;Währung\n01.02.2024;2500;EUR\n"))).toEqual([250000n]);
    await expect(parse("Datum\tBetrag\tWährung\n01.02.2024\t2500\tEUR\n")).rejects.toEqual(
      new FileError(`cannot tell the decimal separator: amounts such as "2500" are whole numbers; set decimalSeparator in the profile for source ${SOURCE}`, 2),
    );
    await expect(parse('Date,Amount,Currency\n2024-02-01,"1,234",EUR\n')).rejects.toEqual(
      new FileError(`cannot tell the decimal separator from amounts like "1,234"; set decimalSeparator in the profile for source ${SOURCE}`, 2),
    );
  });
});

describe("parseCsv: columns in five languages", () => {
  it("maps English paid in / paid out, reference and running balance (newest first)", async () => {
    const events = await parse(fixture("en-paid-in-out-newest-first.csv"), { account: { currency: "GBP" } });
    const list = events.flatMap((e) => (e.type === "entry" ? [e.entry] : []));
    expect(minors(list)).toEqual([-8420n, 150000n, -450n, -100000n]);
    expect(list[0]).toMatchObject({
      line: 2,
      bookingDate: "2024-03-15",
      bankReference: "TX-20240315-2",
      description: "ACME ENERGY LTD DIRECT DEBIT REF 99812",
      details: { transactionType: "DD", balance: "1915.80" },
    });
    expect(list.map((e) => e.line)).toEqual([2, 4, 5, 6]);
    expect(events.at(-1)).toEqual({
      type: "balance",
      balance: {
        line: 2,
        account: { id: SOURCE, currency: "GBP" },
        kind: "closing",
        code: "csv-balance",
        amount: { minor: 191580n, currency: "GBP", exponent: 2 },
        date: "2024-03-15",
      },
    });
  });

  it("maps German Buchungstag / Soll / Haben past a preamble, and reads the full profile the same", async () => {
    const profile: Profile = {
      encoding: "windows-1252",
      delimiter: ";",
      skipLines: 4,
      decimalSeparator: ",",
      thousandsSeparator: ".",
      dateFormat: "DD.MM.YYYY",
      columns: {
        bookingDate: "Buchungstag",
        valueDate: "Valuta",
        description: "Verwendungszweck",
        counterpartyName: "Empfänger/Zahlungspflichtiger",
        counterpartyAccount: "IBAN",
        debit: "Soll",
        credit: "Haben",
        currency: "Währung",
      },
    };
    const withProfile = await entries(fixture("de-girokonto-windows1252.csv"), profile);
    const detected = await entries(fixture("de-girokonto-windows1252.csv"));
    expect(detected).toEqual(withProfile);
    expect(minors(withProfile)).toEqual([-125000n, 345678n, -435n, 12n]);
    expect(withProfile.map((e) => e.line)).toEqual([6, 7, 9, 10]);
    expect(withProfile[1]).toMatchObject({
      bookingDate: "2024-03-04",
      valueDate: "2024-03-05",
      description: "Gehalt 03/2024 Personalnr. 4711",
      counterparty: { name: "Beispiel AG", account: "DE89370400440532013000" },
      account: { id: SOURCE },
    });
    expect(withProfile[2]!.description).toBe("Kartenzahlung Bäckerei Schäfer");
  });

  it("maps French débit / crédit / solde with a minus already on a debit", async () => {
    const events = await parse(fixture("fr-debit-credit.csv"), EUR);
    const list = events.flatMap((e) => (e.type === "entry" ? [e.entry] : []));
    expect(minors(list)).toEqual([-7215n, 245000n, -3560n]);
    expect(list[2]).toMatchObject({ bookingDate: "2024-04-17", valueDate: "2024-04-18", description: "CB CARREFOUR 16/04" });
    expect(events.at(-1)).toMatchObject({ balance: { amount: { minor: 434225n }, date: "2024-04-17", line: 4 } });
  });

  it("maps Dutch Af Bij, Naam / Omschrijving, Rekening and Tegenrekening", async () => {
    const list = await entries(fixture("nl-af-bij.csv"));
    expect(minors(list)).toEqual([-2345n, 115000n]);
    expect(list[1]).toMatchObject({
      bookingDate: "2024-01-05",
      account: { id: "NL20INGB0001234567", currency: "EUR" },
      counterparty: { name: "J. de Vries", account: "NL91ABNA0417164300" },
      description: "Terugbetaling vakantie",
      details: { code: "OV" },
    });
  });

  it("maps Spanish Fecha operación / Importe / Moneda in a tab-separated file", async () => {
    const events = await parse(fixture("es-tab.csv"));
    const list = events.flatMap((e) => (e.type === "entry" ? [e.entry] : []));
    expect(list.map((e) => [e.bookingDate, e.amount.minor, e.amount.currency, e.description])).toEqual([
      ["2024-05-03", -3990n, "EUR", "Recibo Telefónica"],
      ["2024-05-13", 25000n, "EUR", "Transferencia recibida Ana García"],
    ]);
    expect(events.at(-1)).toMatchObject({ balance: { amount: { minor: 146010n }, date: "2024-05-13" } });
  });

  it("takes the currency a header names: Betrag (EUR), Withdrawals (SGD)", async () => {
    const [entry] = await entries("Date,Withdrawals (SGD),Deposits (SGD)\n18/04/2018,6.66,\n");
    expect(entry!.amount).toEqual({ minor: -666n, currency: "SGD", exponent: 2 });
    expect(entry!.account.currency).toBe("SGD");
  });
});

describe("parseCsv: profiles", () => {
  it("reads a file without header by column numbers", async () => {
    const profile: Profile = {
      noHeader: true,
      skipLines: 1,
      delimiter: "|",
      columns: { bookingDate: 1, counterpartyName: 2, amount: 3, description: 4 },
      account: { id: "4711", name: "Giro", currency: "EUR", bank: "32000" },
    };
    const list = await entries(fixture("pipe-headerless.dat"), profile);
    expect(list).toEqual([
      {
        line: 2,
        account: { id: "4711", name: "Giro", currency: "EUR", bank: "32000" },
        bookingDate: "2024-06-01",
        amount: { minor: -8210n, currency: "EUR", exponent: 2 },
        status: "booked",
        description: "Strom Juni",
        counterparty: { name: "Stadtwerke Wien" },
      },
      expect.objectContaining({ line: 3, bookingDate: "2024-06-03", amount: { minor: 231000n, currency: "EUR", exponent: 2 } }),
    ]);
  });

  it("keeps unnamed columns of a headerless file as details", async () => {
    const [entry] = await entries("2024-06-01,4.50,CARD-7\n", { noHeader: true, columns: { bookingDate: 0, amount: 1 }, ...EUR });
    expect(entry!.details).toEqual({ column2: "CARD-7" });
  });

  it("names a profile column the header lacks", async () => {
    await expect(parse("Datum;Betrag\n01.02.2024;1,00\n", { skipLines: 0, columns: { bookingDate: "Buchungstag", amount: "Betrag" } })).rejects.toEqual(
      new FileError(`the header has no column "Buchungstag" named in the profile for source ${SOURCE}; it has "Datum", "Betrag"`, 1),
    );
  });

  it("refuses a file without header and without column numbers", async () => {
    await expect(parse("2024-06-01,4.50\n", { noHeader: true })).rejects.toEqual(
      new FileError(`a file without header needs columns given by number (0 is the first) in the profile for source ${SOURCE}`),
    );
  });

  it("refuses a header that names no date and amount", async () => {
    await expect(parse("Foo,Bar\n1,2\n")).rejects.toThrow(/^line 1: found no header row in the first 30 lines naming a booking date/);
  });

  it("lets the profile's account override the file's", async () => {
    const [entry] = await entries(fixture("nl-af-bij.csv"), { account: { id: "main", name: "Main account" } });
    expect(entry!.account).toEqual({ id: "main", name: "Main account", currency: "EUR" });
  });

  it("reads the profile's date format with month names", async () => {
    const [entry] = await entries("Date;Amount\n7-Mar-24;1,00\n", { dateFormat: "D-MMM-YY", ...EUR });
    expect(entry!.bookingDate).toBe("2024-03-07");
  });
});

describe("parseCsv: records", () => {
  it("reads quoted fields with delimiters and newlines, whatever the chunk edges", async () => {
    const text = fixtureText("en-paid-in-out-newest-first.csv");
    const whole = await entries(text, { account: { currency: "GBP" } });
    for (const size of [1, 2, 3, 7, 13]) expect(await entries(text, { account: { currency: "GBP" } }, size)).toEqual(whole);
    expect(whole[1]!.description).toBe("SALARY, MARCH");
  });

  it("counts lines across CR LF, lone CR and CR CR LF line ends", async () => {
    const list = await entries('Date,Amount,Currency\r\r\n2024-01-01,"1.00",EUR\r\r\n2024-01-02,"2\r\n.00",EUR\r2024-01-03,3.00,EUR', undefined, 5);
    expect(list.map((e) => e.line)).toEqual([3, 5, 7]);
  });

  it("refuses a row with another number of cells than the header, but not a trailing empty cell", async () => {
    const text = "Date,Description,Amount,\n2024-01-01,a,1.00\n2024-01-02,b,2.00,\n2024-01-03,c,3.00,,\n";
    expect((await entries(text, EUR)).map((e) => e.line)).toEqual([2, 3, 4]);
    await expect(parse(text + "2024-01-04,d,4.00,,x\n", EUR)).rejects.toEqual(
      new FileError("the row has 5 cells, but the header names 4 columns", 5),
    );
    await expect(parse("Date,Description,Amount\n2024-01-01,a\n", EUR)).rejects.toEqual(
      new FileError("the row has 2 cells, but the header names 3 columns", 2),
    );
  });

  it("gives an unreadable date's line, column and value", async () => {
    await expect(parse("Buchungstag;Betrag;Währung\n01.02.2024;1,00;EUR\n31.02.2024;2,00;EUR\n")).rejects.toEqual(
      new FileError('column "Buchungstag": "31.02.2024" is not a date in the format DD.MM.YYYY', 3),
    );
    await expect(parse("Datum;Betrag;Währung\n32.13.2024;1,00;EUR\n")).rejects.toEqual(
      new FileError(`column "Datum": "32.13.2024" is not a date in any format I recognise (such as YYYY-MM-DD, DD.MM.YYYY, MM/DD/YYYY, DD MMM YYYY): set dateFormat in the profile for source ${SOURCE}`, 2),
    );
  });

  it("gives an unreadable amount's line, column and value", async () => {
    await expect(parse("Datum;Betrag;Währung\n01.02.2024;1,00;EUR\n02.02.2024;1.2.3;EUR\n")).rejects.toEqual(
      new FileError('column "Betrag": amount "1.2.3" is not a number with decimal separator "," and thousands separator "."', 3),
    );
  });

  it("refuses dates that read as day-first and month-first alike", async () => {
    await expect(parse("Date,Amount,Currency\n03/04/2024,1.00,USD\n05/04/2024,2.00,USD\n")).rejects.toEqual(
      new FileError(`dates like 03/04/2024 can be DD/MM/YYYY or MM/DD/YYYY: set dateFormat in the profile for source ${SOURCE}`, 2),
    );
    const list = await entries("Date,Amount,Currency\n03/04/2024,1.00,USD\n", { dateFormat: "MM/DD/YYYY" });
    expect(list[0]!.bookingDate).toBe("2024-03-04");
  });

  it("refuses a file that states no currency", async () => {
    await expect(parse("Date,Amount\n2024-01-01,1.00\n")).rejects.toEqual(
      new FileError(`the file states no currency: set account.currency in the profile for source ${SOURCE}`, 1),
    );
    await expect(parse("Date,Amount,Currency\n2024-01-01,1.00,\n")).rejects.toEqual(
      new FileError(`column "Currency": the row states no currency: set account.currency in the profile for source ${SOURCE}`, 2),
    );
    await expect(parse("Date,Amount,Currency\n2024-01-01,1.00,EURO\n")).rejects.toEqual(
      new FileError('column "Currency": "EURO" is not an ISO 4217 currency code', 2),
    );
  });

  it("yields nothing for a header without rows, or an empty file", async () => {
    expect(await parse("Date,Amount\n")).toEqual([]);
    expect(await parse("")).toEqual([]);
    expect(await parse("\n\n")).toEqual([]);
  });

  it("refuses an amount on a row without a date, and needs debit or credit", async () => {
    await expect(parse("Date,Description,Amount\n,Total,12.00\n", EUR)).rejects.toEqual(
      new FileError('the row has an amount in column "Amount" but no booking date in column "Date"', 2),
    );
    await expect(parse("Date,Debit,Credit\n2024-01-01,,\n", EUR)).rejects.toEqual(
      new FileError('the row has a booking date but no amount in column "Debit" or column "Credit"', 2),
    );
    await expect(parse("Date,Debit,Credit\n2024-01-01,1.00,2.00\n", EUR)).rejects.toEqual(
      new FileError('the debit column "Debit" and the credit column "Credit" both hold an amount', 2),
    );
  });

  it("refuses a quote inside an unquoted field, an unclosed quote and an undoubled one", async () => {
    await expect(parse('Date,Amount,Description,Currency\n2024-01-01,1.00,fine,EUR\n2024-01-02,2.00, "spaced",EUR\n')).rejects.toEqual(
      new FileError('field 3 has a quote (") but does not start with one: a space before its opening quote, or its opening quote missing?', 3),
    );
    await expect(parse('Date,Amount,Description,Currency\n2024-01-01,1.00,"open,EUR\n2024-01-02,2.00,x,EUR\n')).rejects.toEqual(
      new FileError("the quoted field 3 opened here is never closed", 2),
    );
    await expect(parse('Date,Amount,Description,Currency\n2024-01-01,1.00,"a "b" c",EUR\n')).rejects.toEqual(
      new FileError('field 3 has a quote (") inside its quotes that is not doubled ("")', 2),
    );
  });

  it("reads a row of 1 MiB, and refuses one character more, quoted or not, whatever the chunk edges", async () => {
    /** A row of `length` characters, its text cell quoted or not. */
    const row = (length: number, quoted: boolean) => {
      const text = "x".repeat(length - "2024-01-02,,1.00".length - (quoted ? 2 : 0));
      return `2024-01-02,${quoted ? `"${text}"` : text},1.00`;
    };
    for (const quoted of [false, true]) {
      for (const chunk of [65536, 300_001, 4 << 20]) {
        const text = (length: number) => `Date,Text,Amount\n2024-01-01,first,2.00\n${row(length, quoted)}\n`;
        expect(minors(await entries(text(1 << 20), EUR, chunk))).toEqual([200n, 100n]);
        await expect(parse(text((1 << 20) + 1), EUR, chunk)).rejects.toEqual(
          new FileError("the row is longer than 1 MiB: is a closing quote missing?", 3),
        );
      }
    }
  });

  it("reports errors in file order: a bad amount before a bad quote below it", async () => {
    const text = 'Date,Amount,Description,Currency\n2024-01-01,1.2.3,x,EUR\n2024-01-02,2.00, "spaced",EUR\n';
    for (const chunk of [3, 1000]) {
      await expect(parse(text, undefined, chunk)).rejects.toThrow('line 2: column "Amount": amount "1.2.3" is not a number');
    }
  });
});

describe("parseCsv: entries", () => {
  it("signs amounts by a direction column: D/C, Af/Bij, S/H, K/D", async () => {
    const text = "Date;Amount;D/C;Currency\n" + ["D", "C", "Af", "Bij", "S", "H", "K", "Debit", "Credit", ""].map((d) => `2024-01-01;1,00;${d};EUR`).join("\n");
    expect(minors(await entries(text))).toEqual([-100n, 100n, -100n, 100n, -100n, 100n, 100n, -100n, 100n, 100n]);
    await expect(parse("Date;Amount;D/C;Currency\n2024-01-01;1,00;X;EUR\n")).rejects.toEqual(
      new FileError('column "D/C": "X" is not a direction (D/C, Af/Bij, S/H, K/D, Debit/Credit, Debet/Credit, inflow/outflow)', 2),
    );
  });

  it("marks pending entries from a status column, and places a 'Pending' date on the value date", async () => {
    const text = [
      "Date,Value Date,Status,Description,Amount,Currency",
      "Pending,2024-01-05,,card auth,-3.00,EUR",
      "Pending,,,no date at all,-4.00,EUR",
      "2024-01-04,2024-01-04,Vorgemerkt,prebooked,-5.00,EUR",
      "2024-01-03,2024-01-03,Posted,booked,-6.00,EUR",
    ].join("\n");
    const list = await entries(text);
    expect(list.map((e) => [e.line, e.bookingDate, e.status, e.amount.minor])).toEqual([
      [2, "2024-01-05", "pending", -300n],
      [4, "2024-01-04", "pending", -500n],
      [5, "2024-01-03", "booked", -600n],
    ]);
  });

  it("continues a description on the row below and skips label rows", async () => {
    const text = [
      "Account details for:,FRANK Account 666",
      "",
      "Transaction date,Value date,Description,Withdrawals (SGD),Deposits (SGD)",
      "18/04/2018,18/04/2018,DEBIT PURCHASE,6.66,",
      ",,15/04/18  UBER EATS ",
      "17/04/2018,17/04/2018,SALARY,,100.00",
      "Total,,,6.66,100.00",
    ].join("\n");
    const list = await entries(text);
    expect(list.map((e) => [e.line, e.description, e.amount.minor])).toEqual([
      [4, "DEBIT PURCHASE 15/04/18 UBER EATS", -666n],
      [6, "SALARY", 10000n],
    ]);
  });

  it("reads a time with a zone as the booking time, and ignores a local time", async () => {
    const list = await entries("created,amount,currency\n2018-02-25 12:34:56 +0100,-10,GBP\n2018-02-26T08:00:00,-1,GBP\n");
    expect(list.map((e) => [e.bookingDate, e.bookingTime])).toEqual([
      ["2018-02-25", "2018-02-25T11:34:56.000Z"],
      ["2018-02-26", undefined],
    ]);
  });

  it("keeps references, drops NONREF, and normalises IBANs and spaces", async () => {
    const text = "Date;Amount;Reference;Counterparty IBAN;Payee;Description;Currency\n" +
      "2024-01-01;1,00;NONREF;de89 3704 0044 0532 0130 00;  ACME   GmbH ;two   spaces;EUR\n" +
      "2024-01-02;2,00; R-1 ;'12-34-56;;;EUR\n";
    const list = await entries(text);
    expect(list[0]).toMatchObject({ counterparty: { name: "ACME GmbH", account: "DE89370400440532013000" }, description: "two spaces" });
    expect(list[0]!.bankReference).toBeUndefined();
    expect(list[1]).toMatchObject({ bankReference: "R-1", counterparty: { account: "12-34-56" } });
    expect(list[1]!.description).toBeUndefined();
  });

  it("closes each account with the balance of its latest row, oldest first", async () => {
    const text = [
      "Booking Date,Account Number,Amount,Balance,Currency",
      "2024-01-01,111,10.00,110.00,EUR",
      "2024-01-01,222,5.00,55.00,EUR",
      "2024-01-02,111,-1.00,109.00,EUR",
      "2024-01-02,111,-2.00,107.00,EUR",
      "2024-01-02,222,,,EUR".replace(",,,EUR", ",1.00,,EUR"),
    ].join("\n");
    const list = await balances(text);
    expect(list.map((b) => [b.account.id, b.amount.minor, b.date, b.line])).toEqual([
      ["111", 10700n, "2024-01-02", 5],
      ["222", 5500n, "2024-01-01", 3],
    ]);
  });

  it("tells the order of same-day rows from their running balances", async () => {
    const newestFirst = "Date,Amount,Balance,Currency\n2021-05-03,-100,200,USD\n2021-05-03,120,300,USD\n";
    const oldestFirst = "Date,Amount,Balance,Currency\n2021-05-03,120,300,USD\n2021-05-03,-100,200,USD\n";
    expect((await balances(newestFirst)).map((b) => [b.amount.minor, b.line])).toEqual([[20000n, 2]]);
    expect((await balances(oldestFirst)).map((b) => [b.amount.minor, b.line])).toEqual([[20000n, 3]]);
  });

  it("reads a balance history without transactions as a closing balance", async () => {
    const events = await parse('"Datum","Boeksaldo"\n"2020-05-30","13,20"\n"2020-05-29","14,55"\n', EUR);
    expect(events).toEqual([
      {
        type: "balance",
        balance: expect.objectContaining({ line: 2, kind: "closing", date: "2020-05-30", amount: { minor: 1320n, currency: "EUR", exponent: 2 } }),
      },
    ]);
  });
});

describe("parseCsv: streaming", () => {
  it("reads ahead a bounded number of rows and stops reading when the consumer stops", async () => {
    let produced = 0;
    let closed = false;
    async function* endless(): AsyncGenerator<string> {
      try {
        yield "Date;Amount;Currency\n";
        for (;;) {
          produced++;
          yield `2024-01-01;${produced},00;EUR\n`;
        }
      } finally {
        closed = true;
      }
    }
    let seen = 0;
    for await (const event of parseCsv(endless(), { fileName: FILE, source: SOURCE })) {
      expect(event).toMatchObject({ type: "entry", entry: { line: seen + 2, amount: { minor: BigInt(seen + 1) * 100n } } });
      if (++seen === 500) break;
    }
    await new Promise((resolve) => setTimeout(resolve, 20));
    expect(closed).toBe(true);
    expect(produced).toBeLessThan(1000);
  });
});

describe("parseCsv: malformed input", () => {
  const CELLS = ["2024-01-31", "31.01.2024", "01/02/2024", "Pending", "", "12.50", "-1,234.56", "(3.00)", "$4", "1.2.3", "12,50", "EUR", "XYZ", "D", "Total", '"a\nb"', '"x"y"', "' 1", "9".repeat(45)];
  const HEADERS = ["Date", "Amount", "Debit", "Credit", "Currency", "Balance", "Description", "Status", "D/C", "Value Date"];

  it("turns every malformed file into a FileError, never another exception", async () => {
    let seed = 7;
    const pick = <T>(list: readonly T[]): T => {
      seed = (seed * 1103515245 + 12345) & 0x7fffffff;
      return list[(seed >>> 16) % list.length]!;
    };
    for (let file = 0; file < 3000; file++) {
      const delimiter = pick([",", ";", "\t"]);
      const header = ["Date", ...HEADERS.filter(() => pick([true, false]))];
      const rows = Array.from({ length: pick([1, 2, 5]) }, () => header.map(() => pick(CELLS)).concat(pick([[], [""], ["x"]])));
      const text = [header, ...rows].map((r) => r.join(delimiter)).join(pick(["\n", "\r\n"]));
      await parse(text, pick([undefined, EUR]), pick([1, 5, 1000])).catch((error: unknown) => {
        expect(error, text).toBeInstanceOf(FileError);
      });
    }
  });
});

describe("parseCsv: hostile head lines", () => {
  // Found by the fuzzer: header detection compared every cell of each of the first 30 lines
  // with every synonym (~200), rewriting the cell each time, so a line of 1,000,000 commas, or
  // one 1,000,000-character cell, took from seconds to minutes before the file was refused.
  it("passes over a line of a million cells and one of a million-character cell to the header below", async () => {
    const text = [",".repeat(1_000_000), "x".repeat(1_000_000), "Date,Description,Amount,Currency", "2024-01-31,Coffee,-4.20,EUR", ""].join("\n");
    // The work counted, not timed: every header cell compared is normalised first, so the
    // characters normalised tell whether a cell is rewritten per synonym (about 200 times a
    // million characters) or each of a million empty cells is compared at all.
    const normalize = String.prototype.normalize;
    let calls = 0;
    let characters = 0;
    String.prototype.normalize = function (this: string, form?: string) {
      calls++;
      characters += this.length;
      return normalize.call(this, form);
    };
    let list: Awaited<ReturnType<typeof entries>>;
    try {
      list = await entries(text);
    } finally {
      String.prototype.normalize = normalize;
    }
    expect(calls).toBeLessThan(5_000);
    expect(characters).toBeLessThan(text.length);
    expect(list.map((e) => [e.line, e.description, e.amount.minor])).toEqual([[4, "Coffee", -420n]]);
  });
});
