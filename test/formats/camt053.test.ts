import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { looksLikeCamt053, parseCamt053 } from "../../src/formats/camt053";
import type { Profile } from "../../src/model/profile";
import { balances, bytesParser, continuity, entries, refusal, statements, textParser } from "../support/parsing";

const fixture = (name: string) => readFileSync(new URL(`../../fixtures/camt053/${name}`, import.meta.url));

const parse = textParser(parseCamt053, "statement.xml", "bank");
const parseFixture = (name: string, profile?: Profile) => bytesParser(parseCamt053, "statement.xml", "bank")(fixture(name), profile);
const refusalOfFixture = (name: string) => refusal(parseFixture(name));
const refusalOf = (xml: string) => refusal(parse(xml));

const eur = (minor: bigint) => ({ minor, currency: "EUR", exponent: 2 });
const usd = (minor: bigint) => ({ minor, currency: "USD", exponent: 2 });
const chf = (minor: bigint) => ({ minor, currency: "CHF", exponent: 2 });

describe("camt.053.001.02: two accounts, Sts as text", () => {
  const EUR_ACCOUNT = { id: "NL91ABNA0417164300", name: "Acme Trading B.V.", currency: "EUR", bank: "ABNANL2A" };
  const USD_ACCOUNT = { id: "0417164301", name: "Acme USD Account", currency: "USD", bank: undefined };

  it("starts one statement per Stmt, with its account", async () => {
    const events = await parseFixture("statement-v02.xml");
    const starts = events.flatMap((e) => (e.type === "statement" ? [e.statement] : []));
    expect(starts).toEqual([
      { line: 8, account: EUR_ACCOUNT, id: "EUR-2024-061" },
      { line: 146, account: USD_ACCOUNT, id: "USD-2024-061" },
    ]);
    expect(events.map((e) => e.type)).toEqual([
      "statement", "balance", "balance", "balance", "balance", "entry", "entry", "entry", "entry",
      "statement", "balance", "balance", "entry",
    ]);
  });

  it("maps balance codes to kinds, signed by CdtDbtInd", async () => {
    const found = balances(await parseFixture("statement-v02.xml"));
    expect(found.map((b) => [b.line, b.kind, b.code, b.amount, b.date, b.account.id])).toEqual([
      [26, "opening", "OPBD", eur(100000n), "2024-03-01", "NL91ABNA0417164300"],
      [32, "closing", "CLBD", eur(123356n), "2024-03-01", "NL91ABNA0417164300"],
      [38, "available", "CLAV", eur(115856n), "2024-03-01", "NL91ABNA0417164300"],
      [44, "forwardAvailable", "FWAV", eur(115856n), "2024-03-04", "NL91ABNA0417164300"],
      [157, "opening", "PRCD", usd(-25000n), "2024-02-29", "0417164301"],
      [163, "closing", "CLBD", usd(5000n), "2024-03-01", "0417164301"],
    ]);
    expect(found.filter((b) => b.time !== undefined)).toEqual([]);
  });

  it("maps entries: signs, status, reversal, references, counterparty, description", async () => {
    expect(entries(await parseFixture("statement-v02.xml"))).toEqual([
      {
        line: 50,
        account: EUR_ACCOUNT,
        bookingDate: "2024-03-01",
        valueDate: "2024-03-01",
        amount: eur(50000n),
        status: "booked",
        bankReference: "ABN-20240301-0001",
        uniqueReference: "ABN-20240301-0001",
        endToEndId: "INV-2024-017",
        description: "Invoice 2024-017 March delivery",
        counterparty: { name: "Globex Corporation", account: "DE89370400440532013000", bic: "COBADEFFXXX" },
        transactionCode: "PMNT/RCDT/ESCT",
      },
      {
        // A reversed credit: debited, and its counterparty is the original payer, not the holder.
        line: 83,
        account: EUR_ACCOUNT,
        bookingDate: "2024-03-01",
        valueDate: "2024-02-29",
        amount: eur(-12050n),
        status: "booked",
        reversal: true,
        undoes: "reversal",
        bankReference: "ABN-20240301-0002",
        uniqueReference: "ABN-20240301-0002",
        description: "Reversal of duplicate credit of 28 February",
        counterparty: { name: "Initech Ltd", account: "GB29NWBK60161331926819" },
        transactionCode: "PMNT/RCDT/ESCT",
      },
      {
        // Pending, without a booking date: booked on its value date.
        line: 112,
        account: EUR_ACCOUNT,
        bookingDate: "2024-03-02",
        valueDate: "2024-03-02",
        amount: eur(-7500n),
        status: "pending",
        bankReference: "ABN-20240301-0003",
        uniqueReference: "ABN-20240301-0003",
        description: "Card payment COFFEE CORNER AMSTERDAM",
      },
      {
        // NONREF is no reference; the creditor's Othr account number is trimmed.
        line: 121,
        account: EUR_ACCOUNT,
        bookingDate: "2024-03-01",
        valueDate: "2024-03-01",
        amount: eur(-14594n),
        status: "booked",
        endToEndId: "EN-88231",
        description: "Electricity February",
        counterparty: { name: "Energy Co", account: "12345678" },
        transactionCode: "DD-CORE",
        details: { mandateId: "MANDATE-0042" },
      },
      {
        // No BookgDt nor ValDt: the statement's creation day, as written in its own offset.
        line: 169,
        account: USD_ACCOUNT,
        bookingDate: "2024-03-01",
        amount: usd(30000n),
        status: "booked",
        bankReference: "USD-7781",
        uniqueReference: "USD-7781",
        description: "Wire from Hooli Inc",
        transactionCode: "WIRE-IN",
      },
    ]);
  });

  it("balances: opening + booked entries (not the pending one) == closing", async () => {
    const result = continuity(await parseFixture("statement-v02.xml"));
    expect(result.map((c) => [c.summary.accountId, c.summary.entries, c.summary.booked.minor, c.mismatch])).toEqual([
      ["NL91ABNA0417164300", 4, 23356n, undefined],
      ["0417164301", 1, 30000n, undefined],
    ]);
  });

  it("lets the profile name the account and fill what the file lacks", async () => {
    const profile: Profile = { account: { id: "OPERATING-EUR", name: "Ignored", currency: "GBP", bank: "MY BANK" } };
    const starts = statements(await parseFixture("statement-v02.xml", profile)).map((s) => s.account);
    expect(starts).toEqual([
      { id: "OPERATING-EUR", name: "Acme Trading B.V.", currency: "EUR", bank: "ABNANL2A" },
      { id: "OPERATING-EUR", name: "Acme USD Account", currency: "GBP", bank: "MY BANK" },
    ]);
  });
});

