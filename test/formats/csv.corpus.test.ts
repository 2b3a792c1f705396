import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { parseCsv } from "../../src/formats/csv";
import { decodeText, type Encoding } from "../../src/formats/decode";
import { parseAmount } from "../../src/model/money";
import type { Profile } from "../../src/model/profile";
import { FileError, type BankEntry, type StatedBalance, type StatementEvent } from "../../src/model/statement";
import { chunksOf, corpusFiles, corpusHas, inCorpus } from "../support/corpus";
import { balances, collect, continuity, entries, minors } from "../support/parsing";

const present = corpusHas("csv/");

interface Parsed {
  events: StatementEvent[];
  entries: BankEntry[];
  closings: StatedBalance[];
}

/** Reads a corpus file as ingestion does: bytes, decoded with the profile's encoding or detected. */
async function parseFile(path: string, profile?: Profile, edit?: (text: string) => string): Promise<Parsed> {
  let bytes: Uint8Array = readFileSync(inCorpus(path));
  if (edit) bytes = new TextEncoder().encode(edit(new TextDecoder("windows-1252").decode(bytes)));
  const text = decodeText(chunksOf(bytes), edit ? "utf-8" : (profile?.encoding as Encoding | undefined));
  const events = await collect(parseCsv(text, { fileName: path, source: "corpus", profile }));
  for (const check of continuity(events)) expect(check.mismatch).toBeUndefined();
  return {
    events,
    entries: entries(events),
    closings: balances(events),
  };
}

const closing = (c: StatedBalance) => [c.account.id, c.amount.minor, c.amount.currency, c.date, c.line];

/** Each row's stated balance is the one before plus the row's amount, in time order. */
function runningBalancesAgree(list: readonly BankEntry[], newestFirst: boolean): void {
  const rows = list.filter((e) => e.details?.balance !== undefined);
  const inTime = newestFirst ? [...rows].reverse() : rows;
  const balance = (e: BankEntry) => parseAmount(e.details!.balance!, e.amount.currency).minor;
  expect(inTime.length).toBeGreaterThan(1);
  for (let i = 1; i < inTime.length; i++) expect(balance(inTime[i]!)).toBe(balance(inTime[i - 1]!) + inTime[i]!.amount.minor);
}

const NO_CURRENCY = new FileError("the file states no currency: set account.currency in the profile for source corpus", 1);

/** Files whose checks below are written against their bytes: every corpus file must have one. */
const CHECKED = new Set<string>();
function file(name: string, test: () => Promise<void>) {
  CHECKED.add(name);
  it(name, test);
}

