import { beforeEach, describe, expect, it } from "vitest";
import { PayoutSchema } from "../../src/model/contract";
import { ADMIN_KEY, call, putInbox, testEnv } from "../support/worker";
import { readPain001, summarise } from "../support/pain001";
import { adminPayments, camt, envWith, MAIN, outboxKeys, outboxText, payment, post, runJob, SAVINGS, servedAccounts, SUPPLIER } from "./support";

beforeEach(servedAccounts);

async function expectError(response: Response, status: number, detail: RegExp): Promise<void> {
  expect(response.status).toBe(status);
  const body = (await response.json()) as { Title: string; Detail: string };
  expect(Object.keys(body).sort()).toEqual(["Detail", "Title"]);
  expect(body.Detail).toMatch(detail);
}

describe("POST /payouts and /transfers", () => {
  it("answers 201 with the contract's Payout: the service's id, PENDING, created now", async () => {
    const before = Date.now();
    const response = await post("/payouts", payment({ metadata: { order: "A-1" } }));
    expect(response.status).toBe(201);
    const body = PayoutSchema.parse(await response.json());
    expect(body).toMatchObject({
      idempotencyKey: "invoice-4711", amount: "1234", currency: "EUR/2", sourceAccountId: MAIN, destinationAccountId: SUPPLIER,
      description: "Invoice 4711", status: "PENDING", metadata: { order: "A-1" },
    });
    expect(body.id).toMatch(/^payout_[0-9a-f]{16}$/);
    expect(Date.parse(body.createdAt)).toBeGreaterThanOrEqual(before);
    expect(Date.parse(body.createdAt)).toBeLessThanOrEqual(Date.now());
  });

  it("is off by default: a 501 that says how to enable it, and no file", async () => {
    for (const path of ["/payouts", "/transfers"] as const) {
      await expectError(await post(path, payment(), testEnv), 501, /PAYMENT_FILES.*pain\.001\.001\.03 or pain\.001\.001\.09/);
    }
    expect(await outboxKeys()).toEqual([]);
    await expectError(await call("/admin/payments", { key: ADMIN_KEY }), 501, /PAYMENT_FILES/);
  });

  it.each([
    [{ PAYMENT_FILES: "pain.001.001.12" }, /PAYMENT_FILES is "pain\.001\.001\.12"/],
    [{ PAYMENT_FILES: "pain.001.001.03", PAYMENT_BATCHING: "daily" }, /PAYMENT_BATCHING is "daily"/],
    [{ PAYMENT_FILES: "pain.001.001.03", DEBTOR_BIC: "NOT A BIC" }, /DEBTOR_BIC/],
    [{ PAYMENT_FILES: "pain.001.001.03", OUTBOX_PREFIX: "inbox/out/" }, /OUTBOX_PREFIX/],
  ])("refuses to work with an invalid configuration (%o): a 503 naming the variable", async (vars, detail) => {
    await expectError(await post("/payouts", payment(), envWith(vars)), 503, detail);
  });

  it("writes pain.001.001.09 with the configured debtor name and BIC", async () => {
    const env = envWith({ PAYMENT_FILES: "pain.001.001.09", DEBTOR_NAME: "Acme Holding", DEBTOR_BIC: "COBADEFFXXX" });
    expect((await post("/payouts", payment(), env)).status).toBe(201);
    const [listed] = await adminPayments();
    const xml = await outboxText(listed!.file!);
    expect(xml).toContain('xmlns="urn:iso:std:iso:20022:tech:xsd:pain.001.001.09"');
    expect(xml).toContain("<BICFI>COBADEFFXXX</BICFI>");
    expect(summarise(await readPain001(xml)).instructions[0]!.debtorName).toBe("Acme Holding");
  });

  it("writes a beneficiary name a statement gave with a character XML cannot carry with a blank in its place", async () => {
    const iban = "FR1420041010050500013M02606";
    await putInbox("cards", "export.csv", `Date,Description,Payee,IBAN,Amount,Currency\n2026-11-01,Rent,Bell\u0007Immo  SARL,${iban},-800.00,EUR\n`);
    await runJob();
    expect((await post("/payouts", payment({ destinationAccountId: iban }))).status).toBe(201);
    const [listed] = await adminPayments();
    const xml = await outboxText(listed!.file!);
    expect(summarise(await readPain001(xml)).instructions[0]!.transfers[0]!.creditorName).toBe("Bell Immo SARL");
  });

  it("maps an idempotency key banks would not carry to a deterministic EndToEndId of 35 characters", async () => {
    const key = "order 2026/11/22 — Müller & Co. #000000000000000000001";
    expect((await post("/payouts", payment({ idempotencyKey: key }))).status).toBe(201);
    const [listed] = await adminPayments();
    expect(listed!.endToEndId).toMatch(/^SC-[0-9a-f]{32}$/);
    const transfer = summarise(await readPain001(await outboxText(listed!.file!))).instructions[0]!.transfers[0]!;
    expect(transfer.endToEndId).toBe(listed!.endToEndId);
  });
});

