import { beforeEach, describe, expect, it } from "vitest";
import { FormanceClient, paymentKey } from "../support/formance-client";
import { ingest, putInbox, resetBucket } from "../support/worker";
import { camt, MAIN } from "../payments/support";

// A return or reversal in a bank file, through the whole ingestion, as Formance's connector sees
// it: the next state of the payment it undoes, one payment per bank payment, in each format.

/** A BAI2 file of one account and day: its 16 details as [type code, amount, customer reference, text]. */
function bai2(day: string, details: [string, number, string, string][]): string {
  const records = details.map(([code, amount, reference, text], i) => `16,${code},${amount},Z,B${day}${i},${reference},${text}/`);
  const account = ["03,4410012345,USD,010,1000000,,,/", ...records];
  const total = 1000000 + details.reduce((sum, [, amount]) => sum + amount, 0);
  const accountRecords = account.length + 1;
  return [
    `01,BANK,ACME,${day},0600,${day}A,,,2/`,
    `02,ACME,BANK,1,${day},,USD,2/`,
    ...account,
    `49,${total},${accountRecords}/`,
    `98,${total},1,${accountRecords + 2}/`,
    `99,${total},1,${accountRecords + 4}/`,
  ].join("\n") + "\n";
}

/** An MT940 statement of one account: its :61: lines, each with its :86:. */
function mt940(number: number, day: string, lines: [string, string][]): string {
  return [
    ":20:STMT" + number,
    ":25:NL91ABNA0417164300",
    `:28C:${number}/1`,
    `:60F:C${day}EUR1000,00`,
    ...lines.flatMap(([line, info]) => [`:61:${line}`, `:86:${info}`]),
    `:62F:C${day}EUR1000,00`,
    "-",
  ].join("\n") + "\n";
}

async function sync(): Promise<FormanceClient> {
  expect((await ingest()).status).toBe("completed");
  const formance = new FormanceClient();
  await formance.sync();
  expect(formance.failures).toEqual([]);
  expect(formance.typeChanges()).toEqual([]);
  expect(formance.statusDowngrades()).toEqual([]);
  return formance;
}

/** The statuses each payment went through, by the description of the entry that made it, and how many payments there are. */
function lifecycles(formance: FormanceClient): { statuses: Record<string, string>; payments: number } {
  const served = formance.transactions.latest();
  const statuses: Record<string, string> = {};
  for (const p of formance.payments.values()) {
    const description = (served.get(p.reference)?.metadata as Record<string, string>)["description"];
    statuses[`${p.type} ${description}`] = p.adjustments.map((a) => a.status).join(" -> ");
  }
  return { statuses, payments: formance.payments.size };
}

