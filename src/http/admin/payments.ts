import type { Env } from "../../env";
import { notFound } from "../errors";
import { paymentsNotEnabled } from "../payments";
import type { AdminPayment } from "../../model/admin";
import { formatDecimal, umn } from "../../model/money";
import { type LedgerPayment, orderMoney, type PaymentOrder } from "../../model/payment";
import { settingFor } from "../misconfigured";
import type { Settings } from "../../settings";
import { paymentFilesOn } from "../../payments/config";
import { listOrderKeys, readOrder } from "../../payments/orders";
import { loadManifest } from "../../store/manifest";
import { readDocument } from "../../store/documents";
import { fileName } from "./names";

/** GET /admin/payments: every initiated payment with its state and file, newest first. */
export async function listPayments(env: Env, settings: Settings): Promise<Response> {
  const { manifest } = await loadManifest(env.STATEMENTS);
  const ledger = await readDocument(env.STATEMENTS, manifest, "payments");
  // Orders accepted since the last ingestion run are not in the ledger yet: they are pending.
  const fresh = (await listOrderKeys(env.STATEMENTS)).filter((key) => !(key in ledger.orders));
  const orders = await Promise.all(fresh.map((key) => readOrder(env.STATEMENTS, key)));
  const payments = [
    ...Object.values(ledger.payments),
    ...orders.filter((o): o is PaymentOrder => o !== undefined).map((order): LedgerPayment => ({ order, status: "PENDING", file: order.file })),
  ];
  // Payments made before initiation was switched off stay listed; with none, say why there are none.
  if (payments.length === 0 && !paymentFilesOn(settings)) throw paymentsNotEnabled();
  const items = payments.map(adminPayment).sort((a, b) => b.createdAt.localeCompare(a.createdAt) || b.id.localeCompare(a.id));
  return Response.json(items);
}

function adminPayment(payment: LedgerPayment): AdminPayment {
  const { order } = payment;
  return {
    id: order.id,
    type: order.type,
    status: payment.status,
    idempotencyKey: order.idempotencyKey,
    endToEndId: order.endToEndId,
    amount: order.amount,
    decimal: formatDecimal(orderMoney(order)),
    currency: umn(order),
    sourceAccountId: order.sourceAccountId,
    destinationId: order.destinationId,
    description: order.description ?? "",
    createdAt: order.createdAt,
    file: payment.file?.key ?? null,
    transactionId: payment.transactionId,
    failureReason: payment.failureReason,
  };
}

/** GET /admin/outbox/<file>: a payment file exactly as written. */
export async function outboxFile(env: Env, settings: Settings, rawName: string): Promise<Response> {
  const name = fileName(rawName);
  const prefix = settingFor(settings, "OUTBOX_PREFIX", "Reading payment files");
  const object = await env.STATEMENTS.get(`${prefix}${name}`);
  if (!object) throw notFound(`No payment file "${name}" in ${prefix}.`);
  return new Response(object.body, { headers: { "content-type": "application/xml; charset=utf-8", etag: object.httpEtag } });
}
