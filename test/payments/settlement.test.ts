import { beforeEach, describe, expect, it } from "vitest";
import type { Transaction } from "../../src/model/contract";
import { readSettings } from "../../src/settings";
import { ConnectorClient, type Item } from "../support/connector-client";
import { readPain001, summarise } from "../support/pain001";
import { runIngestion } from "../../src/ingestion";
import { putInbox, testEnv } from "../support/worker";
import { adminPayments, camt, type CamtEntry, ENABLED, MAIN, outboxText, payment, post, runJob, SAVINGS, servedAccounts, SUPPLIER, today } from "./support";

beforeEach(servedAccounts);

/** Posts as the connector does and returns the payment it answers with. */
async function initiate(path: "/payouts" | "/transfers", body: Record<string, unknown>) {
  const response = await post(path, body);
  expect(response.status).toBe(201);
  return (await response.json()) as { id: string; status: string; createdAt: string };
}

/** Every version the connector received of one id, in order. */
const versions = (client: ConnectorClient, id: string) => client.delivered.filter((t) => t.id === id).map((t) => t.status);
const ids = (client: ConnectorClient) => client.delivered.map((t: Item) => t.id);

describe("a payout executed by the bank", () => {
  it("is written as pain.001, published PENDING, then SUCCEEDED under the same id when the CAMT.053 shows it, once", async () => {
    const client = new ConnectorClient("/transactions", "updatedAt");
    await client.sync();
    const payout = await initiate("/payouts", payment());
    expect(payout.status).toBe("PENDING");

    const [listed] = await adminPayments();
    expect(listed).toMatchObject({ id: payout.id, status: "PENDING", endToEndId: "invoice-4711", amount: "1234", decimal: "12.34", currency: "EUR/2" });
    const file = summarise(await readPain001(await outboxText(listed!.file!)));
    expect(file).toMatchObject({ count: "1", controlSum: "12.34" });
    expect(file.instructions[0]).toMatchObject({ debtorIban: MAIN, count: "1", controlSum: "12.34" });
    expect(file.instructions[0]!.transfers).toEqual([
      { endToEndId: "invoice-4711", amount: "12.34", currency: "EUR", creditorName: "Lieferant & Söhne <Ærø>", creditorIban: SUPPLIER, remittance: "Invoice 4711" },
    ]);

    await runJob();
    await client.sync();
    expect(versions(client, payout.id)).toEqual(["PENDING"]);

    const execution = camt(MAIN, [{ amount: "12.34", ref: "EXEC-1", endToEndId: "invoice-4711", party: { name: "Lieferant", iban: SUPPLIER } }]);
    await putInbox("main", "statement-1.xml", execution);
    await runJob();
    await client.sync();
    expect(versions(client, payout.id)).toEqual(["PENDING", "SUCCEEDED"]);
    const settled = client.latest().get(payout.id) as unknown as Transaction;
    expect(settled).toMatchObject({ type: "PAYOUT", amount: "1234", currency: "EUR/2", sourceAccountID: MAIN, destinationAccountID: SUPPLIER, createdAt: payout.createdAt });
    // Formance filed the POST's answer under the idempotency key: every version adjusts that payment.
    expect(client.delivered.filter((t) => t.id === payout.id).map((t) => [t["relatedTransactionID"], t["type"]])).toEqual([
      ["invoice-4711", "PAYOUT"],
      ["invoice-4711", "PAYOUT"],
    ]);
    expect(settled.metadata).toMatchObject({ transactionId: `${MAIN}:ref:EXEC-1`, bankReference: "EXEC-1", idempotencyKey: "invoice-4711" });
    expect(ids(client)).not.toContain(`${MAIN}:ref:EXEC-1`);

    // The same entry again, in a later file that overlaps the first: nothing new for it.
    const overlap = camt(MAIN, [
      { amount: "12.34", ref: "EXEC-1", endToEndId: "invoice-4711", party: { name: "Lieferant", iban: SUPPLIER } },
      { amount: "3.00", ref: "FEE-1" },
    ]);
    await putInbox("main", "statement-2.xml", overlap);
    await runJob();
    await client.sync();
    expect(versions(client, payout.id)).toEqual(["PENDING", "SUCCEEDED"]);
    expect(ids(client)).not.toContain(`${MAIN}:ref:EXEC-1`);
    expect(ids(client)).toContain(`${MAIN}:ref:FEE-1`);
    expect((await adminPayments())[0]).toMatchObject({ status: "SUCCEEDED", transactionId: `${MAIN}:ref:EXEC-1` });
  });
});

