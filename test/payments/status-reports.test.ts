import { beforeEach, describe, expect, it } from "vitest";
import { FormanceClient, paymentKey } from "../support/formance-client";
import { putInbox } from "../support/worker";
import { adminPayments, camt, envWith, MAIN, payment, runJob, servedAccounts, SUPPLIER } from "./support";

beforeEach(servedAccounts);

/** A pain.002 on a message: its group status and one status per end-to-end id. */
function pain002(messageId: string, transactions: [string, string][], groupStatus?: string): string {
  const tx = transactions.map(([e2e, status]) => `<TxInfAndSts><OrgnlEndToEndId>${e2e}</OrgnlEndToEndId><TxSts>${status}</TxSts></TxInfAndSts>`);
  return `<?xml version="1.0" encoding="UTF-8"?>
<Document xmlns="urn:iso:std:iso:20022:tech:xsd:pain.002.001.03"><CstmrPmtStsRpt>
<GrpHdr><MsgId>STS-${groupStatus ?? "TX"}</MsgId><CreDtTm>2026-11-22T10:00:00</CreDtTm></GrpHdr>
<OrgnlGrpInfAndSts><OrgnlMsgId>${messageId}</OrgnlMsgId><OrgnlMsgNmId>pain.001.001.03</OrgnlMsgNmId>${groupStatus ? `<GrpSts>${groupStatus}</GrpSts>` : ""}</OrgnlGrpInfAndSts>
${tx.length ? `<OrgnlPmtInfAndSts><OrgnlPmtInfId>${messageId}-1</OrgnlPmtInfId>${tx.join("")}</OrgnlPmtInfAndSts>` : ""}
</CstmrPmtStsRpt></Document>`;
}

/** Two payouts initiated as Formance does, each written to a pain.001: the message id of invoice-4711's. */
async function twoPayouts(formance: FormanceClient): Promise<string> {
  const env = envWith();
  expect((await formance.initiate("PAYOUT", payment(), env)).status).toBe(201);
  expect((await formance.initiate("PAYOUT", payment({ idempotencyKey: "invoice-4712" }), env)).status).toBe(201);
  await runJob();
  const listed = (await adminPayments()).find((p) => p.endToEndId === "invoice-4711");
  return listed!.file!.slice("outbox/".length, -".xml".length);
}

const statusOf = (formance: FormanceClient, key: string) => formance.payments.get(paymentKey("PAYOUT", key))?.adjustments.map((a) => a.status);

describe("pain.002 statuses beyond RJCT, as Formance reads them", () => {
  it("ACSC makes a payment SUCCEEDED; the statement's debit is then the same payment, not another; ACCP and a PART group leave it PENDING", async () => {
    const formance = new FormanceClient();
    const messageId = await twoPayouts(formance);
    await putInbox("main", "status.xml", pain002(messageId, [["invoice-4711", "ACSC"], ["invoice-4712", "ACCP"]], "PART"));
    await runJob();
    await formance.sync();
    expect(statusOf(formance, "invoice-4711")).toEqual(["PENDING", "PENDING", "SUCCEEDED"]);
    expect(formance.payments.get(paymentKey("PAYOUT", "invoice-4711"))?.metadata["bankStatus"]).toBe("ACSC");
    expect(formance.payments.get(paymentKey("PAYOUT", "invoice-4712"))?.status).toBe("PENDING");
    const before = formance.payments.size;

    await putInbox("main", "day.xml", camt(MAIN, [{ amount: "12.34", ref: "EXEC-7", endToEndId: "invoice-4711", party: { name: "Lieferant", iban: SUPPLIER } }]));
    await runJob();
    await formance.sync();
    expect(formance.payments.size).toBe(before);
    expect(statusOf(formance, "invoice-4711")).toEqual(["PENDING", "PENDING", "SUCCEEDED", "SUCCEEDED"]);
    expect(formance.payments.get(paymentKey("PAYOUT", "invoice-4711"))?.metadata["transactionId"]).toBe(`${MAIN}:ref:EXEC-7`);
    expect(formance.statusDowngrades()).toEqual([]);
    expect((await adminPayments()).find((p) => p.endToEndId === "invoice-4711")).toMatchObject({ status: "SUCCEEDED", transactionId: `${MAIN}:ref:EXEC-7` });
  });

  it("a group ACSC settles the payments of its message, no other; a return read later still fails it", async () => {
    const formance = new FormanceClient();
    const messageId = await twoPayouts(formance);
    await putInbox("main", "status.xml", pain002(messageId, [], "ACSC"));
    await runJob();
    await putInbox("main", "return.xml", camt(MAIN, [{ amount: "12.34", credit: true, ref: "RET-7", endToEndId: "invoice-4711", returnReason: "AC04" }]));
    await runJob();
    await formance.sync();
    expect(formance.payments.get(paymentKey("PAYOUT", "invoice-4712"))?.status).toBe("PENDING");
    expect(statusOf(formance, "invoice-4711")).toEqual(["PENDING", "PENDING", "SUCCEEDED", "FAILED"]);
    expect([...formance.payments.keys()].filter((key) => key.includes("RET-7"))).toEqual([]);
  });
});