describe("idempotency", () => {
  it("answers the same key and body with the same payment, and writes one file", async () => {
    const first = await (await post("/payouts", payment())).json();
    const again = await post("/payouts", payment());
    expect(again.status).toBe(201);
    expect(await again.json()).toEqual(first);
    expect(await outboxKeys()).toHaveLength(1);
    expect(await adminPayments()).toHaveLength(1);
  });

  it("keeps answering with the payment's current status once it is settled", async () => {
    const first = (await (await post("/payouts", payment())).json()) as { id: string };
    await runJob();
    await putInbox("main", "day.xml", camt(MAIN, [{ amount: "12.34", ref: "E-1", endToEndId: "invoice-4711" }]));
    await runJob();
    const again = (await (await post("/payouts", payment())).json()) as { id: string; status: string };
    expect(again).toMatchObject({ id: first.id, status: "SUCCEEDED" });
  });

  it("converges racing identical requests on one payment and one file", async () => {
    const responses = await Promise.all(Array.from({ length: 8 }, () => post("/payouts", payment())));
    const bodies = (await Promise.all(responses.map((r) => r.json()))) as { id: string; status: string }[];
    expect(responses.map((r) => r.status)).toEqual(Array(8).fill(201));
    expect(new Set(bodies.map((b) => b.id)).size).toBe(1);
    expect(new Set(bodies.map((b) => b.status))).toEqual(new Set(["PENDING"]));
    expect(await outboxKeys()).toHaveLength(1);
    const listing = await testEnv.STATEMENTS.list({ prefix: "payments/orders/" });
    expect(listing.objects).toHaveLength(1);
    await runJob();
    expect(await adminPayments()).toHaveLength(1);
  });

  it("refuses the same key with another body (409), also for the other kind of payment", async () => {
    await post("/payouts", payment());
    await expectError(await post("/payouts", payment({ amount: "1235" })), 409, /idempotencyKey "invoice-4711" was used for another request/);
    await expectError(await post("/transfers", payment({ destinationAccountId: SAVINGS })), 409, /another request/);
    expect(await outboxKeys()).toHaveLength(1);
  });

  it("refuses racing requests with one key and different bodies, but one", async () => {
    const responses = await Promise.all([1, 2, 3, 4].map((n) => post("/payouts", payment({ amount: String(1000 + n) }))));
    expect(responses.map((r) => r.status).sort()).toEqual([201, 409, 409, 409]);
    expect(await outboxKeys()).toHaveLength(1);
  });
});