describe("camt.053.001.08: Sts/Cd, Pty/Nm, BICFI, DtTm, prefixed elements", () => {
  const ACCOUNT = { id: "CH9300762011623852957", name: "Muster AG", currency: "CHF", bank: "UBSWCHZH80A" };

  it("reads balances dated with DtTm: the day as written, the instant in UTC", async () => {
    const events = await parseFixture("statement-v08.xml");
    expect(events[0]).toEqual({ type: "statement", statement: { line: 8, account: ACCOUNT, id: "STMT-2024-03-08" } });
    expect(balances(events)).toEqual([
      { line: 26, account: ACCOUNT, kind: "opening", code: "OPBD", amount: chf(1000000n), date: "2024-03-08", time: "2024-03-07T23:00:00.000Z" },
      { line: 32, account: ACCOUNT, kind: "closing", code: "CLBD", amount: chf(1082535n), date: "2024-03-08", time: "2024-03-08T22:59:59.999Z" },
    ]);
  });

  it("maps entries", async () => {
    expect(entries(await parseFixture("statement-v08.xml"))).toEqual([
      {
        line: 38,
        account: ACCOUNT,
        bookingDate: "2024-03-08",
        bookingTime: "2024-03-07T23:30:00.000Z",
        valueDate: "2024-03-08",
        amount: chf(125000n),
        status: "booked",
        bankReference: "UBS-240308-001",
        uniqueReference: "UBS-240308-001",
        endToEndId: "E2E-5531",
        description: "RF18539007547034",
        counterparty: { name: "Helvetia Handels GmbH", account: "CH5604835012345678009", bic: "CRESCHZZ80A" },
        transactionCode: "PMNT/RCDT/DMCT",
        details: {
          instrId: "INSTR-1",
          txId: "TX-1",
          creditorReference: "RF18539007547034",
          proprietaryCode: "A10",
          transactionReference: "UBS-240308-001-T",
        },
      },
      {
        line: 80,
        account: ACCOUNT,
        bookingDate: "2024-03-08",
        bookingTime: "2024-03-08T13:05:09.123Z",
        valueDate: "2024-03-08",
        amount: chf(-42465n),
        status: "booked",
        bankReference: "UBS-240308-002",
        uniqueReference: "UBS-240308-002",
        description: "e-banking order",
        counterparty: { name: "Swisscom (Schweiz) AG", account: "CH4431999123000889012", bic: "POFICHBEXXX" },
      },
      {
        line: 100,
        account: ACCOUNT,
        bookingDate: "2024-03-11",
        amount: chf(-9900n),
        status: "info",
        bankReference: "UBS-240308-003",
        uniqueReference: "UBS-240308-003",
        description: "Standing order, executed on 11 March",
      },
    ]);
  });

  it("balances without the information-only entry", async () => {
    const [check] = continuity(await parseFixture("statement-v08.xml"));
    expect([check?.summary.entries, check?.summary.booked.minor, check?.mismatch]).toEqual([3, 82535n, undefined]);
  });
});