describe.skipIf(!present)("parseCsv on the shared corpus", () => {
  file("bank2ynab__20171001-20171106.csv", async () => {
    const { entries } = await parseFile("csv/bank2ynab__20171001-20171106.csv");
    expect(entries).toHaveLength(1);
    expect(entries[0]).toMatchObject({
      bookingDate: "2017-10-01",
      amount: { minor: -5999n, currency: "EUR" },
      counterparty: { name: "NINTENDO OF EUROPE" },
      details: { transaktionstyp: "MasterCard Zahlung", fremdwahrung: "EUR" },
    });
  });

  file("bank2ynab__2018-04-14_10-52-13_bunq-transactieoverzicht.csv", async () => {
    const path = "csv/bank2ynab__2018-04-14_10-52-13_bunq-transactieoverzicht.csv";
    await expect(parseFile(path)).rejects.toEqual(NO_CURRENCY);
    const { entries } = await parseFile(path, { account: { currency: "EUR" } });
    expect(minors(entries)).toEqual([-256n, 75000n, -1890n]);
    expect(entries[1]).toMatchObject({
      account: { id: "NL47BUNQ2025181418" },
      counterparty: { name: "W. KOELEWIJN EO", account: "NL77RABO0311467415" },
      description: "Naar Bunq",
    });
  });

  file("bank2ynab__20180226-1000594757-umsatz.CSV", async () => {
    const { entries } = await parseFile("csv/bank2ynab__20180226-1000594757-umsatz.CSV");
    expect(entries).toHaveLength(1);
    expect(entries[0]).toMatchObject({
      account: { id: "1000594757" },
      bookingDate: "2018-02-22",
      valueDate: "2018-02-22",
      amount: { minor: -3699n, currency: "EUR" },
      status: "booked",
      counterparty: { name: "Vodafone Kabel DeutschlandGmbH", account: "DE13380700590045335700" },
    });
    expect(entries[0]!.description).toMatch(/^FOLGELASTSCHRIFT EREF\+RECHNR/);
  });

  file("bank2ynab__CSV_A_20180414_112204.csv", async () => {
    const path = "csv/bank2ynab__CSV_A_20180414_112204.csv";
    // Row 3 (line 5: rows end CR CR LF) lacks its first field's opening quote.
    await expect(parseFile(path)).rejects.toEqual(
      new FileError('field 1 has a quote (") but does not start with one: a space before its opening quote, or its opening quote missing?', 5),
    );
    const repaired = await parseFile(path, undefined, (text) => text.replace('\nNL77RABO', '\n"NL77RABO'));
    expect(minors(repaired.entries)).toEqual([-33749n, 5000n, -75000n]);
    expect(repaired.entries.map((e) => [e.line, e.bankReference])).toEqual([
      [3, "000000000000009565"],
      [5, "000000000000009590"],
      [7, "000000000000009591"],
    ]);
    expect(repaired.entries[1]).toMatchObject({
      account: { id: "NL77RABO0311467415" },
      counterparty: { name: "Nederlandse Loterij Organisatie B.V.", account: "NL62INGB0663707048" },
    });
    expect(repaired.closings.map(closing)).toEqual([["NL77RABO0311467415", 1233453n, "EUR", "2018-03-16", 7]]);
  });

  file("bank2ynab__MS_JANE_SMITH_01-12-2019_14-12-2019.csv", async () => {
    const { entries } = await parseFile("csv/bank2ynab__MS_JANE_SMITH_01-12-2019_14-12-2019.csv");
    // The three 'Pending' rows carry no date at all and are left out. Amounts keep the card
    // export's signs (purchases positive): the profile has no way to flip them yet.
    expect(entries).toHaveLength(10);
    expect(entries[0]).toMatchObject({ line: 5, bookingDate: "2019-12-12", amount: { minor: 118323n, currency: "GBP" } });
    expect(entries.at(-1)).toMatchObject({ line: 14, bookingDate: "2019-12-02", amount: { minor: 110000n }, details: { column3: "CR" } });
  });

  file("bank2ynab__MonzoDataExport_February2018_2018-02-26_174335.csv", async () => {
    const { entries } = await parseFile("csv/bank2ynab__MonzoDataExport_February2018_2018-02-26_174335.csv");
    expect(entries).toEqual([
      expect.objectContaining({
        bookingDate: "2018-02-25",
        bookingTime: "2018-02-25T12:34:56.000Z",
        amount: { minor: -1000n, currency: "GBP", exponent: 2 },
        bankReference: "tx_00009TziTeST1NG1ZWIPGS",
        description: "Tesco",
      }),
    ]);
  });

  file("bank2ynab__Movements_1234512345_201805271848.csv", async () => {
    const { entries } = await parseFile("csv/bank2ynab__Movements_1234512345_201805271848.csv", {
      encoding: "windows-1250",
      columns: {
        bookingDate: "Datum zaúčtování",
        amount: "Zaúčtovaná částka",
        currency: "Měna účtu",
        accountId: "Číslo účtu",
        counterpartyAccount: "Číslo protiúčtu",
        counterpartyName: "Název protiúčtu",
        description: "Zpráva",
        reference: "Id transakce",
      },
    });
    expect(entries).toEqual([
      expect.objectContaining({
        account: { id: "123456789/1234" },
        bookingDate: "2018-05-27",
        amount: { minor: -100n, currency: "CZK", exponent: 2 },
        bankReference: "3228446118",
        description: "Memo for me test",
        counterparty: { name: "Name Surname", account: "123456789/1234" },
      }),
    ]);
  });

  file("bank2ynab__TH_20180101-20180523_strana_1.csv", async () => {
    // Values are masked (digits 1, letters X): only the layout is real.
    const { entries } = await parseFile("csv/bank2ynab__TH_20180101-20180523_strana_1.csv", {
      encoding: "windows-1250",
      columns: { bookingDate: "Datum zaúčtování", amount: "Částka CZK", counterpartyName: "Název protiúčtu", reference: "Referenční číslo transakce" },
    });
    expect(entries).toHaveLength(9);
    expect(minors(entries).slice(0, 4)).toEqual([-11111n, -1111n, -1111n, -111111n]);
    expect(entries[0]).toMatchObject({ bookingDate: "1111-11-11", amount: { currency: "CZK" }, bankReference: "1111111111111" });
  });

  file("bank2ynab__TransactionHistory_20180418043121.csv", async () => {
    const { entries } = await parseFile("csv/bank2ynab__TransactionHistory_20180418043121.csv");
    expect(entries).toHaveLength(8);
    expect(minors(entries)).toEqual([-666n, -666n, -6666n, -666n, -666n, -6666n, -666n, -666n]);
    expect(entries[0]).toMatchObject({
      line: 7,
      bookingDate: "2018-04-18",
      amount: { currency: "SGD" },
      description: "DEBIT PURCHASE 15/04/18 66-6666 UBER EATS AN2GO HELP.UBERh",
    });
    expect(entries[5]!.description).toBe("DEBIT PURCHASE 66-6666 UBER TRIP NKWLN HELP.UBERh 13/04/18");
  });

  file("bank2ynab__Umsaetze_KtoNr538917600_EUR_02-03-2018_1503.CSV", async () => {
    const { entries } = await parseFile("csv/bank2ynab__Umsaetze_KtoNr538917600_EUR_02-03-2018_1503.CSV");
    expect(entries).toEqual([
      expect.objectContaining({
        account: { id: "DE44200400000538917600" },
        bookingDate: "2018-03-02",
        amount: { minor: -1722n, currency: "EUR", exponent: 2 },
        details: expect.objectContaining({ umsatzart: "Lastschrift", auftraggeberkonto: "538917600" }),
      }),
    ]);
  });

  file("bank2ynab__W80844_EBH_201945.202122.csv", async () => {
    // Placeholder texts ("memo goes here"); the direction column repeats the amount's sign.
    const { entries, closings } = await parseFile("csv/bank2ynab__W80844_EBH_201945.202122.csv", {
      columns: {
        bookingDate: "Tranzakció dátuma",
        valueDate: "Értéknap",
        amount: "Tranzakció összege",
        currency: "Tranzakció devizaneme",
        direction: "Bevétel/Kiadás",
        balance: "Egyenleg",
        counterpartyName: "Partner neve",
        description: "Közlemény",
      },
    });
    expect(entries.map((e) => [e.bookingDate, e.valueDate, e.amount.minor, e.amount.currency])).toEqual([
      ["2019-04-19", "2019-04-19", -35000n, "HUF"],
      ["2019-04-17", "2019-04-18", 129000n, "HUF"],
    ]);
    expect(closings.map(closing)).toEqual([["corpus", 234556n, "HUF", "2019-04-19", 2]]);
  });

  file("bank2ynab__dba33fceecd62c3c727893361e0ba4d3.P000000027355791.csv", async () => {
    const { entries } = await parseFile("csv/bank2ynab__dba33fceecd62c3c727893361e0ba4d3.P000000027355791.csv", {
      noHeader: true,
      columns: { bookingDate: 0, debit: 2, credit: 3, description: 4 },
      account: { currency: "SGD" },
    });
    expect(entries).toEqual([
      expect.objectContaining({
        line: 1,
        bookingDate: "2018-02-27",
        amount: { minor: -780n, currency: "SGD", exponent: 2 },
        description: "MCDONALD'S (TAM KIOSK) SI NG 22FEB",
        details: { column1: "UMC-" },
      }),
    ]);
  });

  file("bank2ynab__export_BE11123456789012_20180304_1422.csv", async () => {
    const { entries, closings } = await parseFile("csv/bank2ynab__export_BE11123456789012_20180304_1422.csv");
    expect(entries).toEqual([
      expect.objectContaining({
        account: { id: "BE11123456789012" },
        bookingDate: "2018-02-28",
        valueDate: "2018-02-28",
        amount: { minor: -340n, currency: "EUR", exponent: 2 },
        description: "BIJDRAGE 01-02-2018 - 28-02-2018 28-02 KBC-PLUSREKENING",
      }),
    ]);
    expect(entries[0]!.details).toMatchObject({ afschriftnummer: "02018038", balance: "219.95" });
    expect(closings.map(closing)).toEqual([["BE11123456789012", 21995n, "EUR", "2018-02-28", 2]]);
  });

  file("bank2ynab__export_KBC-Mastercard_Business_Essential_20200204_1604.csv", async () => {
    const { entries } = await parseFile("csv/bank2ynab__export_KBC-Mastercard_Business_Essential_20200204_1604.csv");
    expect(entries.map((e) => [e.bookingDate, e.amount.minor, e.amount.currency])).toEqual([
      ["2020-02-03", -1652n, "EUR"],
      ["2020-01-24", 3577n, "EUR"],
      ["2020-01-02", -1652n, "EUR"],
    ]);
    expect(entries[0]!.details).toMatchObject({ datumVerrichting: "01/02/2020", kaarthouder: "SMITH JOHN" });
  });

  file("bank2ynab__kta_ei.dat", async () => {
    // Row 0 is the account record K|bank|account|currency: the profile says what it says.
    const { entries } = await parseFile("csv/bank2ynab__kta_ei.dat", {
      delimiter: "|",
      skipLines: 1,
      noHeader: true,
      columns: { bookingDate: 2, counterpartyName: 3, amount: 4, description: [1, 5] },
      account: { id: "244081", bank: "32000", currency: "EUR" },
    });
    expect(entries).toHaveLength(11);
    expect(entries.reduce((sum, e) => sum + e.amount.minor, 0n)).toBe(-615222n);
    expect(entries[0]).toMatchObject({
      line: 2,
      account: { id: "244081", bank: "32000" },
      bookingDate: "2019-03-11",
      amount: { minor: -8930n },
      counterparty: { name: "FORSTINGER" },
      description: "POS 6,49 AT K1 09.03. 09:53",
    });
    expect(entries[7]!.description).toBe("SEPA Lastschrift Empfänger-Kennung: AT01ZZZ00000123");
  });

  file("bank2ynab__statement_1.csv", async () => {
    // A card export: the purchase is positive as written (see the report on sign conventions).
    const { entries } = await parseFile("csv/bank2ynab__statement_1.csv", {
      noHeader: true,
      columns: { bookingDate: 0, description: 1, amount: 6 },
      account: { currency: "GBP" },
    });
    expect(entries).toEqual([
      expect.objectContaining({
        bookingDate: "2018-02-10",
        amount: { minor: 2059n, currency: "GBP", exponent: 2 },
        description: "Shop Name, AnyTown20.59 POUND STERLING GREAT BRITAIN",
        details: { column2: "Visa", column3: "MR A SURNAME", column4: "Household" },
      }),
    ]);
  });

  file("bank2ynab__test_BOI_TransactionExport.csv", async () => {
    const path = "csv/bank2ynab__test_BOI_TransactionExport.csv";
    await expect(parseFile(path)).rejects.toEqual(NO_CURRENCY);
    const { entries, closings } = await parseFile(path, { account: { currency: "EUR" } });
    expect(entries).toHaveLength(27);
    expect(minors(entries).slice(0, 4)).toEqual([42803n, 2950n, -51200n, -2000n]);
    expect(entries[1]!.description).toBe("Éáú üüüümlaut! GP");
    // The latest date, 28/09/2017, has three rows; the first of them states a balance.
    expect(closings.map(closing)).toEqual([["corpus", 10000n, "EUR", "2017-09-28", 26]]);
  });

  file("bank2ynab__umsatz-1234________1234-20180227.CSV", async () => {
    const { entries } = await parseFile("csv/bank2ynab__umsatz-1234________1234-20180227.CSV");
    expect(entries).toEqual([
      expect.objectContaining({
        bookingDate: "2018-02-20",
        amount: { minor: -500n, currency: "EUR", exponent: 2 },
        bankReference: "05100000000",
        description: "AMREST STARBUCKS DE 08007263333 DE",
      }),
    ]);
    expect(entries[0]!.details).toMatchObject({ umsatzGetatigtVon: "51_5 4400 7700 9222443", originalwahrung: "EUR" });
  });

  file("beancount_reds_importers__Main_Checking_Account_Transactions.csv", async () => {
    const { entries, closings } = await parseFile("csv/beancount_reds_importers__Main_Checking_Account_Transactions.csv", {
      account: { currency: "USD" },
    });
    expect(entries).toHaveLength(10);
    expect(minors(entries).slice(0, 3)).toEqual([-797139n, 600036n, 25600n]);
    expect(entries[0]!.bankReference).toMatch(/^dwA4AEUAZQBKAGcAKwBG/);
    expect(closings.map(closing)).toEqual([["corpus", 50000n, "USD", "2021-12-31", 2]]);
    runningBalancesAgree(entries, true);
  });

  file("camt-csv__viseca.csv", async () => {
    // Card sign convention kept as written: charges positive, refunds negative.
    const { entries } = await parseFile("csv/camt-csv__viseca.csv");
    expect(entries).toHaveLength(9);
    expect(minors(entries)).toEqual([2900n, 1000n, 1290n, 5845n, -8000n, -10570n, 1000n, 300n, 11155n]);
    expect(entries[2]).toMatchObject({
      bankReference: "TRX2025050500003",
      bookingDate: "2025-05-05",
      bookingTime: undefined,
      valueDate: "2025-05-05",
      counterparty: { name: "Windsurf" },
      details: expect.objectContaining({ originalAmount: "15.000", originalCurrency: "USD", exchangeRate: "0.848252" }),
    });
  });

  file("csv2ofx__capitalone.csv", async () => {
    const { entries } = await parseFile("csv/csv2ofx__capitalone.csv", { account: { currency: "USD" } });
    expect(entries.map((e) => [e.bookingDate, e.amount.minor, e.description])).toEqual([
      ["2016-01-02", -100000n, "Airplanes R Us"],
      ["2016-01-02", 100000n, "CAPITAL ONE AUTOPAY PYMT"],
    ]);
    expect(entries[0]!.details).toMatchObject({ transactionDate: "2015-12-31", cardNo: "1234" });
  });

  file("csv2ofx__gls.csv", async () => {
    const { entries, closings } = await parseFile("csv/csv2ofx__gls.csv");
    expect(entries).toEqual([
      expect.objectContaining({
        account: { id: "1234567890" },
        amount: { minor: -9876n, currency: "EUR", exponent: 2 },
        description: "SEPA-Basislastschrift B4658645 U123456789 B123456 987 SIMply Rechnung",
        counterparty: { name: "Drillisch Online AG" },
      }),
    ]);
    expect(closings.map(closing)).toEqual([["1234567890", 123456n, "EUR", "2017-10-10", 2]]);
  });

  file("csv2ofx__ingesp.csv", async () => {
    const { entries, closings } = await parseFile("csv/csv2ofx__ingesp.csv", { account: { currency: "EUR" } });
    expect(entries).toHaveLength(10);
    expect(minors(entries).slice(-3)).toEqual([-3700n, -21930n, 50000n]);
    // Rows are not in date order: the latest date, 31/12/2022, is the third row.
    expect(closings.map(closing)).toEqual([["corpus", 31888n, "EUR", "2022-12-31", 4]]);
  });

  file("csv2ofx__n26-fr.csv", async () => {
    const { entries } = await parseFile("csv/csv2ofx__n26-fr.csv");
    expect(entries.map((e) => [e.bookingDate, e.valueDate, e.amount.minor, e.amount.currency])).toEqual([
      ["2020-03-07", undefined, 32800n, "EUR"],
      ["2020-03-07", undefined, -32800n, "EUR"],
    ]);
    expect(entries[0]).toMatchObject({ counterparty: { name: "Compte courant", account: "DE27100110000000000000" } });
  });

  file("csv2ofx__payoneer.csv", async () => {
    const path = "csv/csv2ofx__payoneer.csv";
    await expect(parseFile(path)).rejects.toEqual(
      new FileError("dates like 05/03/2021 can be DD/MM/YYYY or MM/DD/YYYY: set dateFormat in the profile for source corpus", 2),
    );
    const { entries, closings } = await parseFile(path, { dateFormat: "MM/DD/YYYY" });
    expect(entries.map((e) => [e.bookingDate, e.amount.minor, e.bankReference, e.status])).toEqual([
      ["2021-05-03", -10000n, "123", "booked"],
      ["2021-05-03", 12000n, "1234", "booked"],
    ]);
    // Both rows share one date; their running balances show the file is newest first.
    expect(closings.map(closing)).toEqual([["corpus", 20000n, "USD", "2021-05-03", 2]]);
  });

  file("csv2ofx__pcmastercard.csv", async () => {
    const { entries } = await parseFile("csv/csv2ofx__pcmastercard.csv", { account: { currency: "CAD" } });
    expect(entries.map((e) => [e.bookingDate, e.amount.minor, e.counterparty?.name])).toEqual([
      ["2019-01-10", 3633n, "Mobil"],
      ["2018-12-15", 1398n, "APL*ITUNES.COM/BILL"],
    ]);
    expect(entries[0]!.details).toMatchObject({ time: "06:50 PM", cardUsedForTransaction: "**** 1234" });
  });

  file("csv2ofx__schwab-checking.csv", async () => {
    const { entries, closings } = await parseFile("csv/csv2ofx__schwab-checking.csv", { account: { currency: "USD" } });
    expect(minors(entries)).toEqual([2000n, -10300n, -7500n, -5727n]);
    expect(entries[2]!.details).toMatchObject({ checkNumber: "558", type: "CHECK" });
    expect(closings.map(closing)).toEqual([["corpus", 87847n, "USD", "2022-08-17", 2]]);
    runningBalancesAgree(entries, true);
  });

  file("csv2ofx__ubs-ch-fr_trimmed.csv", async () => {
    // The trimmed export keeps only the value date: the profile makes it the booking date.
    const { entries, closings } = await parseFile("csv/csv2ofx__ubs-ch-fr_trimmed.csv", {
      columns: {
        bookingDate: "Date de valeur",
        description: ["Description 1", "Description 2", "Description 3"],
        debit: "Débit",
        credit: "Crédit",
        balance: "Solde",
        currency: "Monn.",
        reference: "N° de transaction",
        accountId: "Produit",
      },
    });
    expect(minors(entries)).toEqual([-1000n, 24000n, -20000n]);
    expect(entries[1]).toMatchObject({
      account: { id: "0123 45678901.23A" },
      bankReference: "3456789ZT1234567",
      description: "Virement postal ASSOCIATION FOO-BAR BVD DE QUELQUE-PART 1, 1201 GENEVE, CH",
    });
    expect(closings.map(closing)).toEqual([["0123 45678901.23A", 1141394n, "CHF", "2019-04-27", 4]]);
    runningBalancesAgree(entries, false);
  });

  file("ofxstatement-austrian__easybank-giro.csv", async () => {
    const { entries } = await parseFile("csv/ofxstatement-austrian__easybank-giro.csv", {
      encoding: "windows-1252",
      delimiter: ";",
      noHeader: true,
      columns: { accountId: 0, description: 1, bookingDate: 2, valueDate: 3, amount: 4, currency: 5 },
    });
    expect(minors(entries)).toEqual([-42n, 123n, -12345n, -3200n, -100100n, -40000n, -2090n, -840n, 1210n, 998n]);
    expect(entries[3]).toMatchObject({
      account: { id: "AT123456789012345678" },
      bookingDate: "2014-01-08",
      valueDate: "2014-01-08",
      description: "Abbuchung Einzugsermächtigung OG/000000004 Amazon *Mktplce EU-AT 01234 01234567890",
    });
  });

  file("ofxstatement-austrian__ing-diba.csv", async () => {
    const { entries } = await parseFile("csv/ofxstatement-austrian__ing-diba.csv");
    expect(minors(entries)).toEqual([1223n, -3456n, 50000n, 2030n, -150000n, 1000n]);
    expect(entries[5]).toMatchObject({ account: { id: "12345678001" }, bookingDate: "2013-08-13", description: "Prämie Foo" });
  });

  file("ofxstatement-austrian__livebank.csv", async () => {
    // Its rows spill the transaction text over 2 to 4 more cells than the header names.
    await expect(parseFile("csv/ofxstatement-austrian__livebank.csv")).rejects.toEqual(
      new FileError("the row has 12 cells, but the header names 10 columns", 2),
    );
  });

  file("ofxstatement-austrian__oberbank.csv", async () => {
    const { entries } = await parseFile("csv/ofxstatement-austrian__oberbank.csv");
    expect(minors(entries)).toEqual([-1100n, -1000n, -900n, 1100n, 1000n]);
    expect(entries[3]!.description).toBe("Empfängername, SCOR, Verwendungszweck SCOR Verwendungszweck");
  });

  file("ofxstatement-dutch__Knab_transactieoverzicht_ok.csv", async () => {
    const { entries } = await parseFile("csv/ofxstatement-dutch__Knab_transactieoverzicht_ok.csv");
    expect(entries).toHaveLength(28);
    expect(minors(entries).slice(0, 4)).toEqual([-82775n, 82775n, -250000n, 250000n]);
    expect(entries.at(-1)).toMatchObject({ amount: { minor: 702n }, bankReference: "B9F28INNFQ2MUC3X", description: "Rente" });
    // "Boekdatum" is the booking date; "Transactiedatum" (09-06-2019 here) stays as metadata.
    expect(entries[6]).toMatchObject({ line: 9, bookingDate: "2019-06-10", details: { transactiedatum: "09-06-2019" } });
  });

  file("ofxstatement-dutch__NL99INGB9999999999_25-11-2019_30-05-2020.csv", async () => {
    const path = "csv/ofxstatement-dutch__NL99INGB9999999999_25-11-2019_30-05-2020.csv";
    const { events } = await parseFile(path, { account: { id: "NL99INGB9999999999", currency: "EUR" } });
    expect(events).toEqual([
      {
        type: "balance",
        balance: {
          line: 2,
          account: { id: "NL99INGB9999999999", currency: "EUR" },
          kind: "closing",
          code: "csv-balance",
          amount: { minor: 1320n, currency: "EUR", exponent: 2 },
          date: "2020-05-30",
        },
      },
    ]);
  });

  file("ofxstatement-dutch__ing_ok.csv", async () => {
    const { entries } = await parseFile("csv/ofxstatement-dutch__ing_ok.csv");
    // The last two rows are identical and both real: nothing is de-duplicated.
    expect(minors(entries)).toEqual([-125n, 125n, 0n, 2000n, -31n, -31n]);
    expect(entries[3]).toMatchObject({
      account: { id: "NL99INGB9999999999" },
      bookingDate: "2019-12-13",
      counterparty: { name: "PAULISSEN G J L M", account: "NL99ASNB9999999999" },
      details: { code: "OV", mutatieSoort: "Overschrijving" },
    });
  });

  file("ofxstatement-dutch__transactie-historie_NL00ASNB9999999999_20220717204133.csv", async () => {
    const { entries } = await parseFile("csv/ofxstatement-dutch__transactie-historie_NL00ASNB9999999999_20220717204133.csv", {
      noHeader: true,
      columns: { bookingDate: 0, accountId: 1, counterpartyAccount: 2, counterpartyName: 3, currency: 9, amount: 10, valueDate: 12, description: 17 },
    });
    expect(entries).toHaveLength(11);
    expect(minors(entries)).toEqual([22377n, -20000n, -220n, 50315n, -2295n, -40000n, -14797n, 256000n, -100000n, -100000n, -56000n]);
    expect(entries[5]).toMatchObject({ account: { id: "NL00ASNB9999999999" }, bookingDate: "2022-06-28", valueDate: "2022-06-28" });
    // Column 8 is the balance before each transaction: the next row's is this one's plus its amount.
    const before = entries.map((e) => parseAmount(e.details!.column8!, "EUR").minor);
    for (let i = 1; i < entries.length; i++) expect(before[i]).toBe(before[i - 1]! + entries[i - 1]!.amount.minor);
  });

  file("ofxstatement-lithuanian__danske.csv", async () => {
    const path = "csv/ofxstatement-lithuanian__danske.csv";
    // The header names City and Country columns the rows do not have.
    await expect(parseFile(path)).rejects.toEqual(new FileError("the row has 10 cells, but the header names 12 columns", 2));
    const { entries } = await parseFile(path, {
      encoding: "windows-1257",
      skipLines: 1,
      noHeader: true,
      columns: { bookingDate: 0, counterpartyName: 4, description: [5, 6, 7], amount: 8 },
      account: { currency: "LTL" },
    });
    expect(entries.map((e) => [e.line, e.bookingDate, e.amount.minor])).toEqual([
      [2, "2012-03-01", -780n],
      [4, "2012-03-01", 88981n],
      [6, "2012-03-06", -46n],
      [7, "2012-03-07", -88155n],
    ]);
    expect(entries[1]!.description).toMatch(/^Mokėjimo nurodymas Nr\.S000000000000000/);
  });

  file("ofxstatement-lithuanian__swedbank.csv", async () => {
    const path = "csv/ofxstatement-lithuanian__swedbank.csv";
    await expect(parseFile(path)).rejects.toThrow(/^line 1: found no header row in the first 30 lines/);
    // Named by a profile, its rows are shorter than its header, and line 5 has an undoubled quote.
    await expect(parseFile(path, { columns: { bookingDate: "Data", amount: "Suma", direction: "D/K", currency: "Valiuta" } })).rejects.toEqual(
      new FileError("the row has 13 cells, but the header names 17 columns", 2),
    );
  });

  file("ofxstatement-lloyds__sample-statement.csv", async () => {
    const { entries, closings } = await parseFile("csv/ofxstatement-lloyds__sample-statement.csv", { account: { currency: "GBP" } });
    expect(entries).toHaveLength(12);
    expect(minors(entries).slice(0, 4)).toEqual([-899n, -479n, -597512n, 200000n]);
    expect(entries[0]).toMatchObject({ account: { id: "1515152252" }, details: { sortCode: "99-88-74", transactionType: "DEB" } });
    expect(closings.map(closing)).toEqual([["1515152252", 204059n, "GBP", "2024-01-15", 2]]);
  });

  file("ofxstatement-woolworthsmoney__woolworthsmoney.csv", async () => {
    const { entries } = await parseFile("csv/ofxstatement-woolworthsmoney__woolworthsmoney.csv", { account: { currency: "AUD" } });
    // The two 'Pending' rows have no date to book them on.
    expect(entries.map((e) => [e.line, e.bookingDate, e.amount.minor, e.status])).toEqual([
      [2, "2001-01-01", -1099n, "booked"],
      [5, "2015-10-19", -5473n, "booked"],
      [6, "2015-09-11", 314n, "booked"],
      [7, "2015-10-19", -1230n, "booked"],
    ]);
  });

  it("refuses invalid/ofxstatement-dutch__ing_fail.csv for the space before a quoted field", async () => {
    await expect(parseFile("invalid/ofxstatement-dutch__ing_fail.csv")).rejects.toEqual(
      new FileError('field 9 has a quote (") but does not start with one: a space before its opening quote, or its opening quote missing?', 3),
    );
  });

  it("checks every CSV file of the corpus", () => {
    expect(corpusFiles("csv/").filter((f) => !CHECKED.has(f))).toEqual([]);
  });
});