describe("validation: a 400 naming the field", () => {
  it.each([
    ["idempotencyKey", { idempotencyKey: "" }, /^idempotencyKey: /],
    ["amount (not an integer string)", { amount: "12.34" }, /^amount: a positive integer string/],
    ["amount (zero)", { amount: "0" }, /^amount: a positive integer string/],
    ["amount (negative)", { amount: "-5" }, /^amount: a positive integer string/],
    ["amount (more than 18 digits)", { amount: "1234567890123456789" }, /^amount: 1234567890123456789 has more than the 18 digits/],
    ["currency (not UMN)", { currency: "eur" }, /^currency: a UMN asset/],
    ["currency (unknown)", { currency: "XYZ/2" }, /^currency: "XYZ\/2" is not an ISO 4217 currency/],
    ["currency (wrong precision)", { currency: "EUR/3" }, /^currency: EUR has precision 2: send "EUR\/2" \(not 3\)/],
    // To Formance a bare code has precision 0: 700 "EUR" is 700 euros, never read as 7.00.
    ["currency (no precision, not whole units)", { currency: "EUR" }, /^currency: EUR has precision 2: send "EUR\/2" \("EUR" without a precision means EUR\/0/],
    ["currency (not the account's)", { currency: "USD/2" }, /^currency: USD is not the currency of account "DE89370400440532013000" \(EUR\)/],
    ["sourceAccountId (unknown)", { sourceAccountId: "DE00000000000000000000" }, /^sourceAccountId: no account "DE00000000000000000000" is served here/],
    ["destinationAccountId (unknown beneficiary)", { destinationAccountId: "FR7630006000011234567890189" }, /^destinationAccountId: no beneficiary "FR7630006000011234567890189"/],
    ["description (too long)", { description: "é".repeat(141) }, /^description: 141 characters, but .* holds 140/],
    ["description (control character)", { description: "line\u0000break" }, /^description: holds a control character/],
  ])("%s", async (_field, change, detail) => {
    await expectError(await post("/payouts", payment(change)), 400, detail);
    expect(await outboxKeys()).toEqual([]);
  });

  it("a description of exactly 140 characters, non-ASCII ones counted as one, is accepted", async () => {
    expect((await post("/payouts", payment({ description: "ü".repeat(140) }))).status).toBe(201);
  });

  it("a body that is not JSON", async () => {
    const response = await call("/payouts", { method: "POST", body: "{", env: envWith() });
    await expectError(response, 400, /not JSON: send a PayoutRequest object/);
  });

  it("a body over 64 KB, refused before it is parsed, and no file", async () => {
    const body = JSON.stringify(payment({ metadata: { note: "x".repeat(70_000) } }));
    await expectError(await call("/transfers", { method: "POST", body, env: envWith() }), 413, /TransferRequest object is at most 65536 bytes/);
    expect(await outboxKeys()).toEqual([]);
  });

  it("a source account without a valid IBAN (the debtor IBAN)", async () => {
    await putInbox("petty", "cash.csv", "Date,Description,Amount,Currency\n2026-11-01,Float,50.00,EUR\n");
    await runJob();
    await expectError(await post("/payouts", payment({ sourceAccountId: "petty" })), 400, /^sourceAccountId: account "petty" has no valid IBAN/);
  });

  it("a beneficiary whose identifier is not a valid IBAN (the creditor IBAN)", async () => {
    await putInbox("main", "old.xml", camt(MAIN, [{ amount: "1.00", ref: "OLD-9", party: { name: "Broken", iban: "DE02120300000000202052" } }]));
    await runJob();
    await expectError(await post("/payouts", payment({ destinationAccountId: "DE02120300000000202052" })), 400, /^destinationAccountId: beneficiary "DE02120300000000202052" is not a valid IBAN/);
  });

  it("a transfer to an account not served here, or to its own source", async () => {
    await expectError(await post("/transfers", payment({ destinationAccountId: SUPPLIER })), 400, /^destinationAccountId: no account "DE02120300000000202051" is served here/);
    await expectError(await post("/transfers", payment({ destinationAccountId: MAIN })), 400, /^destinationAccountId: a transfer goes to another account/);
  });
});

describe("PAYMENT_BATCHING=run", () => {
  const RUN = { PAYMENT_FILES: "pain.001.001.09", PAYMENT_BATCHING: "run" };

  it("writes one file per run with every payment waiting, and none while nothing waits", async () => {
    const env = envWith(RUN);
    for (const [key, amount] of [["a-1", "100"], ["a-2", "250"]] as const) expect((await post("/payouts", payment({ idempotencyKey: key, amount }), env)).status).toBe(201);
    expect((await post("/transfers", payment({ idempotencyKey: "a-3", amount: "7", destinationAccountId: SAVINGS }), env)).status).toBe(201);
    expect((await adminPayments()).map((p) => p.file)).toEqual([null, null, null]);
    expect(await outboxKeys()).toEqual([]);

    await runJob(RUN);
    const listed = await adminPayments();
    const keys = await outboxKeys();
    expect(keys).toHaveLength(1);
    expect(listed.map((p) => p.file)).toEqual([keys[0], keys[0], keys[0]]);
    const file = summarise(await readPain001(await outboxText(keys[0]!)));
    expect(file).toMatchObject({ count: "3", controlSum: "3.57" });
    expect(file.instructions[0]!.transfers.map((t) => [t.endToEndId, t.amount])).toEqual([["a-1", "1.00"], ["a-2", "2.50"], ["a-3", "0.07"]]);

    await runJob(RUN);
    expect(await outboxKeys()).toHaveLength(1);
    expect((await post("/payouts", payment({ idempotencyKey: "a-4" }), env)).status).toBe(201);
    await runJob(RUN);
    expect(await outboxKeys()).toHaveLength(2);
  });

  it("does not batch a payment again after state/ is rebuilt", async () => {
    expect((await post("/payouts", payment(), envWith(RUN))).status).toBe(201);
    await runJob(RUN);
    const [sent] = await outboxKeys();
    const listing = await testEnv.STATEMENTS.list({ prefix: "state/" });
    await testEnv.STATEMENTS.delete(listing.objects.map((o) => o.key));
    await runJob(RUN);
    expect(await outboxKeys()).toEqual([sent]);
    expect((await adminPayments()).map((p) => [p.status, p.file])).toEqual([["PENDING", sent]]);
  });
});

describe("the ingestion run", () => {
  it("goes on, and so does the list of payments, when something that is not an order lies under payments/orders/", async () => {
    await testEnv.STATEMENTS.put("payments/orders/notes.txt", "not JSON");
    expect((await post("/payouts", payment())).status).toBe(201);
    await putInbox("main", "day.xml", camt(MAIN, [{ amount: "1.00", ref: "D-1" }]));
    const run = await runJob();
    expect(run.files).toEqual([expect.objectContaining({ key: "inbox/main/day.xml", state: "ingested" })]);
    expect((await adminPayments()).map((p) => p.idempotencyKey)).toEqual(["invoice-4711"]);
  });
});

describe("GET /admin/outbox/<file>", () => {
  it("needs the admin key, and answers 404 for a file that is not there", async () => {
    expect((await post("/payouts", payment())).status).toBe(201);
    const [listed] = await adminPayments();
    const path = `/admin/outbox/${listed!.file!.slice("outbox/".length)}`;
    expect((await call(path)).status).toBe(403);
    await expectError(await call("/admin/outbox/SC0000.xml", { key: "admin-key" }), 404, /No payment file "SC0000\.xml" in outbox\//);
  });
});