describe("batches (NtryDtls with several TxDtls)", () => {
  it("splits a batch whose transactions add up to the entry, and keeps the others whole", async () => {
    const found = entries(await parseFixture("batches.xml"));
    expect(
      found.map((e) => [e.line, e.amount.minor, e.bankReference, e.endToEndId, e.counterparty?.name, e.description, e.details]),
    ).toEqual([
      [44, 10000n, "BATCH-A/1", "MEMBER-1", "Anna Schmidt", "Membership April", { batchCount: "3", entryReference: "BATCH-A" }],
      [53, 20000n, "BATCH-A/2", "MEMBER-2", "Bernd Meyer", "Membership April, family", { batchCount: "3", entryReference: "BATCH-A" }],
      [62, 30000n, "BATCH-A/3", "MEMBER-3", "Clara Wagner", "Membership April, club", { batchCount: "3", entryReference: "BATCH-A" }],
      // 400.00 + 500.00 is not the 1000.00 booked: one entry, no transaction's details.
      [74, -100000n, "BATCH-B", undefined, undefined, "Salary batch March", { batchCount: "2" }],
      [103, -20000n, "C-1", undefined, "Office Rent GmbH", undefined, { batchCount: "2", entryReference: "BATCH-C" }],
      [109, -5000n, "C-2", undefined, "Cleaning Services", undefined, { batchCount: "2", entryReference: "BATCH-C" }],
      [125, 10000n, "BATCH-D/1", undefined, "Card acquirer", undefined, { batchCount: "2", entryReference: "BATCH-D" }],
      [130, -3000n, "BATCH-D/2", undefined, "Card acquirer", undefined, { batchCount: "2", entryReference: "BATCH-D" }],
    ]);
    // The unique reference (the id) is always the entry's AcctSvcrRef: a transaction's identifies the instruction.
    expect(found.map((e) => e.uniqueReference)).toEqual([
      "BATCH-A/1", "BATCH-A/2", "BATCH-A/3", "BATCH-B", "BATCH-C/C-1", "BATCH-C/C-2", "BATCH-D/1", "BATCH-D/2",
    ]);
    expect(found[0]?.counterparty).toEqual({ name: "Anna Schmidt", account: "DE02120300000000202051" });
    expect(found.filter((e) => e.transactionCode !== (e.line < 70 ? "PMNT/IDDT/ESDD" : undefined))).toEqual([]);
  });

  it("the split entries still add up to the closing balance", async () => {
    const [check] = continuity(await parseFixture("batches.xml"));
    expect([check?.summary.entries, check?.summary.booked.minor, check?.mismatch]).toEqual([8, -58000n, undefined]);
  });

  it("numbers the parts after the entry when transactions share a bank reference", async () => {
    const tx = (amount: string) =>
      `<TxDtls><Refs><AcctSvcrRef>SAME</AcctSvcrRef></Refs><Amt Ccy="EUR">${amount}</Amt></TxDtls>`;
    const found = entries(
      await parse(statement(ntry({ extra: `<AcctSvcrRef>E1</AcctSvcrRef><NtryDtls>${tx("7.00")}${tx("3.00")}</NtryDtls>` }))),
    );
    expect(found.map((e) => [e.amount.minor, e.bankReference, e.details?.["transactionReference"]])).toEqual([
      [700n, "E1/1", "SAME"],
      [300n, "E1/2", "SAME"],
    ]);
  });

  it("names no entry by a transaction's AcctSvcrRef alone: it identifies the instruction, which a return carries again", async () => {
    const tx = (ref: string, amount: string) => `<TxDtls><Refs><AcctSvcrRef>${ref}</AcctSvcrRef></Refs><Amt Ccy="EUR">${amount}</Amt></TxDtls>`;
    const single = entries(await parse(statement(ntry({ extra: `<NtryDtls>${tx("T-1", "10.00")}</NtryDtls>` }))));
    const split = entries(await parse(statement(ntry({ extra: `<NtryDtls>${tx("T-1", "7.00")}${tx("T-2", "3.00")}</NtryDtls>` }))));
    expect([...single, ...split].map((e) => [e.bankReference, e.uniqueReference])).toEqual([
      ["T-1", undefined],
      ["T-1", undefined],
      ["T-2", undefined],
    ]);
  });
});

