import { beforeAll, describe, expect, it } from "vitest";
import { z } from "zod";
import {
  AccountSchema, BalancesSchema, BeneficiarySchema, ErrorSchema, TransactionSchema,
} from "../../src/model/contract";
import { checkedCalls, type ContractChecker, contractCheckers } from "../support/contract-check";
import { ADMIN_KEY, ingest, putInbox, testEnv } from "../support/worker";

// Every response below is checked against our /openapi.json and, where it is present, against
// Formance's published generic-openapi.yaml, by an OpenAPI validator independent of our schemas.
let checkers: ContractChecker[] = [];
const { call, getJson } = checkedCalls(() => checkers);

const HEADER = "Date,Description,Payee,IBAN,Amount,Currency,Balance";
const MAIN = [
  HEADER,
  "2026-10-01,Opening deposit,Founder,FR1420041010050500013M02606,1000.00,EUR,1000.00",
  "2026-10-02,Office rent,Landlord SARL,DE89370400440532013000,-450.25,EUR,549.75",
  "2026-10-03,Software,Tools Inc,GB29NWBK60161331926819,-12.99,EUR,536.76",
  "2026-10-03,Customer payment,Client AG,CH9300762011623852957,250.00,EUR,786.76",
].join("\n");
const YEN = ["Date,Description,Amount,Currency", "2026-10-05,Tokyo office,-15000,JPY", "2026-09-30,Refund,200,JPY"].join("\n");

async function expectError(response: Response, status: number, detail?: RegExp): Promise<z.infer<typeof ErrorSchema>> {
  expect(response.status).toBe(status);
  expect(response.headers.get("content-type")).toMatch(/application\/json/);
  const body = ErrorSchema.parse(await response.json());
  if (detail) expect(body.Detail).toMatch(detail);
  return body;
}

beforeAll(async () => {
  await putInbox("main", "october.csv", MAIN);
  await putInbox("tokyo", "yen.csv", YEN);
  // The yen export states no balance: the profile gives the one it starts from.
  await testEnv.STATEMENTS.put("config/profiles/tokyo.json", JSON.stringify({ openingBalance: { amount: "0", date: "2026-09-29" } }));
  const run = await ingest();
  expect(run.files.map((f) => f.state)).toEqual(["ingested", "ingested"]);
  checkers = await contractCheckers();
});

describe("GET /accounts", () => {
  it("serves a bare array of contract accounts in cursor order", async () => {
    const accounts = z.array(AccountSchema).parse(await getJson("/accounts"));
    expect(accounts.map((a) => a.id)).toEqual(["main", "tokyo"]);
    expect(accounts[0]).toMatchObject({ accountName: "main", metadata: { source: "main" } });
    expect(Date.parse(accounts[1]!.createdAt)).toBeGreaterThan(Date.parse(accounts[0]!.createdAt));
  });

  it("pages from 1, with a page past the end empty", async () => {
    expect(await getJson<unknown[]>("/accounts?page=1&pageSize=1")).toHaveLength(1);
    const second = await getJson<{ id: string }[]>("/accounts?page=2&pageSize=1");
    expect(second.map((a) => a.id)).toEqual(["tokyo"]);
    expect(await getJson("/accounts?page=3&pageSize=1")).toEqual([]);
    expect(await getJson("/accounts?page=999999999")).toEqual([]);
  });

  it("sorts descending", async () => {
    const accounts = await getJson<{ id: string }[]>("/accounts?sort=createdAt:desc");
    expect(accounts.map((a) => a.id)).toEqual(["tokyo", "main"]);
  });

  it("filters createdAtFrom inclusively, as instants at full precision", async () => {
    const [first, second] = await getJson<{ createdAt: string }[]>("/accounts");
    const at = second!.createdAt;
    expect(await getJson<unknown[]>(`/accounts?createdAtFrom=${at}`)).toHaveLength(1);
    const nanosLater = at.replace("Z", "000001Z");
    expect(await getJson<unknown[]>(`/accounts?createdAtFrom=${nanosLater}`)).toHaveLength(0);
    const truncated = new Date(Math.floor(Date.parse(first!.createdAt) / 1000) * 1000).toISOString().replace(".000Z", "Z");
    expect(await getJson<unknown[]>(`/accounts?createdAtFrom=${truncated}`)).toHaveLength(2);
    const shifted = new Date(Date.parse(at)).toISOString().replace("Z", "+00:00");
    expect(await getJson<unknown[]>(`/accounts?createdAtFrom=${encodeURIComponent(shifted)}`)).toHaveLength(1);
  });

  it.each([
    ["page=0", /page must be from 1/],
    ["page=-1", /page must be a whole number/],
    ["page=abc", /page must be a whole number/],
    ["page=1e9", /page must be a whole number/],
    ["page=1&page=2", /page is given more than once/],
    ["pageSize=0", /pageSize must be from 1 to 1000/],
    ["pageSize=1001", /pageSize must be from 1 to 1000/],
    ["sort=name:asc", /sort must be one of createdAt:asc, createdAt:desc/],
    ["sort=createdAt:sideways", /sort must be one of/],
    ["createdAtFrom=yesterday", /createdAtFrom must be an RFC 3339 date-time/],
    ["createdAtFrom=2026-10-01T10:00:00", /createdAtFrom must be an RFC 3339 date-time with a zone/],
    ["createdAtFrom=2026-02-30T10:00:00Z", /createdAtFrom must be an RFC 3339/],
    ["updatedAtFrom=2026-10-01T10:00:00Z", /updatedAtFrom is not supported here; use createdAtFrom/],
  ])("refuses %s with 400 naming the parameter", async (query, detail) => {
    await expectError(await call(`/accounts?${query}`), 400, detail);
  });
});

