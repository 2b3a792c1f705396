import { z } from "zod";
import { DEFAULT_RESULTS, MAX_RESULTS, SEARCH_SCAN_LIMIT } from "../admin/transactions";
import { AccountHistorySchema, AdminAccountSchema, AdminFileSchema, AdminPaymentSchema, RunSummarySchema, TransactionSearchSchema } from "../model/admin";
import {
  AccountSchema, BalancesSchema, BeneficiarySchema, ErrorSchema, PayoutRequestSchema, PayoutSchema, TransactionSchema,
  TransferRequestSchema, TransferSchema,
} from "../model/contract";
import { ProfileSchema } from "../model/profile";
import { DEFAULT_PAGE_SIZE, MAX_PAGE_SIZE } from "./list-query";

/**
 * The contract and the admin API as OpenAPI 3.1, generated from the same zod schemas the
 * handlers and tests use, so the description cannot drift from what is served.
 */
const SCHEMAS = {
  Error: ErrorSchema,
  Account: AccountSchema,
  Balances: BalancesSchema,
  Beneficiary: BeneficiarySchema,
  Transaction: TransactionSchema,
  PayoutRequest: PayoutRequestSchema,
  TransferRequest: TransferRequestSchema,
  Payout: PayoutSchema,
  Transfer: TransferSchema,
  AdminPayment: AdminPaymentSchema,
  Profile: ProfileSchema,
  File: AdminFileSchema,
  AdminAccount: AdminAccountSchema,
  Run: RunSummarySchema,
  AccountHistory: AccountHistorySchema,
  TransactionSearch: TransactionSearchSchema,
} satisfies Record<string, z.ZodType>;

type SchemaName = keyof typeof SCHEMAS;

const ref = (name: SchemaName) => ({ $ref: `#/components/schemas/${name}` });
const json = (schema: object) => ({ content: { "application/json": { schema } } });
const ok = (description: string, schema: object) => ({ "200": { description, ...json(schema) } });
const listOf = (name: SchemaName) => ok(`a page of ${name} items, a bare array; [] past the end`, { type: "array", items: ref(name) });
const errors = { default: { description: "an error", ...json(ref("Error")) } };

const query = (name: string, description: string, schema: object) => ({ name, in: "query", required: false, description, schema });
const listParameters = (sort: string[], from: string[]) => [
  query("page", "page number, from 1", { type: "integer", minimum: 1, default: 1 }),
  query("pageSize", "items per page", { type: "integer", minimum: 1, maximum: MAX_PAGE_SIZE, default: DEFAULT_PAGE_SIZE }),
  query("sort", "order", { type: "string", enum: sort.flatMap((f) => [`${f}:asc`, `${f}:desc`]) }),
  ...from.map((f) => query(`${f}From`, `only items with ${f} at or after this instant (inclusive)`, { type: "string", format: "date-time" })),
];
const pathParameter = (name: string) => ({ name, in: "path", required: true, schema: { type: "string" } });
const fileParameters = [pathParameter("source"), pathParameter("name")];

const connector = [{ connectorKey: [] }];
const admin = [{ adminKey: [] }];

function operation(summary: string, security: object[], responses: object, extra: object = {}) {
  return { summary, security, ...extra, responses: { ...responses, ...errors } };
}

function initiation(what: string, request: SchemaName, response: SchemaName) {
  const summary = `Initiate ${what} as a pain.001 file (501 while PAYMENT_FILES is off; the same idempotencyKey with another body is a 409)`;
  return operation(summary, connector, { "201": { description: "the payment, PENDING", ...json(ref(response)) } }, { requestBody: json(ref(request)) });
}