describe("a transfer between two own accounts", () => {
  it("settles with its debit leg; the credit leg stays its own bank entry, an adjustment of the transfer", async () => {
    const client = new ConnectorClient("/transactions", "updatedAt");
    const transfer = await initiate("/transfers", payment({ idempotencyKey: "sweep-2026-11", amount: "50000", destinationAccountId: SAVINGS, description: "Sweep" }));
    const [listed] = await adminPayments();
    expect(listed).toMatchObject({ type: "TRANSFER", destinationId: SAVINGS });
    const file = summarise(await readPain001(await outboxText(listed!.file!)));
    expect(file.instructions[0]!.transfers[0]).toMatchObject({ endToEndId: "sweep-2026-11", amount: "500.00", creditorIban: SAVINGS });

    await runJob();
    await client.sync();
    expect(versions(client, transfer.id)).toEqual(["PENDING"]);
    await putInbox("main", "out.xml", camt(MAIN, [{ amount: "500.00", ref: "OUT-9", endToEndId: "sweep-2026-11", party: { name: "Acme", iban: SAVINGS } }]));
    await putInbox("savings", "in.xml", camt(SAVINGS, [{ amount: "500.00", credit: true, ref: "IN-9", endToEndId: "sweep-2026-11", party: { name: "Acme", iban: MAIN } }]));
    await runJob();
    await client.sync();
    expect(versions(client, transfer.id)).toEqual(["PENDING", "SUCCEEDED"]);
    expect(client.latest().get(transfer.id)).toMatchObject({ type: "TRANSFER", sourceAccountID: MAIN, destinationAccountID: SAVINGS });
    expect(ids(client)).not.toContain(`${MAIN}:ref:OUT-9`);
    const credit = client.latest().get(`${SAVINGS}:ref:IN-9`) as unknown as Transaction;
    expect(credit).toMatchObject({ type: "TRANSFER", status: "SUCCEEDED", destinationAccountID: SAVINGS, relatedTransactionID: "sweep-2026-11" });
    expect(credit.metadata?.["transferId"]).toBe(transfer.id);
    expect(client.latest().get(transfer.id)).toMatchObject({ relatedTransactionID: "sweep-2026-11" });
  });
});

/** The id of an entry named by day and fingerprint: MT940 and BAI2 references promise no uniqueness. */
const FINGERPRINT_ID = new RegExp(`^${MAIN}:\\d{4}-\\d{2}-\\d{2}:[0-9a-f]{16}$`);

/** An MT940 statement of MAIN with one entry line and its :86: text. */
function mt940(line61: string, line86: string): string {
  const day = today().slice(2).replace(/-/g, "");
  return [
    ":20:STMT-1", `:25:${MAIN}`, ":28C:1/1", `:60F:C${day}EUR1000,00`,
    `:61:${day}${day.slice(2)}${line61}`, `:86:${line86}`,
    `:62F:C${day}EUR987,66`, "-",
  ].join("\r\n");
}

