import { type Pain001Instruction, type Pain001Message, writePain001 } from "../formats/pain001";
import { orderMoney, type PaymentFile, PaymentFileSchema, type PaymentOrder } from "../model/payment";
import { randomHex } from "../model/hash";
import { type Bucket, readJson } from "../store/bucket";
import { filedKey } from "../store/layout";

/** A message id (Max35Text) unique to this service: its time and 48 random bits. */
export function newMessageId(nowMs: number): string {
  const stamp = new Date(nowMs).toISOString().replace(/[-:T]/g, "").slice(0, 14);
  return `SC${stamp}${randomHex(6)}`.toUpperCase();
}

/** The PmtInf of a message that holds an order: one per debtor account, numbered in order of appearance. */
export function instructionId(messageId: string, index: number): string {
  return `${messageId}-${index + 1}`;
}

/** The message a payment file holds: everything comes from stored data, so writing it again gives the same bytes. */
export function paymentMessage(file: PaymentFile, orders: readonly PaymentOrder[]): Pain001Message {
  const sorted = [...orders].sort((a, b) => a.createdAt.localeCompare(b.createdAt) || a.id.localeCompare(b.id));
  const instructions: Pain001Instruction[] = [];
  for (const order of sorted) {
    let instruction = instructions.find((i) => i.debtor.iban === order.debtor.iban);
    if (!instruction) {
      instruction = { id: instructionId(file.messageId, instructions.length), debtor: order.debtor, transfers: [] };
      instructions.push(instruction);
    }
    instruction.transfers.push({ endToEndId: order.endToEndId, amount: orderMoney(order), creditor: order.creditor, remittance: order.description });
  }
  return {
    version: file.version,
    messageId: file.messageId,
    createdAt: file.createdAt,
    initiatingParty: instructions[0]?.debtor.name ?? "",
    executionDate: file.createdAt.slice(0, 10),
    instructions,
  };
}

/** Each order's PmtInfId in the file, as paymentMessage numbers them. */
export function instructionIds(file: PaymentFile, orders: readonly PaymentOrder[]): Map<string, string> {
  const message = paymentMessage(file, orders);
  const ids = new Map<string, string>();
  for (const instruction of message.instructions) {
    for (const order of orders) if (order.debtor.iban === instruction.debtor.iban) ids.set(order.id, instruction.id);
  }
  return ids;
}

/**
 * Writes the file unless it exists: a payment file is never overwritten, so a retry (of a
 * request, or of a run that stopped after committing) can call this again safely.
 */
export async function ensurePaymentFile(bucket: Bucket, file: PaymentFile, orders: readonly PaymentOrder[]): Promise<void> {
  await bucket.put(file.key, writePain001(paymentMessage(file, orders)), {
    onlyIf: { etagDoesNotMatch: "*" },
    httpMetadata: { contentType: "application/xml; charset=utf-8" },
  });
}

/**
 * A batch file and the record of it under each of its orders (written after the file), beside
 * the orders and outside state/: after a rebuild of state/, an order found here is not
 * batched a second time.
 */
export async function ensureBatchFile(bucket: Bucket, file: PaymentFile, orders: readonly PaymentOrder[]): Promise<void> {
  await ensurePaymentFile(bucket, file, orders);
  await Promise.all(orders.map((order) => bucket.put(filedKey(order.id), JSON.stringify(file))));
}

export const readFiled = (bucket: Bucket, orderId: string) => readJson(bucket, filedKey(orderId), PaymentFileSchema);