describe("counterparty", () => {
  // A credit whose debtor side the bank filled with the account holder itself (a return, say).
  const parties =
    "<NtryDtls><TxDtls><RltdPties>" +
    "<Dbtr><Nm>Acme Trading B.V.</Nm></Dbtr><DbtrAcct><Id><IBAN>NL91ABNA0417164300</IBAN></Id></DbtrAcct>" +
    "<Cdtr><Nm>Umbrella plc</Nm></Cdtr><CdtrAcct><Id><IBAN>GB33BUKB20201555555555</IBAN></Id></CdtrAcct>" +
    "</RltdPties></TxDtls></NtryDtls>";
  const xml = statement(ntry({ extra: parties }));
  const expected = { name: "Umbrella plc", account: "GB33BUKB20201555555555" };

  it("is never the account holder, even when the profile renames the account", async () => {
    expect(entries(await parse(xml))[0]?.counterparty).toEqual(expected);
    const renamed = entries(await parse(xml, { account: { id: "OPERATING" } }));
    expect([renamed[0]?.account.id, renamed[0]?.counterparty]).toEqual(["OPERATING", expected]);
  });
});

describe("booking date and time", () => {
  const booked = async (dateTime: string) => {
    const xml = statement(`<Ntry><Amt Ccy="EUR">1.00</Amt><CdtDbtInd>CRDT</CdtDbtInd><BookgDt><DtTm>${dateTime}</DtTm></BookgDt></Ntry>`);
    const [entry] = entries(await parse(xml));
    return [entry?.bookingDate, entry?.bookingTime];
  };

  it("keeps the day as written and the instant in UTC, to the millisecond", async () => {
    expect(await booked("2023-07-06T10:27:07.213294607Z")).toEqual(["2023-07-06", "2023-07-06T10:27:07.213Z"]);
    expect(await booked("2024-01-01T00:15:00-05:00")).toEqual(["2024-01-01", "2024-01-01T05:15:00.000Z"]);
  });

  it("gives no instant for a time without a zone", async () => {
    expect(await booked("2019-06-12T23:30:00")).toEqual(["2019-06-12", undefined]);
  });
});

