import { type IRequest, type RouteEntry, Router } from "itty-router";
import { z } from "zod";
import { accountHistory, accountsView } from "./admin/accounts";
import {
  accountTransactions, DEFAULT_ACCOUNT_PAGE, EXPORT_LIMIT, exportAccountTransactions, MAX_ACCOUNT_PAGE, transactionVersions,
} from "./admin/account-transactions";
import { auditPage, DEFAULT_AUDIT_PAGE, MAX_AUDIT_PAGE } from "./admin/audit";
import { deleteFile } from "./admin/delete-file";
import { DEFAULT_FILE_PAGE, FILE_ORDERS, listFiles, MAX_FILE_PAGE, retryFile, uploadFile } from "./admin/files";
import { previewPosted, previewStored } from "./admin/preview";
import { retract } from "./admin/retract";
import { approve, reject } from "./admin/review";
import { listPayments, outboxFile } from "./admin/payments";
import { deleteProfile, getProfile, putProfile } from "./admin/profiles";
import {
  OpenedAccountSchema, OpenedBeneficiarySchema, postSandboxAccount, postSandboxAction, postSandboxBeneficiary, postSandboxGenerate, SandboxAccountRequestSchema, SandboxActionRequestSchema,
  SandboxActionResultSchema, SandboxBeneficiaryRequestSchema, SandboxGeneratedSchema, SandboxGenerateRequestSchema, sandboxView, SandboxViewSchema,
} from "./admin/sandbox";
import { statusPageAsset } from "./admin/status-page";
import { whoami } from "./admin/whoami";
import { DEFAULT_RESULTS, MAX_RESULTS, SEARCH_SCAN_LIMIT, searchTransactions } from "./admin/transactions";
import type { Env } from "../env";
import type { Settings } from "../settings";
import { jobOptions, runIngestion } from "../ingestion";
import { recentRuns } from "../store/run-history";
import {
  AccountHistorySchema, AccountTransactionsSchema, AdminAccountSchema, AdminFilePageSchema, AdminFileSchema, AdminPaymentSchema, ApprovedFileSchema, FilePreviewSchema, RejectRequestSchema, RetriedFileSchema,
  RunSummarySchema, TransactionSearchSchema, TransactionVersionsSchema, UploadedFileSchema,
} from "../model/admin";
import { DEFAULT_PREVIEW_TRANSACTIONS, MAX_PREVIEW_TRANSACTIONS, PREVIEW_EVENTS } from "../ingest/preview";
import {
  AccountSchema, BalancesSchema, BeneficiarySchema, ErrorSchema, PayoutRequestSchema, PayoutSchema, TransactionSchema, TransferRequestSchema, TransferSchema,
} from "../model/contract";
import { ProfileSchema } from "../model/profile";
import { AuditPageSchema } from "../model/audit";
import { CreateTenantRequestSchema, IssuedKeySchema, IssueKeyRequestSchema, TenantViewSchema, WhoamiSchema } from "../model/tenant";
import { platformBucket } from "../store/tenant-registry";
import { tenantEnv } from "../tenancy";
import { audited } from "./audit";
import { authorize, callerOf, rememberCaller } from "./auth";
import { createTenantRoute, deleteTenantRoute, getTenantRoute, issueKey, listTenantsRoute, revokeKey, setSuspended } from "./platform";
import { corsPreflight, withCors } from "./cors";
import { HttpError, toErrorResponse } from "./errors";
import { openApiDocument } from "./openapi";
import { initiatePayment } from "./payments";
import { accountBalances, listPage } from "./resources";
import { type Content, listQuery, query, type Route, routePattern } from "./route";
import { withSecurityHeaders } from "./security-headers";

/** What every handler is called with after the request: the bindings, and the settings read once for this request. */
type Args = [Env, Settings, ExecutionContext];

const list = (description: string, item: z.ZodType) => ({ 200: { description: `${description}: a bare array; [] past the end`, content: z.array(item) } });
const ok = (description: string, content: z.ZodType) => ({ 200: { description, content } });
const text = (mediaType: string): Content => ({ mediaType, schema: { type: "string" } });