describe("GET /accounts/{accountId}/balances", () => {
  it("serves the closing balance of the last row, in minor units", async () => {
    const balances = BalancesSchema.parse(await getJson("/accounts/main/balances"));
    expect(balances).toEqual({ id: "main", accountID: "main", at: "2026-10-03T00:00:00.000Z", balances: [{ amount: "78676", currency: "EUR/2" }] });
  });

  it("uses the currency's exponent, and entries after the profile's opening balance when the file states none", async () => {
    const balances = BalancesSchema.parse(await getJson("/accounts/tokyo/balances"));
    expect(balances.balances).toEqual([{ amount: "-14800", currency: "JPY/0" }]);
    expect(balances.at).toBe("2026-10-05T00:00:00.000Z");
  });

  it("answers 404 for an unknown account", async () => {
    await expectError(await call("/accounts/nope/balances"), 404, /No account "nope"/);
    await expectError(await call("/accounts/%2e%2e/balances"), 404);
    await expectError(await call("/accounts/main%2F..%2Fx/balances"), 404, /No account "main\/\.\.\/x"/);
  });
});

describe("GET /beneficiaries", () => {
  it("lists counterparties of outgoing payments with an account identifier", async () => {
    const beneficiaries = z.array(BeneficiarySchema).parse(await getJson("/beneficiaries"));
    expect(beneficiaries.map((b) => [b.id, b.ownerName])).toEqual([
      ["DE89370400440532013000", "Landlord SARL"],
      ["GB29NWBK60161331926819", "Tools Inc"],
    ]);
  });
});

describe("GET /transactions", () => {
  it("serves contract transactions with exact amounts, types and accounts", async () => {
    const transactions = z.array(TransactionSchema).parse(await getJson("/transactions"));
    expect(transactions).toHaveLength(6);
    const rent = transactions.find((t) => t.metadata?.description === "Office rent")!;
    expect(rent).toMatchObject({
      createdAt: "2026-10-02T00:00:00.000Z",
      currency: "EUR/2",
      type: "PAYOUT",
      status: "SUCCEEDED",
      amount: "45025",
      sourceAccountID: "main",
      destinationAccountID: "DE89370400440532013000",
    });
    expect(rent.metadata).toMatchObject({ bookingDate: "2026-10-02", counterpartyName: "Landlord SARL", sourceFile: "inbox/main/october.csv" });
    const deposit = transactions.find((t) => t.metadata?.description === "Opening deposit")!;
    expect(deposit).toMatchObject({ type: "PAYIN", amount: "100000", destinationAccountID: "main" });
    expect(deposit.sourceAccountID).toBeUndefined();
    const yen = transactions.find((t) => t.currency === "JPY/0" && t.type === "PAYOUT")!;
    expect(yen.amount).toBe("15000");
  });

  it("sorts by updatedAt both ways and by booking date both ways", async () => {
    const asc = await getJson<{ id: string; updatedAt: string; createdAt: string }[]>("/transactions?sort=updatedAt:asc");
    const desc = await getJson<{ id: string }[]>("/transactions?sort=updatedAt:desc");
    expect(desc.map((t) => t.id)).toEqual(asc.map((t) => t.id).reverse());
    const booked = await getJson<{ createdAt: string }[]>("/transactions?sort=createdAt:asc");
    expect(booked.map((t) => t.createdAt)).toEqual(asc.map((t) => t.createdAt).sort());
    const bookedDesc = await getJson<{ createdAt: string }[]>("/transactions?sort=createdAt:desc&pageSize=2");
    expect(bookedDesc.map((t) => t.createdAt)).toEqual(["2026-10-05T00:00:00.000Z", "2026-10-03T00:00:00.000Z"]);
    const secondPage = await getJson<{ createdAt: string }[]>("/transactions?sort=createdAt:asc&pageSize=4&page=2");
    expect(secondPage.map((t) => t.createdAt)).toEqual(["2026-10-03T00:00:00.000Z", "2026-10-05T00:00:00.000Z"]);
  });

  it("filters updatedAtFrom inclusively", async () => {
    const all = await getJson<{ updatedAt: string }[]>("/transactions");
    const from = all[3]!.updatedAt;
    expect(await getJson<unknown[]>(`/transactions?updatedAtFrom=${from}`)).toHaveLength(3);
    expect(await getJson<unknown[]>(`/transactions?updatedAtFrom=${from}&sort=updatedAt:desc`)).toHaveLength(3);
  });

  it("filters createdAtFrom in booking order, inclusively, to the instant", async () => {
    const booked = await getJson<{ createdAt: string }[]>("/transactions?createdAtFrom=2026-10-03T00:00:00Z");
    expect(booked.map((t) => t.createdAt)).toEqual(["2026-10-03T00:00:00.000Z", "2026-10-03T00:00:00.000Z", "2026-10-05T00:00:00.000Z"]);
    const later = await getJson<{ createdAt: string }[]>("/transactions?createdAtFrom=2026-10-03T00:00:00.000001Z&sort=createdAt:desc");
    expect(later.map((t) => t.createdAt)).toEqual(["2026-10-05T00:00:00.000Z"]);
    const page2 = await getJson<{ createdAt: string }[]>("/transactions?createdAtFrom=2026-10-02T00:00:00%2B00:00&sort=createdAt:desc&pageSize=3&page=2");
    expect(page2.map((t) => t.createdAt)).toEqual(["2026-10-02T00:00:00.000Z"]);
    expect(await getJson("/transactions?createdAtFrom=2027-01-01T00:00:00Z")).toEqual([]);
  });

  it("refuses filters it cannot honour", async () => {
    await expectError(await call("/transactions?sort=createdAt:asc&updatedAtFrom=2026-10-01T00:00:00Z"), 400, /updatedAtFrom goes with sort=updatedAt/);
    await expectError(await call("/transactions?sort=updatedAt:asc&createdAtFrom=2026-10-01T00:00:00Z"), 400, /createdAtFrom goes with sort=createdAt/);
    await expectError(await call("/transactions?createdAtFrom=2026-10-01T00:00:00Z&updatedAtFrom=2026-10-01T00:00:00Z"), 400, /not both/);
  });
});