describe("returns and reversals in bank files reach Formance as the next state of the payment they undo", () => {
  beforeEach(resetBucket);

  it("BAI2: a returned item (566) fails the incoming transfer it sends back; an ACH reversal (258) fails the ACH debit", async () => {
    await putInbox("us", "0313.bai2", bai2("250313", [["195", 125000, "INV-0042", "INCOMING WIRE NORTHWIND"], ["451", 40000, "ACH-UTIL-7", "ACH DEBIT UTILITY CO"]]));
    await putInbox("us", "0320.bai2", bai2("250320", [["566", 125000, "INV-0042", "RETURN ITEM"], ["258", 40000, "ACH-UTIL-7", "ACH REVERSAL"]]));
    const { statuses, payments } = lifecycles(await sync());
    expect(statuses).toEqual({
      "PAYIN INCOMING WIRE NORTHWIND": "SUCCEEDED -> FAILED",
      "PAYOUT ACH DEBIT UTILITY CO": "SUCCEEDED -> FAILED",
    });
    expect(payments).toBe(2);
  });

  it("MT940: a Dutch return (/RTRN/) fails the payin; a reversal (RD) fails the payout it books back", async () => {
    await putInbox("nl", "0402.sta", mt940(1, "240402", [
      ["2404020402C250,00NTRFNONREF//B1", "/EREF/E2E-77/NAME/Kunde AG/REMI/Invoice 77"],
      ["2404020402D99,95NTRFINV-88//B2", "/NAME/Lieferant GmbH/REMI/Order 88"],
    ]));
    await putInbox("nl", "0405.sta", mt940(2, "240405", [
      ["2404050405D250,00NTRFNONREF//B3", "/RTRN/MD06/EREF/E2E-77/NAME/Kunde AG/REMI/Return"],
      ["2404050405RD99,95NMSCINV-88//B4", "/NAME/Lieferant GmbH/REMI/Reversal"],
    ]));
    const { statuses, payments } = lifecycles(await sync());
    expect(statuses).toEqual({ "PAYIN Invoice 77": "SUCCEEDED -> FAILED", "PAYOUT Order 88": "SUCCEEDED -> FAILED" });
    expect(payments).toBe(2);
  });

  it("CAMT.053: a reversed payin (RvslInd) is REFUNDED, a returned payout (RtrInf) FAILED, whatever files come between", async () => {
    const party = { name: "Kunde AG", iban: "DE02120300000000202051" };
    await putInbox("de", "1102.xml", camt(MAIN, [
      { amount: "40.00", credit: true, day: "2026-11-02", ref: "A1", endToEndId: "CARD-2231", party },
      { amount: "300.00", day: "2026-11-02", ref: "A2", endToEndId: "SUP-9", party },
    ]));
    await putInbox("de", "1110.xml", camt(MAIN, [{ amount: "12.00", credit: true, day: "2026-11-10", ref: "A3", endToEndId: "OTHER" }]));
    await putInbox("de", "1201.xml", camt(MAIN, [
      { amount: "40.00", day: "2026-12-01", ref: "A4", endToEndId: "CARD-2231", reversal: true, party },
      { amount: "300.00", credit: true, day: "2026-12-01", ref: "A5", endToEndId: "SUP-9", returnReason: "AC04", party },
    ]));
    const formance = await sync();
    const payin = formance.payments.get(paymentKey("PAYIN", `${MAIN}:ref:A1`))!;
    const payout = formance.payments.get(paymentKey("PAYOUT", `${MAIN}:ref:A2`))!;
    expect(payin.adjustments.map((a) => [a.reference, a.status])).toEqual([[`${MAIN}:ref:A1`, "SUCCEEDED"], [`${MAIN}:ref:A4`, "REFUNDED"]]);
    expect(payout.adjustments.map((a) => [a.reference, a.status])).toEqual([[`${MAIN}:ref:A2`, "SUCCEEDED"], [`${MAIN}:ref:A5`, "FAILED"]]);
    expect(payout.metadata).toMatchObject({ undoes: "return", returnReason: "AC04" });
    expect(formance.payments.size).toBe(3);
    // No statement balance was stated: none is served.
    expect(formance.balances.get(MAIN)!.balances).toEqual([]);
  });

  it("OFX: a correction that replaces a transaction changes the one payment; one that deletes it cancels it", async () => {
    const ofx = (day: string, balance: string, transactions: string) =>
      "OFXHEADER:100\nDATA:OFXSGML\nVERSION:102\nSECURITY:NONE\nENCODING:USASCII\nCHARSET:1252\nCOMPRESSION:NONE\nOLDFILEUID:NONE\nNEWFILEUID:NONE\n\n" +
      `<OFX><BANKMSGSRSV1><STMTTRNRS><TRNUID>1<STMTRS><CURDEF>USD<BANKACCTFROM><BANKID>021000021<ACCTID>42<ACCTTYPE>CHECKING</BANKACCTFROM>\n` +
      `<BANKTRANLIST>${transactions}</BANKTRANLIST><LEDGERBAL><BALAMT>${balance}<DTASOF>${day}</LEDGERBAL></STMTRS></STMTTRNRS></BANKMSGSRSV1></OFX>\n`;
    const stmttrn = (fields: string) => `<STMTTRN><TRNTYPE>DEBIT<DTPOSTED>20240105${fields}</STMTTRN>`;
    await putInbox("ofx", "jan-05.ofx", ofx("20240105", "500.00", stmttrn("<TRNAMT>-12.00<FITID>A1<NAME>Coffee") + stmttrn("<TRNAMT>-30.00<FITID>A2<NAME>Books")));
    await putInbox("ofx", "jan-06.ofx", ofx("20240106", "528.00",
      stmttrn("<TRNAMT>-14.00<FITID>B1<CORRECTFITID>A1<CORRECTACTION>REPLACE<NAME>Coffee") + stmttrn("<TRNAMT>-30.00<FITID>B2<CORRECTFITID>A2<CORRECTACTION>DELETE<NAME>Books")));
    const formance = await sync();
    const coffee = formance.payments.get(paymentKey("PAYOUT", "42:ref:A1"))!;
    const books = formance.payments.get(paymentKey("PAYOUT", "42:ref:A2"))!;
    expect(coffee.adjustments.map((a) => [a.status, a.amount])).toEqual([["SUCCEEDED", 1200n], ["SUCCEEDED", 1400n]]);
    expect(books.adjustments.map((a) => a.status)).toEqual(["SUCCEEDED", "CANCELLED"]);
    expect(formance.payments.size).toBe(2);
    expect(formance.balances.get("42")!.balances.map((b) => b.amount)).toEqual([52800n]);
  });

  it("read before the entry it undoes, a return stays a payment of its own, saying why, and stays so when read again", async () => {
    const party = { name: "Kunde AG", iban: "DE02120300000000202051" };
    await putInbox("de", "1201.xml", camt(MAIN, [{ amount: "300.00", credit: true, day: "2026-12-01", ref: "R1", endToEndId: "SUP-9", returnReason: "AC04", party }]));
    await ingest();
    await putInbox("de", "1102.xml", camt(MAIN, [{ amount: "300.00", day: "2026-11-02", ref: "P1", endToEndId: "SUP-9", party }]));
    const formance = await sync();
    const own = formance.payments.get(paymentKey("PAYIN", `${MAIN}:ref:R1`))!;
    expect(own.metadata["unlinkedReason"]).toMatch(/^no entry of the account with reference SUP-9 or counterparty account DE02120300000000202051 and amount 300\.00 EUR/);
    expect(formance.payments.get(paymentKey("PAYOUT", `${MAIN}:ref:P1`))!.status).toBe("SUCCEEDED");
    expect(formance.payments.size).toBe(2);
    // A later export states the return again: still its own payment, now saying the entry came after it.
    await putInbox("de", "1201-again.xml", camt(MAIN, [
      { amount: "300.00", credit: true, day: "2026-12-01", ref: "R1", endToEndId: "SUP-9", returnReason: "AC04", party },
      { amount: "1.00", credit: true, day: "2026-12-02", ref: "R2" },
    ]));
    expect((await ingest()).status).toBe("completed");
    await formance.sync();
    expect(formance.payments.get(paymentKey("PAYIN", `${MAIN}:ref:R1`))!.metadata["unlinkedReason"]).toBe(`it was served as a payment of its own before the entry it undoes (${MAIN}:ref:P1) was published`);
    expect(formance.payments.get(paymentKey("PAYIN", `${MAIN}:ref:R1`))!.adjustments.map((a) => a.status)).toEqual(["SUCCEEDED", "SUCCEEDED"]);
    expect(formance.payments.size).toBe(3);
    expect(formance.typeChanges()).toEqual([]);
  });
});