const binary = (): Content => ({ mediaType: "application/octet-stream", schema: { type: "string", format: "binary" } });
const PREVIEWED = `its first ${PREVIEW_EVENTS.toLocaleString("en")} events are read, mapped and shown; nothing is written`;
const shownTransactions = query("transactions", "how many of its transaction versions to show as /transactions would serve them", {
  type: "integer", minimum: 0, maximum: MAX_PREVIEW_TRANSACTIONS, default: DEFAULT_PREVIEW_TRANSACTIONS,
});

const candidate = query("profile", "a profile to preview with instead of the stored one, not saved: the JSON PUT /admin/profiles/<source> takes (or send it in the X-Profile header, percent-encoded); a bad one is a 400 listing every bad field", { type: "string" });
const transactionFilters = [
  query("from", "first booking day, YYYY-MM-DD", { type: "string", format: "date" }),
  query("to", "last booking day, YYYY-MM-DD", { type: "string", format: "date" }),
  query("q", "text in the id, references, description or counterparty (case-insensitive)", { type: "string" }),
  query("status", "only transactions whose latest version has this status", { type: "string", enum: ["PENDING", "SUCCEEDED", "FAILED", "CANCELLED"] }),
];

const auditQuery = [
  query("cursor", "the next of the previous page; none for the newest entries", { type: "string" }),
  query("pageSize", "entries per page", { type: "integer", minimum: 1, maximum: MAX_AUDIT_PAGE, default: DEFAULT_AUDIT_PAGE }),
];

const INITIATION = "as a pain.001 file (501 while PAYMENT_FILES is off; the same idempotencyKey with another body is a 409; an unknown field or a key given twice is a 400)";

/**
 * Every route the Worker serves, once: the router, the 405 answers with their Allow list and
 * /openapi.json are all derived from this table, so none can list a route the others lack.
 */