describe("streaming", () => {
  it("gives the same events whatever the chunk size", async () => {
    const text = fixture("statement-v02.xml").toString("utf8");
    const whole = await parse(text);
    for (const size of [1, 7, 100]) expect(await parse(text, undefined, size)).toEqual(whole);
  });

  it("yields an entry as soon as its Ntry closes, before the rest of the file is read", async () => {
    const text = fixture("statement-v02.xml").toString("utf8");
    const firstNtryEnd = text.indexOf("</Ntry>") + "</Ntry>".length;
    let fed = 0;
    async function* chunks() {
      for (let i = 0; i < text.length; i += 50) {
        fed = i + 50;
        yield text.slice(i, i + 50);
      }
    }
    let fedAtFirstEntry = Infinity;
    for await (const event of parseCamt053(chunks(), { fileName: "f", source: "s" })) {
      if (event.type !== "entry") continue;
      fedAtFirstEntry = fed;
      break;
    }
    expect(fedAtFirstEntry).toBeLessThan(firstNtryEnd + 50);
  });
});

describe("hostile and broken files", () => {
  it("refuses a DTD, so an entity bomb never expands", async () => {
    expect((await refusalOfFixture("hostile-entity-bomb.xml")).message).toBe(
      "line 13: DTDs are not allowed in statements (the file has a <!DOCTYPE>)",
    );
  });

  it("refuses a DTD declaring an external entity", async () => {
    expect((await refusalOfFixture("hostile-external-entity.xml")).message).toBe(
      "line 4: DTDs are not allowed in statements (the file has a <!DOCTYPE>)",
    );
  });

  it("refuses an entity that no DTD declares", async () => {
    expect((await refusalOf(statement(ntry({ extra: "<AddtlNtryInf>&xxe;</AddtlNtryInf>" })))).message).toBe(
      "line 4: the file is not well-formed XML: undefined entity.",
    );
  });

  it("refuses 10,000 nesting levels at level 65", async () => {
    expect((await refusalOfFixture("hostile-deep-nesting.xml")).message).toBe(
      "line 5: elements are nested more than 64 levels deep: not a bank statement",
    );
  });

  it("refuses a text node longer than 1 MB before buffering much more of it", async () => {
    const huge = `<AddtlNtryInf>${"A".repeat(1024 * 1024 + 1)}</AddtlNtryInf>`;
    expect((await refusalOf(statement(ntry({ extra: huge })))).message).toBe(
      "line 4: the file has more than 1048576 characters in a single XML text, tag or comment: not a bank statement",
    );
  });

  it("refuses a truncated document, naming the unclosed element", async () => {
    expect((await refusalOfFixture("truncated.xml")).message).toBe(
      "line 122: the file is not well-formed XML: unclosed tag: Amt",
    );
  });

  it("refuses an empty file and a file that is not XML", async () => {
    expect((await refusalOf("")).message).toBe("line 1: the file is not well-formed XML: document must contain a root element.");
    expect((await refusalOf(":20:STARTUMS\n:25:10020030/1234567\n")).message).toBe(
      "line 3: the file is not well-formed XML: text data outside of root node.",
    );
  });

  it("refuses other ISO 20022 messages, saying what it found", async () => {
    const pain = '<Document xmlns="urn:iso:std:iso:20022:tech:xsd:pain.001.001.03">\n<CstmrCdtTrfInitn/>\n</Document>';
    expect((await refusalOf(pain)).message).toBe(
      "line 2: the file is XML but not a camt.052, camt.053 or camt.054 bank-to-customer message: found <CstmrCdtTrfInitn> in <Document> " +
        '(namespace "urn:iso:std:iso:20022:tech:xsd:pain.001.001.03"), expected <BkToCstmrStmt>, <BkToCstmrAcctRpt> or <BkToCstmrDbtCdtNtfctn> in <Document>',
    );
    expect((await refusalOf('<Invoice xmlns="urn:oasis:names:specification:ubl:schema:xsd:Invoice-2"/>')).message).toBe(
      "line 1: the file is XML but not a camt.052, camt.053 or camt.054 bank-to-customer message: found <Invoice> " +
        '(namespace "urn:oasis:names:specification:ubl:schema:xsd:Invoice-2"), expected <BkToCstmrStmt>, <BkToCstmrAcctRpt> or <BkToCstmrDbtCdtNtfctn> in <Document>',
    );
  });

  it("reads a camt.054 notification as its kind: one without any notification has nothing to import", async () => {
    expect((await refusalOfFixture("notification-camt054.xml")).message).toBe(
      "line 9: the camt.054 document contains no notification (<Ntfctn>): there is nothing to import",
    );
  });

  it("refuses a message without any statement", async () => {
    const empty = '<Document xmlns="urn:iso:std:iso:20022:tech:xsd:camt.053.001.02">\n<BkToCstmrStmt>\n</BkToCstmrStmt>\n</Document>';
    expect((await refusalOf(empty)).message).toBe(
      "line 4: the camt.053 document contains no statement (<Stmt>): there is nothing to import",
    );
  });
});