describe("payment initiation", () => {
  it.each(["/payouts", "/transfers"])("POST %s answers a clear 501, not a 404", async (path) => {
    const body = JSON.stringify({ idempotencyKey: "k", amount: "100", currency: "EUR/2", sourceAccountId: "main", destinationAccountId: "x" });
    await expectError(await call(path, { method: "POST", body }), 501, /not enabled/);
    await expectError(await call(path, { method: "POST", body, key: null }), 401);
  });
});

describe("authentication", () => {
  it("refuses a missing, malformed or wrong key with 401", async () => {
    await expectError(await call("/accounts", { key: null }), 401, /Authorization: Bearer/);
    await expectError(await call("/accounts", { key: "wrong" }), 401, /not valid/);
    await expectError(await call("/accounts", { key: "connector-key" }), 401, /not valid/);
    const basic = await call("/accounts", { key: null, headers: { authorization: "Basic Y29ubmVjdG9yLWtleS0x" } });
    await expectError(basic, 401);
    expect(basic.headers.get("www-authenticate")).toMatch(/^Bearer/);
  });

  it("accepts every configured key, so one can be rotated", async () => {
    expect((await call("/accounts", { key: "connector-key-2" })).status).toBe(200);
  });

  it("keeps the admin key and the connector keys apart with 403", async () => {
    await expectError(await call("/admin/files"), 403, /connector key cannot use the admin API/);
    await expectError(await call("/accounts", { key: ADMIN_KEY }), 403);
  });

  it("fails closed when no key is configured", async () => {
    const env = { ...testEnv, API_KEYS: undefined, ADMIN_API_KEY: "" };
    await expectError(await call("/accounts", { env }), 401, /No API_KEYS secret is configured/);
    await expectError(await call("/admin/files", { key: "", env }), 401, /No ADMIN_API_KEY/);
  });
});

describe("errors", () => {
  it("answers unknown routes with 404 and wrong methods with 405 and Allow", async () => {
    await expectError(await call("/nothing"), 404, /No route \/nothing/);
    const response = await call("/transactions", { method: "DELETE" });
    await expectError(response, 405, /DELETE is not allowed on \/transactions; use GET/);
    expect(response.headers.get("allow")).toBe("GET");
  });

  it("answers 413 for an upload over the limit", async () => {
    const env = { ...testEnv, MAX_UPLOAD_BYTES: "10" };
    const response = await call("/admin/files/main/big.csv", { method: "PUT", key: ADMIN_KEY, env, body: "x".repeat(11), headers: { "content-length": "11" } });
    await expectError(response, 413, /limit is 10/);
  });

  it("never shows internals in a 500", async () => {
    const broken = { ...testEnv, STATEMENTS: { get: () => Promise.reject(new Error("secret internal path /var/lib/x")) } as unknown as R2Bucket };
    const response = await call("/accounts", { env: broken });
    const body = await expectError(response, 500);
    expect(JSON.stringify(body)).not.toMatch(/secret|var\/lib|at /);
  });

  it("sets security headers on every response", async () => {
    for (const response of [await call("/accounts"), await call("/nothing"), await call("/accounts", { key: null })]) {
      expect(response.headers.get("x-content-type-options")).toBe("nosniff");
      expect(response.headers.get("cache-control")).toBe("no-store");
      expect(response.headers.get("access-control-allow-origin")).toBeNull();
    }
  });
});