describe("an MT940 statement", () => {
  it.each([
    ["the :61: customer reference", "INV-2026-0042", "DR12,34NTRFINV-2026-0042//B-77", "Lieferant invoice"],
    ["EREF+ in :86:", "lieferung-2026-11-22-001", "DR12,34N116NONREF//B-77", "116?00SEPA-UEBERWEISUNG?20EREF+lieferung-2026-11-22-001?21SVWZ+Rechnung?32Lieferant"],
  ])("settles a payout by %s", async (_how, key, line61, line86) => {
    const client = new ConnectorClient("/transactions", "updatedAt");
    const payout = await initiate("/payouts", payment({ idempotencyKey: key }));
    await runJob();
    await putInbox("main", "day.sta", mt940(line61, line86));
    await runJob();
    // The same entry in another export of the day: already settled, by its id (day, amount and text: MT940 references are not unique).
    await putInbox("main", "day-again.sta", mt940(line61, line86).replace(":20:STMT-1", ":20:STMT-2"));
    await runJob();
    await client.sync();
    expect(versions(client, payout.id)).toEqual(["PENDING", "SUCCEEDED"]);
    const [settled] = await adminPayments();
    expect(settled).toMatchObject({ status: "SUCCEEDED", transactionId: expect.stringMatching(FINGERPRINT_ID) });
    expect(ids(client)).not.toContain(settled!.transactionId);
  });
});

describe("a statement read over several runs", () => {
  it("settles the payment once, whichever step reads its entry", async () => {
    const client = new ConnectorClient("/transactions", "updatedAt");
    const payout = await initiate("/payouts", payment());
    await runJob();
    const entries: CamtEntry[] = Array.from({ length: 24 }, (_, i) => ({ amount: `${i + 1}.00`, ref: `FILL-${i}` }));
    entries.splice(13, 0, { amount: "12.34", ref: "EXEC-7", endToEndId: "invoice-4711" });
    await putInbox("main", "long.xml", camt(MAIN, entries));
    let runs = 0;
    while ((await runIngestion(testEnv.STATEMENTS, { budgetMs: 60_000, maxEventsPerStep: 4, payments: readSettings(ENABLED) })).status !== "completed") runs++;
    expect(runs).toBeGreaterThan(3);
    await client.sync();
    expect(versions(client, payout.id)).toEqual(["PENDING", "SUCCEEDED"]);
    expect(ids(client)).not.toContain(`${MAIN}:ref:EXEC-7`);
    expect(ids(client).filter((id) => id.includes(":ref:FILL-"))).toHaveLength(24);
  });
});

describe("a BAI2 file", () => {
  it("settles a payout by the 16 record's customer reference", async () => {
    const client = new ConnectorClient("/transactions", "updatedAt");
    const payout = await initiate("/payouts", payment({ idempotencyKey: "INV-BAI-1" }));
    await runJob();
    const day = today().slice(2).replace(/-/g, "");
    const bai2 = [
      `01,SENDER,ACME,${day},0615,1,,,2/`, `02,ACME,DEUTDEFF,1,${day},1030,EUR,3/`,
      `03,${MAIN},,010,1000000,,,015,998766,,/`, "16,455,1234,Z,BANKREF-9,INV-BAI-1,PAYMENT LIEFERANT/",
      "49,2000000,3/", "98,2000000,1,5/", "99,2000000,1,7/",
    ].join("\n");
    await putInbox("main", "day.bai2", bai2);
    await runJob();
    await client.sync();
    expect(versions(client, payout.id)).toEqual(["PENDING", "SUCCEEDED"]);
    const [settled] = await adminPayments();
    expect(settled).toMatchObject({ status: "SUCCEEDED", transactionId: expect.stringMatching(FINGERPRINT_ID) });
    expect(ids(client)).not.toContain(settled!.transactionId);
  });
});