export const ROUTES: readonly Route[] = [
  {
    method: "GET", path: "/openapi.json", access: "public", summary: "This description of the API",
    responses: { 200: { description: "an OpenAPI 3.1 document", content: { mediaType: "application/json", schema: { type: "object" } } } },
    handle: () => Response.json(openApiDocument(ROUTES)),
  },
  {
    method: "GET", path: "/accounts", access: "connector", summary: "Accounts, in publication order",
    query: listQuery("accounts"), responses: list("a page of accounts", AccountSchema),
    handle: (r, env) => listPage(env, "accounts", r.query),
  },
  {
    method: "GET", path: "/accounts/{accountId}/balances", access: "connector", summary: "The latest balance per currency of an account",
    // Formance's client puts the id into the path without percent-encoding it (CONNECTOR.md):
    // an id such as `50010517/5319125489` (BLZ/account) arrives as several segments.
    pattern: /^\/accounts\/(?<accountId>.+)\/balances$/,
    params: { accountId: "the account's id, percent-encoded or not: everything between /accounts/ and the last /balances, \"/\" included" },
    responses: ok("balances", BalancesSchema),
    handle: (r, env) => accountBalances(env, r.params.accountId!),
  },
  {
    method: "GET", path: "/beneficiaries", access: "connector", summary: "Counterparties of outgoing payments",
    query: listQuery("beneficiaries"), responses: list("a page of beneficiaries", BeneficiarySchema),
    handle: (r, env) => listPage(env, "beneficiaries", r.query),
  },
  {
    method: "GET", path: "/transactions", access: "connector", summary: "Bank entries, in publication order by default",
    query: listQuery("transactions"), responses: list("a page of transactions", TransactionSchema),
    handle: (r, env) => listPage(env, "transactions", r.query),
  },
  {
    method: "POST", path: "/payouts", access: "connector", summary: `Initiate a payout to a beneficiary ${INITIATION}`,
    request: PayoutRequestSchema, responses: { 201: { description: "the payout", content: PayoutSchema } }, audit: "payout",
    handle: (r, env, settings) => initiatePayment(r, env, settings, "PAYOUT"),
  },
  {
    method: "POST", path: "/transfers", access: "connector", summary: `Initiate a transfer between two accounts served here ${INITIATION}`,
    request: TransferRequestSchema, responses: { 201: { description: "the transfer", content: TransferSchema } }, audit: "transfer",
    handle: (r, env, settings) => initiatePayment(r, env, settings, "TRANSFER"),
  },
  {
    method: "GET", path: "/", access: "public", summary: "A browser (Accept: text/html) is sent to the status page; nothing else is served here",
    responses: { 302: { description: "to /admin" }, 404: { description: "not a browser: no route", content: ErrorSchema } },
    handle: (r) => {
      if (/\btext\/html\b/i.test(r.headers.get("accept") ?? "")) return new Response(null, { status: 302, headers: { location: "/admin" } });
      throw new HttpError(404, "Not Found", "No route /.");
    },
  },
  {
    method: "GET", path: "/admin", access: "public", summary: "The status page (it holds no data; it signs in against the admin API)",
    responses: { 200: { description: "the page", content: text("text/html") } },
    handle: () => statusPageAsset("page"),
  },
  {
    method: "GET", path: "/admin/app.js", access: "public", summary: "The status page's script",
    responses: { 200: { description: "the script", content: text("text/javascript") } },
    handle: () => statusPageAsset("script"),
  },
  {
    method: "GET", path: "/admin/app.css", access: "public", summary: "The status page's style sheet",
    responses: { 200: { description: "the style sheet", content: text("text/css") } },
    handle: () => statusPageAsset("style"),
  },
  {
    method: "GET", path: "/admin/files", access: "admin",
    summary: "Every file with its state, as a bare array; filtered by state, source and format when asked, and with cursor or pageSize a page of them with what the filters can be set to",
    query: [
      query("state", "only files in these states (comma-separated)", { type: "string" }),
      query("source", "only the files of this source", { type: "string" }),
      query("format", "only files of this format", { type: "string" }),
      query("sort", "order of a page (default time:desc: the time of its state, else its upload)", { type: "string", enum: Object.keys(FILE_ORDERS) }),
      query("cursor", "the next of the previous page; asks for a page", { type: "string" }),
      query("pageSize", "files per page; asks for a page", { type: "integer", minimum: 1, maximum: MAX_FILE_PAGE, default: DEFAULT_FILE_PAGE }),
    ],
    responses: ok("the files (a bare array), or with cursor or pageSize a page of them", z.union([z.array(AdminFileSchema), AdminFilePageSchema])),
    handle: (r, env) => listFiles(env, r.query),
  },
  {
    method: "PUT", path: "/admin/files/{source}/{name}", access: "admin",
    summary: "Upload a statement file (raw bytes, Content-Length required; a name with control or invisible formatting characters is a 400)",
    params: { name: "the file name, percent-encoded; one holding \"/\" or \"\\\" or starting with \".\" is a 400" },
    request: binary(),
    responses: { 201: { description: "stored, pending ingestion", content: UploadedFileSchema } }, audit: "upload",
    handle: (r, env, settings) => uploadFile(r, env, settings, r.params.source!, r.params.name!),
  },
  {
    method: "DELETE", path: "/admin/files/{source}/{name}", access: "admin",
    summary: "Remove a file never published (pending, failed, duplicate or rejected) from the inbox and the files; a published, held or retracted one is a 409 (a published one is retracted instead); 503 while an ingestion run is in progress",
    params: { name: "the file name, percent-encoded" },
    responses: { 204: { description: "removed" } }, audit: "file-delete",
    handle: (r, env) => deleteFile(env, r.params.source!, r.params.name!),
  },
  {
    method: "GET", path: "/admin/files/{source}/{name}/preview", access: "admin",
    summary: `What ingesting a pending, held or failed file now would do, or with a candidate profile an ingested one (409 for another): ${PREVIEWED}`,
    query: [shownTransactions, candidate], responses: ok("the preview", FilePreviewSchema),
    handle: (r, env, settings) => previewStored(r, env, settings, r.query, r.params.source!, r.params.name!),
  },
  {
    method: "POST", path: "/admin/files/{source}/{name}/approve", access: "admin",
    summary: "Publish a held file now, in an ingestion run for it alone; the answer says whether what it published differs from what it held (409 for a file not held; 503 while an ingestion run is in progress)",
    responses: ok("the file's record now, and what changed since it was held", ApprovedFileSchema), audit: "approve",
    handle: (r, env, settings) => approve(env, settings, r.params.source!, r.params.name!),
  },
  {
    method: "POST", path: "/admin/files/{source}/{name}/reject", access: "admin",
    summary: "Refuse a held file, saying why: nothing of it is published, and it stays listed until it is deleted or replaced by a new upload (409 for a file not held; 503 while an ingestion run is in progress)",
    request: RejectRequestSchema, responses: ok("the file's record", AdminFileSchema), audit: "reject",
    handle: (r, env) => reject(r, env, r.params.source!, r.params.name!),
  },
  {
    method: "POST", path: "/admin/files/{source}/{name}/retract", access: "admin",
    summary: "Take a published file back, saying why, in an ingestion run for it alone: what only it stated is served again as CANCELLED (same ids), balances as if it had never come (202 while a large file goes on in later runs; 409 for a file not published; 503 while an ingestion run is in progress)",
    request: RejectRequestSchema,
    responses: { 200: { description: "the file's record, retracted", content: AdminFileSchema }, 202: { description: "the file's record while it is being taken back", content: AdminFileSchema } },
    audit: "retract",
    handle: (r, env, settings) => retract(r, env, settings, r.params.source!, r.params.name!),
  },
  {
    method: "POST", path: "/admin/preview/{source}", access: "admin",
    summary: `What ingesting the body as a file of the source would do, without storing it (Content-Length required, at most MAX_UPLOAD_BYTES): ${PREVIEWED} but the audit log's entry`,
    query: [query("name", "the file name it would have (default: preview): a published file of that name is compared with", { type: "string" }), shownTransactions, candidate],
    request: binary(), responses: ok("the preview", FilePreviewSchema), audit: "preview",
    handle: (r, env, settings) => previewPosted(r, env, settings, r.query, r.params.source!),
  },
  {
    method: "POST", path: "/admin/retry/{source}/{name}", access: "admin", summary: "Read a failed file again on the next run",
    pattern: /^\/admin\/retry\/(?<source>[^/]+)\/(?<name>.+)$/,
    responses: { 202: { description: "retry requested", content: RetriedFileSchema } }, audit: "retry",
    handle: (r, env) => retryFile(env, r.params.source!, r.params.name!),
  },
  {
    method: "POST", path: "/admin/ingest", access: "admin", summary: "Run the ingestion job now",
    responses: ok("the run's summary", RunSummarySchema), audit: "ingest",
    handle: async (_r, env, settings) => {
      const run = await runIngestion(env.STATEMENTS, jobOptions(settings, env));
      if (run.status === "failed") throw new HttpError(503, "Service Unavailable", `The ingestion run stopped: ${run.reason}. GET /admin/runs lists it; try again later.`);
      return Response.json(run);
    },
  },
  {
    method: "GET", path: "/admin/accounts", access: "admin", summary: "Balances and continuity breaks per account",
    responses: ok("accounts", z.array(AdminAccountSchema)),
    handle: (_r, env) => accountsView(env),
  },
  {
    method: "GET", path: "/admin/accounts/{accountId}/history", access: "admin", summary: "Stated balances over time per currency",
    responses: ok("the history", AccountHistorySchema),
    handle: (r, env) => accountHistory(env, r.params.accountId!),
  },
  {
    method: "GET", path: "/admin/accounts/{accountId}/transactions", access: "admin",
    summary: "An account's transactions, each by its latest version, newest booking day first, a page at a time (booking days are read whole, newest first, until the page is full)",
    query: [
      ...transactionFilters,
      query("cursor", "the next of the previous page", { type: "string" }),
      query("pageSize", "transactions per page", { type: "integer", minimum: 1, maximum: MAX_ACCOUNT_PAGE, default: DEFAULT_ACCOUNT_PAGE }),
    ],
    responses: ok("a page of transactions", AccountTransactionsSchema),
    handle: (r, env) => accountTransactions(env, r.params.accountId!, r.query),
  },
  {
    method: "GET", path: "/admin/accounts/{accountId}/transactions.csv", access: "admin",
    summary: `An account's transactions as a CSV file for a spreadsheet, filtered as the list is: at most ${EXPORT_LIMIT.toLocaleString("en")} rows (X-Export-Complete: false when more match); amounts as signed decimals with their currency, text that a spreadsheet would read as a formula prefixed with an apostrophe`,
    query: transactionFilters,
    responses: { 200: { description: "the CSV file", content: text("text/csv") } },
    handle: (r, env) => exportAccountTransactions(env, r.params.accountId!, r.query),
  },
  {
    method: "GET", path: "/admin/transactions/{transactionId}", access: "admin",
    summary: "Every version served of one transaction, oldest first, each with its file and line (metadata sourceFile, sourceLine)",
    query: [query("day", "its booking day, YYYY-MM-DD (the day of createdAt); needed when the id does not hold it", { type: "string", format: "date" })],
    responses: ok("the versions", TransactionVersionsSchema),
    handle: (r, env) => transactionVersions(env, r.params.transactionId!, r.query),
  },
  {
    method: "GET", path: "/admin/transactions", access: "admin",
    summary: `Search published transactions: the latest ${SEARCH_SCAN_LIMIT} read, or those of one booking day`,
    query: [
      query("q", "text in the id, accounts, references or description (case-insensitive)", { type: "string" }),
      query("amount", "exact decimal amount such as 12.34; a sign also matches the direction", { type: "string" }),
      query("date", "booking day, YYYY-MM-DD", { type: "string", format: "date" }),
      query("limit", "most matches returned", { type: "integer", minimum: 1, maximum: MAX_RESULTS, default: DEFAULT_RESULTS }),
    ],
    responses: ok("matches, newest first", TransactionSearchSchema),
    handle: (r, env) => searchTransactions(env, r.query),
  },
  {
    method: "GET", path: "/admin/runs", access: "admin", summary: "The latest ingestion runs that did something",
    responses: ok("runs, newest first", z.array(RunSummarySchema)),
    handle: async (_r, env) => Response.json(await recentRuns(env.STATEMENTS)),
  },
  {
    method: "GET", path: "/admin/profiles/{source}", access: "admin", summary: "A source's profile",
    responses: ok("the profile", ProfileSchema),
    handle: (r, env) => getProfile(env, r.params.source!),
  },
  {
    method: "PUT", path: "/admin/profiles/{source}", access: "admin", summary: "Store a source's profile (400 lists every bad field)",
    request: ProfileSchema, responses: ok("the stored profile", ProfileSchema), audit: "profile-put",
    handle: (r, env) => putProfile(r, env, r.params.source!),
  },
  {
    method: "DELETE", path: "/admin/profiles/{source}", access: "admin", summary: "Remove a source's profile",
    responses: { 204: { description: "removed" } }, audit: "profile-delete",
    handle: (r, env) => deleteProfile(env, r.params.source!),
  },
  {
    method: "GET", path: "/admin/payments", access: "admin", summary: "Initiated payments with their state and file",
    responses: ok("payments, newest first", z.array(AdminPaymentSchema)),
    handle: (_r, env, settings) => listPayments(env, settings),
  },
  {
    method: "GET", path: "/admin/outbox/{file}", access: "admin", summary: "A payment file as written",
    pattern: /^\/admin\/outbox\/(?<file>.+)$/,
    responses: { 200: { description: "the pain.001 file", content: text("application/xml") } },
    handle: (r, env, settings) => outboxFile(env, settings, r.params.file!),
  },
  {
    method: "GET", path: "/admin/sandbox", access: "admin", summary: "The sandbox bank's test accounts (their statement chain, pending and latest entries) and beneficiaries (501 while SANDBOX is off)",
    responses: ok("accounts and beneficiaries", SandboxViewSchema),
    handle: (_r, env, settings) => sandboxView(env, settings),
  },
  {
    method: "POST", path: "/admin/sandbox/accounts", access: "admin", summary: "Open a sandbox test account: an IBAN valid for its country, whose files go to the inbox folder sandbox-<iban> (501 while SANDBOX is off)",
    request: SandboxAccountRequestSchema, responses: { 201: { description: "the account", content: OpenedAccountSchema } }, audit: "sandbox-account",
    handle: (r, env, settings) => postSandboxAccount(r, env, settings),
  },
  {
    method: "POST", path: "/admin/sandbox/beneficiaries", access: "admin", summary: "Open a sandbox beneficiary, paid by the test accounts in the days generated next (501 while SANDBOX is off)",
    request: SandboxBeneficiaryRequestSchema, responses: { 201: { description: "the beneficiary", content: OpenedBeneficiarySchema } }, audit: "sandbox-beneficiary",
    handle: (r, env, settings) => postSandboxBeneficiary(r, env, settings),
  },
  {
    method: "POST", path: "/admin/sandbox/generate", access: "admin", summary: "Write days of activity of test accounts into the inbox as statement files, each continuing its account's statement chain (501 while SANDBOX is off)",
    request: SandboxGenerateRequestSchema, responses: { 201: { description: "the files written per account", content: SandboxGeneratedSchema } }, audit: "sandbox-generate",
    handle: (r, env, settings) => postSandboxGenerate(r, env, settings),
  },
  {
    method: "POST", path: "/admin/sandbox/actions", access: "admin",
    summary: "Write the bank file of a lifecycle event into the inbox: book-pending, return or reverse an entry (by reference), execute-payout, reject-payout or return-payout a payment initiated here (by id or idempotency key) (501 while SANDBOX is off; 404 for an unknown target, 409 for one past that point)",
    request: SandboxActionRequestSchema, responses: { 201: { description: "the file written", content: SandboxActionResultSchema } }, audit: "sandbox-action",
    handle: (r, env, settings) => postSandboxAction(r, env, settings),
  },
  {
    method: "GET", path: "/admin/audit", access: "admin", summary: "The audit log: every recorded action (who, when, what, how it ended), newest first",
    query: auditQuery, responses: ok("a page of entries, newest first", AuditPageSchema),
    handle: (r, env) => auditPage(env, r.query),
  },
  {
    method: "GET", path: "/admin/whoami", access: "admin", summary: "The tenant the key opens and the name the key goes by",
    responses: ok("who is signed in", WhoamiSchema),
    handle: (r) => whoami(r),
  },
  {
    method: "GET", path: "/platform/tenants", access: "platform", summary: "Every tenant with its status and its keys' names (the deployment's own, default tenant is not listed)",
    responses: ok("tenants, by id", z.array(TenantViewSchema)),
    handle: (_r, env) => listTenantsRoute(env),
  },
  {
    method: "POST", path: "/platform/tenants", access: "platform", summary: "Create a tenant, with no key yet (409 for an id in use or still being deleted)",
    request: CreateTenantRequestSchema, responses: { 201: { description: "the tenant", content: TenantViewSchema } }, audit: "tenant-create",
    handle: (r, env) => createTenantRoute(r, env),
  },
  {
    method: "GET", path: "/platform/tenants/{tenantId}", access: "platform", summary: "A tenant",
    responses: ok("the tenant", TenantViewSchema),
    handle: (r, env) => getTenantRoute(env, r.params.tenantId!),
  },
  {
    method: "DELETE", path: "/platform/tenants/{tenantId}", access: "platform",
    summary: "Delete a tenant: its keys are refused at once, and the cron removes its data in bounded steps, then its record",
    responses: { 202: { description: "the tenant, deleting", content: TenantViewSchema } }, audit: "tenant-delete",
    handle: (r, env) => deleteTenantRoute(env, r.params.tenantId!),
  },
  {
    method: "POST", path: "/platform/tenants/{tenantId}/suspend", access: "platform", summary: "Suspend a tenant: its keys answer 403, the cron leaves it; its data is kept",
    responses: ok("the tenant", TenantViewSchema), audit: "tenant-suspend",
    handle: (r, env) => setSuspended(env, r.params.tenantId!, true),
  },
  {
    method: "POST", path: "/platform/tenants/{tenantId}/resume", access: "platform", summary: "Resume a suspended tenant",
    responses: ok("the tenant", TenantViewSchema), audit: "tenant-resume",
    handle: (r, env) => setSuspended(env, r.params.tenantId!, false),
  },
  {
    method: "POST", path: "/platform/tenants/{tenantId}/keys", access: "platform",
    summary: "Issue a key of the tenant, connector or admin, under a name of its own: the key is in this answer only (stored as its SHA-256)",
    request: IssueKeyRequestSchema, responses: { 201: { description: "the key, shown once", content: IssuedKeySchema } }, audit: "key-issue",
    handle: (r, env) => issueKey(r, env, r.params.tenantId!),
  },
  {
    method: "DELETE", path: "/platform/tenants/{tenantId}/keys/{name}", access: "platform", summary: "Revoke a key of the tenant by its name: refused from the next request on",
    responses: { 204: { description: "revoked" } }, audit: "key-revoke",
    handle: (r, env) => revokeKey(env, r.params.tenantId!, r.params.name!),
  },
  {
    method: "GET", path: "/platform/audit", access: "platform", summary: "The platform's audit log: every recorded platform action, newest first",
    query: auditQuery, responses: ok("a page of entries, newest first", AuditPageSchema),
    handle: (r, env) => auditPage(env, r.query),
  },
];