describe("values the parser refuses", () => {
  const cases: [string, string, string][] = [
    ["a comma amount", statement(ntry({ amount: "1,50" })), 'line 4: entry amount "1,50" is not a number with decimal separator "."'],
    ["a signed amount", statement(ntry({ amount: "-5.00" })), 'line 4: entry amount "-5.00" is not a number with decimal separator "."'],
    ["an empty amount", statement(ntry({ amount: "" })), 'line 4: entry amount "" is not a number with decimal separator "."'],
    ["a dot alone", statement(ntry({ amount: "." })), 'line 4: entry amount "." is not a number with decimal separator "."'],
    ["two dots", statement(ntry({ amount: "1.2.3" })), 'line 4: entry amount "1.2.3" is not a number with decimal separator "."'],
    ["a non-ASCII digit", statement(ntry({ amount: "1\u0661.00" })), 'line 4: entry amount "1\u0661.00" is not a number with decimal separator "."'],
    ["too many decimals", statement(ntry({ amount: "5.001" })), 'line 4: entry: amount "5.001" has more decimals than EUR allows (2)'],
    ["an unknown currency", statement(ntry({ currency: "XXX" })), 'line 4: entry: unknown currency code "XXX"'],
    ["no amount", statement(ntry({ amount: undefined })), "line 4: entry has no amount (<Amt>)"],
    ["no direction", statement(ntry({ direction: "" })), "line 4: entry needs CdtDbtInd CRDT or DBIT, found none"],
    ["a wrong direction", statement(ntry({ direction: "<CdtDbtInd>CR</CdtDbtInd>" })), 'line 4: entry needs CdtDbtInd CRDT or DBIT, found "CR"'],
    ["an impossible date", statement(ntry({ booked: "2024-02-30" })), 'line 4: entry booking date "2024-02-30" is not a date (YYYY-MM-DD)'],
    ["an unknown status", statement(ntry({ status: "<Sts><Cd>HOLD</Cd></Sts>" })), 'line 4: entry status "HOLD" is not BOOK, PDNG, INFO or FUTR'],
    [
      "a bad date-time",
      statement(ntry({ extra: "<ValDt><DtTm>2024-03-01 10:00</DtTm></ValDt>" })),
      'line 4: entry value date "2024-03-01 10:00" is not a date and time (YYYY-MM-DDThh:mm:ss)',
    ],
    [
      "an account without id",
      statement(ntry({}), "<Acct><Ccy>EUR</Ccy></Acct>"),
      "line 3: the statement names no account (Acct/Id/IBAN or Acct/Id/Othr/Id)",
    ],
    [
      "a balance without type",
      statement('<Bal><Amt Ccy="EUR">1.00</Amt><CdtDbtInd>CRDT</CdtDbtInd><Dt><Dt>2024-03-01</Dt></Dt></Bal>'),
      "line 4: balance has no type (Tp/CdOrPrtry/Cd)",
    ],
  ];
  it.each(cases)("%s", async (_, xml, message) => {
    expect((await refusalOf(xml)).message).toBe(message);
  });

  it("reads an amount as xs:decimal writes it: without units or without a fraction after its dot", async () => {
    for (const [amount, minor] of [[".5", 50n], ["5.", 500n], ["007", 700n], ["5.10", 510n]] as const) {
      expect(entries(await parse(statement(ntry({ amount }))))[0]!.amount, amount).toEqual(eur(minor));
    }
  });
});