describe("an entry without reference", () => {
  it("settles the oldest pending payout of the same amount to the same IBAN booked within the window", async () => {
    const client = new ConnectorClient("/transactions", "updatedAt");
    const first = await initiate("/payouts", payment({ idempotencyKey: "rent-11" }));
    const second = await initiate("/payouts", payment({ idempotencyKey: "rent-12" }));
    await runJob();
    await putInbox("main", "day.xml", camt(MAIN, [{ amount: "12.34", ref: "NOREF-1", party: { name: "Lieferant", iban: SUPPLIER } }]));
    await runJob();
    await client.sync();
    expect(versions(client, first.id)).toEqual(["PENDING", "SUCCEEDED"]);
    expect(versions(client, second.id)).toEqual(["PENDING"]);
    expect(ids(client)).not.toContain(`${MAIN}:ref:NOREF-1`);
  });

  it("is its own transaction when no pending payout fits (another amount, or booked outside the window)", async () => {
    const client = new ConnectorClient("/transactions", "updatedAt");
    const payout = await initiate("/payouts", payment({ idempotencyKey: "rent-13" }));
    await runJob();
    const late = new Date(Date.now() + 11 * 86_400_000).toISOString().slice(0, 10);
    await putInbox("main", "day.xml", camt(MAIN, [
      { amount: "12.35", ref: "OTHER-1", party: { name: "Lieferant", iban: SUPPLIER } },
      { amount: "12.34", ref: "LATE-1", day: late, party: { name: "Lieferant", iban: SUPPLIER } },
    ]));
    await runJob();
    await client.sync();
    expect(versions(client, payout.id)).toEqual(["PENDING"]);
    expect(ids(client)).toEqual(expect.arrayContaining([`${MAIN}:ref:OTHER-1`, `${MAIN}:ref:LATE-1`]));
  });
});

describe("a payment that fails", () => {
  it("is FAILED when a CAMT.053 returns it (RtrInf), after it had succeeded", async () => {
    const client = new ConnectorClient("/transactions", "updatedAt");
    const payout = await initiate("/payouts", payment());
    await runJob();
    await putInbox("main", "day-1.xml", camt(MAIN, [{ amount: "12.34", ref: "EXEC-2", endToEndId: "invoice-4711", party: { name: "Lieferant", iban: SUPPLIER } }]));
    await runJob();
    await putInbox("main", "day-2.xml", camt(MAIN, [{ amount: "12.34", credit: true, ref: "RET-2", endToEndId: "invoice-4711", returnReason: "AC04", party: { name: "Lieferant", iban: SUPPLIER } }]));
    await runJob();
    await client.sync();
    expect(versions(client, payout.id)).toEqual(["PENDING", "SUCCEEDED", "FAILED"]);
    expect(ids(client)).not.toContain(`${MAIN}:ref:RET-2`);
    expect((await adminPayments())[0]).toMatchObject({ status: "FAILED", failureReason: "returned (AC04)", transactionId: `${MAIN}:ref:EXEC-2` });
  });

  it("stays FAILED when the return is read before the debit it undoes, and neither entry is published on its own", async () => {
    const client = new ConnectorClient("/transactions", "updatedAt");
    const payout = await initiate("/payouts", payment());
    await runJob();
    await putInbox("main", "day-2.xml", camt(MAIN, [{ amount: "12.34", credit: true, ref: "RET-3", endToEndId: "invoice-4711", returnReason: "AC04" }]));
    await runJob();
    await putInbox("main", "day-1.xml", camt(MAIN, [{ amount: "12.34", ref: "EXEC-3", endToEndId: "invoice-4711" }]));
    await runJob();
    await client.sync();
    expect(versions(client, payout.id)).toEqual(["PENDING", "FAILED"]);
    expect(ids(client)).not.toContain(`${MAIN}:ref:RET-3`);
    expect(ids(client)).not.toContain(`${MAIN}:ref:EXEC-3`);
    expect((await adminPayments())[0]).toMatchObject({ status: "FAILED", transactionId: `${MAIN}:ref:EXEC-3` });
  });

  it("is FAILED when a pain.002 in the inbox rejects it", async () => {
    const client = new ConnectorClient("/transactions", "updatedAt");
    const payout = await initiate("/payouts", payment());
    const kept = await initiate("/payouts", payment({ idempotencyKey: "invoice-4712" }));
    await runJob();
    const files = await adminPayments();
    const rejected = files.find((p) => p.id === payout.id)!;
    const messageId = rejected.file!.slice("outbox/".length, -".xml".length);
    await putInbox("main", "status.xml", pain002(messageId, [["invoice-4711", "RJCT", "AC01"], ["invoice-4712", "ACCP", undefined]]));
    const run = await runJob();
    expect(run.files).toEqual([expect.objectContaining({ key: "inbox/main/status.xml", state: "ingested", changed: 1 })]);
    await client.sync();
    expect(versions(client, payout.id)).toEqual(["PENDING", "FAILED"]);
    // Its message is another one: a report on this message says nothing of it.
    expect(versions(client, kept.id)).toEqual(["PENDING"]);
    // Accepted (ACCP) in a report on its own message: still pending, saying so; the same report again changes nothing.
    const keptMessage = files.find((p) => p.id === kept.id)!.file!.slice("outbox/".length, -".xml".length);
    await putInbox("main", "accepted.xml", pain002(keptMessage, [["invoice-4712", "ACCP", undefined]]));
    expect((await runJob()).files).toEqual([expect.objectContaining({ key: "inbox/main/accepted.xml", state: "ingested", changed: 1 })]);
    await putInbox("main", "accepted-again.xml", pain002(keptMessage, [["invoice-4712", "ACCP", undefined]], "ACCP"));
    expect((await runJob()).files).toEqual([expect.objectContaining({ key: "inbox/main/accepted-again.xml", state: "ingested", changed: 0 })]);
    await client.sync();
    expect(versions(client, kept.id)).toEqual(["PENDING", "PENDING"]);
    expect(client.latest().get(kept.id)!.metadata).toMatchObject({ bankStatus: "ACCP" });
    expect((await adminPayments()).find((p) => p.id === payout.id)).toMatchObject({ status: "FAILED", failureReason: "rejected by the bank (AC01)" });
  });

  it("is FAILED, every payment of the message, when a pain.002 rejects the whole group", async () => {
    const payout = await initiate("/payouts", payment());
    await runJob();
    const [listed] = await adminPayments();
    const messageId = listed!.file!.slice("outbox/".length, -".xml".length);
    await putInbox("main", "status.xml", pain002(messageId, [], "RJCT"));
    await runJob();
    expect((await adminPayments())[0]).toMatchObject({ id: payout.id, status: "FAILED", failureReason: "rejected by the bank" });
  });
});

