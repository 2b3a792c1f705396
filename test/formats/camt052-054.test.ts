import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { looksLikeCamt053, parseCamt053 } from "../../src/formats/camt053";
import { detectFormat } from "../../src/ingest/detect";
import { balances, bytesParser, entries, refusal, statements, textParser } from "../support/parsing";

const fixture = (folder: string, name: string) => readFileSync(new URL(`../../fixtures/${folder}/${name}`, import.meta.url));
const parseFixture = (folder: string, name: string) => bytesParser(parseCamt053, name, "bank")(fixture(folder, name));
const parse = textParser(parseCamt053, "report.xml", "bank");

/** A one-report camt.052.001.02 with `ntry` in it; the Ntry on line 4. */
const report = (ntry: string) =>
  '<Document xmlns="urn:iso:std:iso:20022:tech:xsd:camt.052.001.02"><BkToCstmrAcctRpt><GrpHdr><MsgId>M</MsgId></GrpHdr>\n' +
  "<Rpt><Id>R</Id><CreDtTm>2024-03-08T12:00:00</CreDtTm>\n<Acct><Id><IBAN>DE89370400440532013000</IBAN></Id><Ccy>EUR</Ccy></Acct>\n" +
  `${ntry}\n</Rpt></BkToCstmrAcctRpt></Document>\n`;
const ntry = (status: string) =>
  `<Ntry><Amt Ccy="EUR">1.00</Amt><CdtDbtInd>CRDT</CdtDbtInd>${status}<BookgDt><Dt>2024-03-08</Dt></BookgDt><AcctSvcrRef>R1</AcctSvcrRef></Ntry>`;

describe("camt.052 (intraday account report) through the camt.053 reader", () => {
  it("reads .001.02: a report per Rpt, entries booked, pending or information as Sts says, the interim balance", async () => {
    const events = await parseFixture("camt052", "report-v02.xml");
    expect(statements(events)).toEqual([
      { line: 8, id: "RPT-20240308-1200-1", account: { id: "DE89370400440532013000", name: "Beispiel GmbH", currency: "EUR", bank: undefined } },
    ]);
    expect(entries(events).map((e) => [e.status, e.amount.minor, e.uniqueReference, e.endToEndId, e.description])).toEqual([
      ["booked", 12000n, "2024030800017", "INV-2024-118", "Rechnung 2024-118"],
      ["pending", -7550n, "2024030800018", undefined, "Lastschrift Stadtwerke"],
      ["info", 100000n, "2024030800019", undefined, "Avis: Eingang erwartet"],
    ]);
    expect(balances(events).map((b) => [b.kind, b.code, b.amount.minor, b.date, b.time])).toEqual([
      ["interimClosing", "ITBD", 512000n, "2024-03-08", "2024-03-08T11:00:00.000Z"],
    ]);
  });

  it("reads .001.08: Sts/Cd, booking times, a report without balances", async () => {
    const events = await parseFixture("camt052", "report-v08.xml");
    expect(statements(events)[0]).toMatchObject({ id: "INTRADAY-0815-CHF", account: { id: "CH9300762011623852957", currency: "CHF", bank: "UBSWCHZH80A" } });
    expect(entries(events).map((e) => [e.status, e.amount.minor, e.bookingTime, e.counterparty?.name])).toEqual([
      ["pending", -25000n, "2024-03-08T13:02:00.000Z", "Lieferant Zürich AG"],
      ["booked", 300000n, "2024-03-08T08:15:00.000Z", undefined],
    ]);
    expect(balances(events)).toEqual([]);
  });

  it("takes a report's entry without Sts as pending: an intraday report books nothing on its own", async () => {
    expect(entries(await parse(report(ntry(""))))[0]!.status).toBe("pending");
    expect(entries(await parse(report(ntry("<Sts>BOOK</Sts>"))))[0]!.status).toBe("booked");
  });

  it("refuses a report without any Rpt", async () => {
    const empty = '<Document xmlns="urn:iso:std:iso:20022:tech:xsd:camt.052.001.08">\n<BkToCstmrAcctRpt><GrpHdr><MsgId>M</MsgId></GrpHdr>\n</BkToCstmrAcctRpt>\n</Document>';
    expect((await refusal(parse(empty))).message).toBe("line 4: the camt.052 document contains no report (<Rpt>): there is nothing to import");
  });
});

describe("camt.054 (debit and credit notification) through the camt.053 reader", () => {
  it("reads .001.02: a batch split into its transactions, an entry without Sts booked, no balances", async () => {
    const events = await parseFixture("camt054", "notification-v02.xml");
    expect(statements(events)).toEqual([
      { line: 8, id: "NTF-20240308-01-1", account: { id: "NL91ABNA0417164300", name: undefined, currency: "EUR", bank: undefined } },
    ]);
    expect(entries(events).map((e) => [e.status, e.amount.minor, e.uniqueReference, e.endToEndId, e.counterparty?.name])).toEqual([
      ["booked", -10000n, "ABN-NTF-5501/T1", "SAL-03-001", "J. Jansen"],
      ["booked", -20000n, "ABN-NTF-5501/T2", "SAL-03-002", "P. de Vries"],
      ["booked", 4995n, "ABN-NTF-5502", undefined, undefined],
    ]);
    expect(balances(events)).toEqual([]);
  });

  it("reads .001.08 with a namespace prefix", async () => {
    const events = await parseFixture("camt054", "notification-v08.xml");
    expect(entries(events)).toHaveLength(1);
    expect(entries(events)[0]).toMatchObject({
      status: "booked",
      bookingDate: "2024-03-08",
      amount: { minor: 48000n, currency: "CHF" },
      uniqueReference: "UBS-QRR-240308-9",
      endToEndId: "QRR-000000000000000000000000018",
      counterparty: { name: "Müller Treuhand" },
    });
  });
});

describe("detection", () => {
  it.each([
    ["camt052", "report-v02.xml"],
    ["camt052", "report-v08.xml"],
    ["camt054", "notification-v02.xml"],
    ["camt054", "notification-v08.xml"],
  ])("%s/%s is read by the camt reader", (folder, name) => {
    const head = fixture(folder, name).toString("utf8").slice(0, 4096);
    expect(looksLikeCamt053(head)).toBe(true);
    expect(detectFormat(head)).toBe("camt053");
  });
});
