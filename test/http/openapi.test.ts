import { describe, expect, it } from "vitest";
import { call } from "../support/worker";

describe("GET /openapi.json", () => {
  it("describes every route, from the schemas the handlers use, without a key", async () => {
    const response = await call("/openapi.json", { key: null });
    expect(response.status).toBe(200);
    const doc = (await response.json()) as {
      openapi: string;
      paths: Record<string, Record<string, unknown>>;
      components: { schemas: Record<string, { required?: string[]; properties?: Record<string, unknown> }> };
    };
    expect(doc.openapi).toBe("3.1.0");
    expect(Object.keys(doc.paths).sort()).toEqual([
      "/accounts", "/accounts/{accountId}/balances", "/admin/accounts", "/admin/accounts/{accountId}/history", "/admin/files",
      "/admin/files/{source}/{name}", "/admin/ingest", "/admin/outbox/{file}", "/admin/payments", "/admin/profiles/{source}",
      "/admin/retry/{source}/{name}", "/admin/runs", "/admin/transactions", "/beneficiaries",
      "/payouts", "/transactions", "/transfers",
    ]);
    const refs = JSON.stringify(doc).match(/#\/components\/schemas\/\w+/g) ?? [];
    for (const ref of new Set(refs)) expect(doc.components.schemas[ref.split("/").pop()!], ref).toBeDefined();
    // The contract's required fields, as the published OpenAPI file lists them.
    expect(doc.components.schemas.Transaction!.required!.sort()).toEqual(["amount", "createdAt", "currency", "id", "status", "type", "updatedAt"]);
    expect(doc.components.schemas.Account!.required!.sort()).toEqual(["accountName", "createdAt", "id"]);
    expect(doc.components.schemas.Error!.required!.sort()).toEqual(["Detail", "Title"]);
    expect(Object.keys(doc.components.schemas.Profile!.properties!)).toContain("columns");
    expect(doc.components.schemas.Payout!.required!.sort()).toEqual(["amount", "createdAt", "currency", "destinationAccountId", "id", "idempotencyKey", "sourceAccountId", "status"]);
    expect(Object.keys(doc.components.schemas.AdminPayment!.properties!)).toEqual([
      "id", "type", "status", "idempotencyKey", "endToEndId", "amount", "decimal", "currency", "sourceAccountId", "destinationId",
      "description", "createdAt", "file", "transactionId", "failureReason",
    ]);
  });
});