/** A pain.002 status report on a message: its group status and one status per end-to-end id. */
function pain002(messageId: string, transactions: [string, string, string | undefined][], groupStatus?: string): string {
  const tx = transactions.map(([e2e, status, reason]) =>
    `<TxInfAndSts><OrgnlEndToEndId>${e2e}</OrgnlEndToEndId><TxSts>${status}</TxSts>${reason ? `<StsRsnInf><Rsn><Cd>${reason}</Cd></Rsn></StsRsnInf>` : ""}</TxInfAndSts>`);
  return `<?xml version="1.0" encoding="UTF-8"?>
<Document xmlns="urn:iso:std:iso:20022:tech:xsd:pain.002.001.03"><CstmrPmtStsRpt>
<GrpHdr><MsgId>STS-1</MsgId><CreDtTm>2026-11-22T10:00:00</CreDtTm></GrpHdr>
<OrgnlGrpInfAndSts><OrgnlMsgId>${messageId}</OrgnlMsgId><OrgnlMsgNmId>pain.001.001.03</OrgnlMsgNmId>${groupStatus ? `<GrpSts>${groupStatus}</GrpSts>` : ""}</OrgnlGrpInfAndSts>
${tx.length ? `<OrgnlPmtInfAndSts><OrgnlPmtInfId>${messageId}-1</OrgnlPmtInfId>${tx.join("")}</OrgnlPmtInfAndSts>` : ""}
</CstmrPmtStsRpt></Document>`;
}