export function buildRouter() {
  const patterns = ROUTES.map((route) => ({ route, pattern: routePattern(route) }));
  const routes: RouteEntry[] = patterns.map(({ route, pattern }) => [route.method, pattern, [...guard(route), handler(route)], route.path]);
  const router = Router<IRequest, Args>({ routes, before: [corsPreflight], catch: toErrorResponse, finally: [withSecurityHeaders, withCors] });
  return router.all("*", (request) => {
    const path = new URL(request.url).pathname;
    const allowed = patterns.filter(({ pattern }) => pattern.test(path)).map(({ route }) => route.method);
    if (allowed.length > 0) {
      const allow = allowed.join(", ");
      throw new HttpError(405, "Method Not Allowed", `${request.method} is not allowed on ${path}; use ${allow}.`, { allow });
    }
    throw new HttpError(404, "Not Found", `No route ${path}.`);
  });
}

/** The key check a route's access asks for, run before its handler; it remembers who the caller is. */
function guard(route: Route): ((request: IRequest, env: Env, settings: Settings) => Promise<undefined>)[] {
  const { access } = route;
  if (access === "public") return [];
  return [(request, env, settings) => authorize(request, env, settings, access).then((caller) => void rememberCaller(request, caller))];
}

/**
 * The route's handler, recording each request it serves in the audit log when the route says so,
 * called with the Env of the caller's tenant (its own folder of the bucket, see tenantEnv), or for
 * the platform API with the platform's folder: the handler, and the audit entry, see only that.
 */
function handler(route: Route): Route["handle"] {
  if (route.audit && route.access === "public") throw new Error(`${route.method} ${route.path}: an audited route needs a key, to say who acted`);
  const handle = route.audit ? audited(route.audit, route.handle) : route.handle;
  if (route.access === "public") return handle;
  return (request, env, settings) => handle(request, envOf(route, request, env), settings);
}

function envOf(route: Route, request: IRequest, env: Env): Env {
  if (route.access === "platform") return { ...env, STATEMENTS: platformBucket(env.STATEMENTS) };
  const caller = callerOf(request);
  if (!caller) throw new Error(`${route.method} ${route.path} ran without a caller`);
  return tenantEnv(env, caller.tenant);
}