describe("looksLikeCamt053", () => {
  it("recognises camt.053 by namespace or by its message element", () => {
    expect(looksLikeCamt053(fixture("statement-v02.xml").toString("utf8").slice(0, 4096))).toBe(true);
    expect(looksLikeCamt053('\uFEFF<Document xmlns="urn:iso:std:iso:20022:tech:xsd:camt.053.001.13">')).toBe(true);
    expect(looksLikeCamt053("<Document>\n  <BkToCstmrStmt>\n")).toBe(true);
    expect(looksLikeCamt053("<c:Document xmlns:c='urn:x'><c:BkToCstmrStmt>")).toBe(true);
  });

  it("recognises camt.052 and camt.054, which it reads too", () => {
    expect(looksLikeCamt053(fixture("notification-camt054.xml").toString("utf8"))).toBe(true);
    expect(looksLikeCamt053("<Document>\n  <BkToCstmrAcctRpt>\n")).toBe(true);
  });

  it("rejects other XML messages and other formats", () => {
    expect(looksLikeCamt053('<Document xmlns="urn:iso:std:iso:20022:tech:xsd:pain.002.001.03"><CstmrPmtStsRpt>')).toBe(false);
    expect(looksLikeCamt053(":20:STARTUMS\n:25:10020030/1234567\n:28C:1/1 camt.053.001.02")).toBe(false);
    expect(looksLikeCamt053("Date;Amount;Text\n2024-03-01;1,00;camt.053\n")).toBe(false);
  });
});

/** A one-statement camt.053.001.02 document: declaration on line 1, the account on line 3, `body` on line 4. */
function statement(body: string, acct = "<Acct><Id><IBAN>NL91ABNA0417164300</IBAN></Id><Ccy>EUR</Ccy></Acct>"): string {
  return (
    '<?xml version="1.0" encoding="UTF-8"?>\n' +
    '<Document xmlns="urn:iso:std:iso:20022:tech:xsd:camt.053.001.02"><BkToCstmrStmt><Stmt><Id>S-1</Id><CreDtTm>2024-03-01T10:00:00Z</CreDtTm>\n' +
    `${acct}\n${body}\n</Stmt></BkToCstmrStmt></Document>\n`
  );
}

interface NtryParts {
  amount?: string | undefined;
  currency?: string;
  direction?: string;
  status?: string;
  booked?: string;
  extra?: string;
}

/** One Ntry on one line; each part can be replaced to break it. */
function ntry(parts: NtryParts): string {
  const { currency = "EUR", direction = "<CdtDbtInd>CRDT</CdtDbtInd>", status = "<Sts>BOOK</Sts>", booked = "2024-03-01" } = parts;
  const amount = "amount" in parts ? parts.amount : "10.00";
  const amt = amount === undefined ? "" : `<Amt Ccy="${currency}">${amount}</Amt>`;
  return `<Ntry>${amt}${direction}${status}<BookgDt><Dt>${booked}</Dt></BookgDt>${parts.extra ?? ""}</Ntry>`;
}