function paths() {
  return {
    "/accounts": { get: operation("Accounts, in publication order", connector, listOf("Account"), { parameters: listParameters(["createdAt"], ["createdAt"]) }) },
    "/accounts/{accountId}/balances": {
      get: operation("The latest balance per currency of an account", connector, ok("balances", ref("Balances")), { parameters: [pathParameter("accountId")] }),
    },
    "/beneficiaries": { get: operation("Counterparties of outgoing payments", connector, listOf("Beneficiary"), { parameters: listParameters(["createdAt"], ["createdAt"]) }) },
    "/transactions": {
      get: operation("Bank entries, in publication order by default", connector, listOf("Transaction"), {
        parameters: listParameters(["createdAt", "updatedAt"], ["createdAt", "updatedAt"]),
      }),
    },
    "/payouts": { post: initiation("a payout to a beneficiary", "PayoutRequest", "Payout") },
    "/transfers": { post: initiation("a transfer between two accounts served here", "TransferRequest", "Transfer") },
    "/admin/files": { get: operation("Every file with its state", admin, ok("files", { type: "array", items: ref("File") })) },
    "/admin/files/{source}/{name}": {
      put: operation("Upload a statement file (raw bytes, Content-Length required)", admin, { "201": { description: "stored, pending ingestion" } }, {
        parameters: fileParameters,
        requestBody: { content: { "application/octet-stream": { schema: { type: "string", format: "binary" } } } },
      }),
    },
    "/admin/retry/{source}/{name}": { post: operation("Read a failed file again on the next run", admin, { "202": { description: "retry requested" } }, { parameters: fileParameters }) },
    "/admin/ingest": { post: operation("Run the ingestion job now", admin, ok("the run's summary", ref("Run"))) },
    "/admin/runs": { get: operation("The latest ingestion runs that did something", admin, ok("runs, newest first", { type: "array", items: ref("Run") })) },
    "/admin/payments": { get: operation("Initiated payments with their state and file", admin, ok("payments, newest first", { type: "array", items: ref("AdminPayment") })) },
    "/admin/outbox/{file}": {
      get: operation("A payment file as written", admin, { "200": { description: "the pain.001 file", content: { "application/xml": { schema: { type: "string" } } } } }, {
        parameters: [pathParameter("file")],
      }),
    },
    "/admin/accounts": { get: operation("Balances and continuity breaks per account", admin, ok("accounts", { type: "array", items: ref("AdminAccount") })) },
    "/admin/accounts/{accountId}/history": {
      get: operation("Stated balances over time per currency", admin, ok("the history", ref("AccountHistory")), { parameters: [pathParameter("accountId")] }),
    },
    "/admin/transactions": {
      get: operation(`Search published transactions: the latest ${SEARCH_SCAN_LIMIT} read, or those of one booking day`, admin, ok("matches, newest first", ref("TransactionSearch")), {
        parameters: [
          query("q", "text in the id, accounts, references or description (case-insensitive)", { type: "string" }),
          query("amount", "exact decimal amount such as 12.34; a sign also matches the direction", { type: "string" }),
          query("date", "booking day, YYYY-MM-DD", { type: "string", format: "date" }),
          query("limit", "most matches returned", { type: "integer", minimum: 1, maximum: MAX_RESULTS, default: DEFAULT_RESULTS }),
        ],
      }),
    },
    "/admin/profiles/{source}": {
      parameters: [pathParameter("source")],
      get: operation("A source's profile", admin, ok("the profile", ref("Profile"))),
      put: operation("Store a source's profile (400 lists every bad field)", admin, ok("the stored profile", ref("Profile")), { requestBody: json(ref("Profile")) }),
      delete: operation("Remove a source's profile", admin, { "204": { description: "removed" } }),
    },
  };
}

let document: object | undefined;

export function openApiDocument(): object {
  document ??= {
    openapi: "3.1.0",
    info: {
      title: "statement-connector",
      version: "1",
      description: "Bank statement files served through the Formance Generic Connector contract, and the admin API that feeds it.",
    },
    paths: paths(),
    components: {
      securitySchemes: {
        connectorKey: { type: "http", scheme: "bearer", description: "one of API_KEYS" },
        adminKey: { type: "http", scheme: "bearer", description: "ADMIN_API_KEY" },
      },
      schemas: Object.fromEntries(
        Object.entries(SCHEMAS).map(([name, schema]) => {
          const { $schema: _dialect, ...body } = z.toJSONSchema(schema, { unrepresentable: "any" }) as Record<string, unknown>;
          return [name, body];
        }),
      ),
    },
  };
  return document;
}
