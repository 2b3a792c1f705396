import { beforeAll, beforeEach, describe, expect, it } from "vitest";
import { ErrorSchema, PayoutSchema, TransferSchema } from "../../src/model/contract";
import { checkedCalls, type ContractChecker, contractCheckers } from "../support/contract-check";
import { ADMIN_KEY, putInbox, testEnv } from "../support/worker";
import { camt, envWith, MAIN, payment, runJob, SAVINGS, servedAccounts, SUPPLIER } from "../payments/support";

// Payment orders and profiles as bodies: what is read, what is refused, and the answers checked
// against our /openapi.json and Formance's published contract (where it is present).
let checkers: ContractChecker[] = [];
const { call } = checkedCalls(() => checkers);

beforeAll(async () => {
  checkers = await contractCheckers();
});
beforeEach(servedAccounts);

/** Posts a body as written (so it may repeat a key), with payment initiation on. */
const post = (path: "/payouts" | "/transfers", text: string) =>
  call(path, { method: "POST", body: text, headers: { "content-type": "application/json" }, env: envWith() });

async function expectRefused(response: Response, status: number, detail: RegExp): Promise<void> {
  expect(response.status).toBe(status);
  expect(ErrorSchema.parse(await response.json()).Detail).toMatch(detail);
}

/** No order was stored, and no payment file written. */
async function expectNothingOrdered(): Promise<void> {
  for (const prefix of ["payments/", "outbox/"]) expect((await testEnv.STATEMENTS.list({ prefix })).objects, prefix).toEqual([]);
}

describe("POST /payouts and /transfers answers", () => {
  it("a Payout and a Transfer the contract allows, updatedAt their createdAt while nothing changed", async () => {
    const payout = PayoutSchema.parse(await (await post("/payouts", JSON.stringify(payment()))).json());
    expect(payout).toMatchObject({ status: "PENDING", updatedAt: payout.createdAt });
    const transfer = await post("/transfers", JSON.stringify(payment({ idempotencyKey: "move-1", destinationAccountId: SAVINGS })));
    expect(transfer.status).toBe(201);
    const body = TransferSchema.parse(await transfer.json());
    expect(body.updatedAt).toBe(body.createdAt);
    // Asked again with the same key: the same payment, still unchanged.
    expect(await (await post("/payouts", JSON.stringify(payment()))).json()).toEqual(payout);
  });

  it("no updatedAt once the payment has settled: the ledger keeps its status, not when it changed", async () => {
    const payout = PayoutSchema.parse(await (await post("/payouts", JSON.stringify(payment()))).json());
    await runJob();
    await putInbox("main", "executed.xml", camt(MAIN, [{ amount: "12.34", ref: "EXEC-1", endToEndId: "invoice-4711", party: { name: "Lieferant", iban: SUPPLIER } }]));
    await runJob();
    const again = PayoutSchema.parse(await (await post("/payouts", JSON.stringify(payment()))).json());
    expect(again).toMatchObject({ id: payout.id, status: "SUCCEEDED", createdAt: payout.createdAt });
    expect(again.updatedAt).toBeUndefined();
  });
});

describe("a payment order is refused with 400, and nothing ordered,", () => {
  it.each([
    ["a misspelt field", { descripton: "Invoice" }, /unknown field "descripton": a PayoutRequest has only idempotencyKey, amount, currency/],
    ["a field of another contract", { priority: "HIGH", urgent: true }, /unknown fields "priority", "urgent"/],
  ])("for %s, naming it", async (_what, extra, detail) => {
    await expectRefused(await post("/payouts", JSON.stringify(payment(extra))), 400, detail);
    await expectNothingOrdered();
  });

  it.each([
    ["the amount", '{"idempotencyKey":"k-1","amount":"1","amount":"999","currency":"EUR/2","sourceAccountId":"S","destinationAccountId":"D"}', /the key "amount" is given twice/],
    ["a metadata key", '{"idempotencyKey":"k-1","amount":"1","currency":"EUR/2","sourceAccountId":"S","destinationAccountId":"D","metadata":{"ref":"a","ref":"b"}}', /the key "metadata\.ref" is given twice/],
    ["a key written once plainly and once escaped", '{"idempotencyKey":"k-1","amount":"1","\\u0061mount":"999"}', /the key "amount" is given twice \(again at character 38\)/],
  ])("for %s given twice, naming the key", async (_what, text, detail) => {
    for (const path of ["/payouts", "/transfers"] as const) {
      const response = await post(path, text.replace(/"S"/, `"${MAIN}"`).replace(/"D"/, `"${SUPPLIER}"`));
      await expectRefused(response, 400, detail);
    }
    await expectNothingOrdered();
  });

  it.each([
    ["text that is not JSON", "amount=1", /not JSON: send a PayoutRequest object \(expected a JSON value at character 1\)/],
    ["JSON cut short", '{"amount":"1"', /not JSON: send a PayoutRequest object \(expected "," or "}" \(the body ends there\) at character 14\)/],
    ["nesting 65 levels deep", `{"metadata":${"[".repeat(64)}${"]".repeat(64)}}`, /nested deeper than 64 levels/],
  ])("for %s", async (_what, text, detail) => {
    await expectRefused(await post("/payouts", text), 400, detail);
    await expectNothingOrdered();
  });
});

describe("PUT /admin/profiles/{source}", () => {
  const put = (text: string) => call("/admin/profiles/main", { method: "PUT", key: ADMIN_KEY, body: text, headers: { "content-type": "application/json" } });

  it("refuses a profile that gives a key twice, at any depth, and keeps none", async () => {
    await expectRefused(await put('{"delimiter":";","delimiter":","}'), 400, /the key "delimiter" is given twice \(again at character 18\); send a profile as a JSON object with each key once/);
    await expectRefused(await put('{"account":{"currency":"EUR","currency":"USD"}}'), 400, /the key "account\.currency" is given twice/);
    expect((await call("/admin/profiles/main", { key: ADMIN_KEY })).status).toBe(404);
  });

  it("stores the same profile written without the repeat", async () => {
    expect((await put('{"delimiter":";","account":{"currency":"EUR"}}')).status).toBe(200);
  });
});
