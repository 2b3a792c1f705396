import type { Env } from "../env";
import { PayoutRequestSchema, type PaymentResponse, TransferRequestSchema } from "../model/contract";
import { umn } from "../model/money";
import type { PaymentOrder, PaymentStatus, PaymentType } from "../model/payment";
import { describeIssues } from "../model/zod-issues";
import type { Settings } from "../settings";
import { type PaymentConfig, paymentConfig } from "../payments/config";
import { newOrder, requestHash } from "../payments/new-order";
import { orderKey, putOrderOnce, readOrder } from "../payments/orders";
import { ensurePaymentFile } from "../payments/outbox";
import { loadManifest } from "../store/manifest";
import { readDocument } from "../store/documents";
import { badRequest, HttpError } from "./errors";
import { readJsonBody } from "./json-body";
import { configured } from "./misconfigured";

/**
 * POST /payouts and POST /transfers: checks the request, stores the order once per
 * idempotency key (racing requests converge on one order) and writes its pain.001 file.
 * The transaction appears in /transactions, PENDING, from the next ingestion run on.
 */
export async function initiatePayment(request: Request, env: Env, settings: Settings, type: PaymentType): Promise<Response> {
  const config = requireConfig(settings);
  const body = await readBody(request, type);
  const key = await orderKey(body.idempotencyKey);
  const hash = requestHash(type, body);
  const existing = await readOrder(env.STATEMENTS, key);
  if (existing) return respond(env, existing, hash, await currentStatus(env, existing));
  const { manifest } = await loadManifest(env.STATEMENTS);
  const [book, beneficiaries] = await Promise.all([
    readDocument(env.STATEMENTS, manifest, "accounts"),
    readDocument(env.STATEMENTS, manifest, "beneficiaries"),
  ]);
  const order = await newOrder(type, body, { book, beneficiaries, config, nowMs: Date.now() });
  const stored = await putOrderOnce(env.STATEMENTS, key, order);
  const status = stored === order ? "PENDING" : await currentStatus(env, stored);
  return respond(env, stored, hash, status);
}

function requireConfig(settings: Settings): PaymentConfig {
  const config = configured("Payment initiation", () => paymentConfig(settings));
  if (config) return config;
  throw paymentsNotEnabled();
}

export function paymentsNotEnabled(): HttpError {
  return new HttpError(
    501,
    "Not Implemented",
    "Payment initiation is not enabled on this service. To have POST /payouts and /transfers write pain.001 files, " +
      "set PAYMENT_FILES to pain.001.001.03 or pain.001.001.09 (wrangler.toml [vars]).",
  );
}

/** Far above any PayoutRequest or TransferRequest (a 140-character description and some metadata). */
const MAX_REQUEST_BYTES = 64 * 1024;

async function readBody(request: Request, type: PaymentType) {
  const json = await readJsonBody(request, MAX_REQUEST_BYTES, `a ${type === "PAYOUT" ? "PayoutRequest" : "TransferRequest"} object`);
  const parsed = (type === "PAYOUT" ? PayoutRequestSchema : TransferRequestSchema).safeParse(json);
  if (!parsed.success) throw badRequest(describeIssues(parsed.error));
  return parsed.data;
}

/** The stored order as the contract's Payout or Transfer, unless the key came with another body. */
async function respond(env: Env, order: PaymentOrder, hash: string, status: PaymentStatus): Promise<Response> {
  if (order.requestHash !== hash) {
    throw new HttpError(409, "Conflict", `idempotencyKey "${order.idempotencyKey}" was used for another request (${order.id}); use a new key for a new payment.`);
  }
  // Also on a retry: the request that stored the order may have stopped before writing its file.
  if (order.file) await ensurePaymentFile(env.STATEMENTS, order.file, [order]);
  const body: PaymentResponse = {
    id: order.id,
    idempotencyKey: order.idempotencyKey,
    amount: order.amount,
    currency: umn(order),
    sourceAccountId: order.sourceAccountId,
    destinationAccountId: order.destinationId,
    description: order.description,
    status,
    createdAt: order.createdAt,
    // A pending payment has not changed since it was made. The ledger keeps a settled one's
    // status but not when it changed: no time is better than a wrong one.
    updatedAt: status === "PENDING" ? order.createdAt : undefined,
    metadata: order.metadata ?? undefined,
  };
  return Response.json(body, { status: 201 });
}

async function currentStatus(env: Env, order: PaymentOrder): Promise<PaymentStatus> {
  const { manifest } = await loadManifest(env.STATEMENTS);
  const ledger = await readDocument(env.STATEMENTS, manifest, "payments");
  return ledger.payments[order.id]?.status ?? "PENDING";
}
