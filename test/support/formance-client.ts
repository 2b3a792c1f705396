import type { Env } from "../../src/env";
import { ConnectorClient, type Item } from "./connector-client";
import { call } from "./worker";

/**
 * Formance as a consumer of this service, end to end (/work/shared/contract/CONNECTOR.md):
 * the generic plugin's page walks (ConnectorClient), its decoding of what it reads, the
 * engine's checks on each batch, and the payments the engine keeps from it. A batch that
 * fails decoding is a failed task: nothing of it is kept and the cursor stays where it was,
 * so the next poll fails the same way and everything after it is never delivered.
 */

// The enums of generic-openapi.yaml as Formance published them, not src/model/contract.ts:
// the client must refuse what Formance refuses, even if the service's own lists drift.
const TRANSACTION_TYPES = ["PAYIN", "PAYOUT", "TRANSFER", "OTHER"];
const TRANSACTION_STATUSES = [
  "PENDING", "SUCCEEDED", "FAILED", "CANCELLED", "EXPIRED", "REFUNDED", "REFUNDED_FAILURE", "REFUND_REVERSED",
  "DISPUTE", "DISPUTE_WON", "DISPUTE_LOST", "AUTHORISATION", "CAPTURE", "CAPTURE_FAILED", "OTHER",
];
/** The engine's check of an asset (UMN): one item that fails it fails the whole batch. */
const UMN = /^[A-Z][A-Z0-9]{0,16}(_[A-Z]{1,16})?(\/\d{1,6})?$/;
/** What Go's time.Time accepts from JSON. */
const RFC3339 = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?(Z|[+-]\d{2}:\d{2})$/;

/** An amount with its asset as the engine holds them: `EUR` without `/n` is precision 0 (700 is 700 euros). */
export interface Money {
  amount: bigint;
  asset: string;
  precision: number;
}

export interface Adjustment extends Money {
  /** The transaction id (or the payout/transfer response id) this adjustment came from. */
  reference: string;
  status: string;
}

/** A Formance payment: identity (reference, type); its status, amount and asset are its last adjustment's. */
export interface Payment extends Money {
  reference: string;
  type: string;
  status: string;
  metadata: Record<string, string>;
  adjustments: Adjustment[];
}

export interface Failure {
  /** `accounts`, `beneficiaries`, `transactions`, `balances <account id>`, `payout <key>` or `transfer <key>`. */
  task: string;
  reason: string;
}

export interface Initiation {
  type: "PAYOUT" | "TRANSFER";
  idempotencyKey: string;
  /** The response's id: only the reference of the payment's first adjustment. */
  id: string;
}

export interface AccountBalances {
  at: string;
  balances: Money[];
}

interface DecodedTransaction extends Adjustment {
  relatedTransactionID: string | undefined;
  type: string;
  metadata: Record<string, string>;
}

/** The key of a payment's identity, as the tests show it: `PAYOUT invoice-4711`. */
export const paymentKey = (type: string, reference: string) => `${type} ${reference}`;

export class FormanceClient {
  readonly accounts = new ConnectorClient("/accounts", "createdAt");
  readonly beneficiaries = new ConnectorClient("/beneficiaries", "createdAt");
  readonly transactions = new ConnectorClient("/transactions", "updatedAt");
  /** By the `accountID` of the answer, as the engine files them (the requested id and `id` play no part). */
  readonly balances = new Map<string, AccountBalances>();
  readonly payments = new Map<string, Payment>();
  readonly initiations: Initiation[] = [];
  readonly failures: Failure[] = [];
  /** Every type each transaction id was served with. */
  private readonly types = new Map<string, Set<string>>();

  /** One polling period: accounts, beneficiaries, payments, then a balance for every account seen. */
  async sync(): Promise<void> {
    await this.poll("accounts", this.accounts, decodeAccount);
    await this.poll("beneficiaries", this.beneficiaries, decodeBeneficiary);
    for (const transaction of await this.poll("transactions", this.transactions, decodeTransaction)) this.apply(transaction);
    for (const id of this.accounts.latest().keys()) await this.fetchBalances(id);
  }

  /** POST /payouts or /transfers as the plugin sends it; the answer becomes payment (idempotencyKey, type). */
  async initiate(type: Initiation["type"], request: Record<string, unknown>, env: Env): Promise<Response> {
    const path = type === "PAYOUT" ? "/payouts" : "/transfers";
    const key = String(request.idempotencyKey);
    const task = `${type.toLowerCase()} ${key}`;
    const response = await call(path, { method: "POST", body: JSON.stringify(request), headers: { "content-type": "application/json" }, env });
    const body: unknown = await response.clone().json().catch(() => undefined);
    if (!response.ok) return this.fail(task, httpError(response.status), response);
    try {
      const answer = object(body, "answer");
      const id = text(answer, "id");
      // Only here does an unknown status fall back to OTHER.
      const status = TRANSACTION_STATUSES.includes(text(answer, "status")) ? text(answer, "status") : "OTHER";
      instant(answer, "createdAt");
      const adjustment: Adjustment = { reference: id, status, ...money(text(answer, "amount"), text(answer, "currency")) };
      this.initiations.push({ type, idempotencyKey: key, id });
      this.adjust(key, type, adjustment, stringMap(answer, "metadata"));
    } catch (error) {
      return this.fail(task, describe(error), response);
    }
    return response;
  }

  /** Every payment, by identity, as its final status, amount and asset: what an order of files must not change. */
  paymentSet(): Record<string, string> {
    const entries = [...this.payments].map(([key, p]) => [key, `${p.status} ${p.amount} ${p.asset}`] as const);
    return Object.fromEntries(entries.sort(([a], [b]) => (a < b ? -1 : 1)));
  }

  /** Accounts served whose balances the engine holds nothing for (a failed task, or an answer filed under another id). */
  accountsWithoutBalance(): string[] {
    return [...this.accounts.latest().keys()].filter((id) => !this.balances.has(id));
  }

  /** Transaction ids served under more than one type: each type is another payment to Formance. */
  typeChanges(): string[] {
    return [...this.types].filter(([, types]) => types.size > 1).map(([id, types]) => `${id}: ${[...types].join(" -> ")}`);
  }

  /** Payments whose status went back to PENDING after it had moved on. */
  statusDowngrades(): string[] {
    return [...this.payments]
      .filter(([, p]) => p.adjustments.some((a, i) => a.status === "PENDING" && p.adjustments.slice(0, i).some((b) => b.status !== "PENDING")))
      .map(([key, p]) => `${key}: ${p.adjustments.map((a) => a.status).join(" -> ")}`);
  }

  /**
   * The payments that concern an initiation: its own, and any other that names its key or
   * response id as a reference or in its metadata (a settling entry, a transfer's credit leg).
   * Exactly one when the service tells Formance the payment's lifecycle as it should.
   */
  paymentsOf(initiation: Initiation): string[] {
    const names = (value: string) => value === initiation.idempotencyKey || value === initiation.id;
    return [...this.payments]
      .filter(([, p]) => names(p.reference) || p.adjustments.some((a) => names(a.reference)) || Object.values(p.metadata).some(names))
      .map(([key]) => key);
  }

  /** One task run, repeated while the plugin says there is more; a batch that fails decoding fails the task. */
  private async poll<T>(task: string, client: ConnectorClient, decode: (item: Item) => T): Promise<T[]> {
    const decoded: T[] = [];
    for (;;) {
      const { last } = client;
      const kept = client.delivered.length;
      try {
        const hasMore = await client.pollOnce();
        decoded.push(...client.delivered.slice(kept).map(decode));
        if (!hasMore) return decoded;
      } catch (error) {
        client.delivered.splice(kept);
        client.last = last;
        this.fail(task, describe(error), undefined);
        return decoded;
      }
    }
  }

  private async fetchBalances(accountId: string): Promise<void> {
    const task = `balances ${accountId}`;
    // The plugin formats the id into the path as it is (fmt.Sprintf, no escaping): `/`, `?`, `#`,
    // `%`, spaces and `..` do to the URL what they do to any client building one from text.
    const response = await call(`/accounts/${accountId}/balances`);
    if (response.status !== 200) return this.fail(task, httpError(response.status), undefined);
    try {
      const answer = object(await response.json(), "answer");
      const at = instant(answer, "at");
      const list = field(answer, "balances");
      if (!Array.isArray(list)) throw new DecodeError(`balances is not an array`);
      const balances = list.map((b) => money(text(object(b, "balance"), "amount"), text(object(b, "balance"), "currency")));
      this.balances.set(text(answer, "accountID"), { at, balances });
    } catch (error) {
      this.fail(task, describe(error), undefined);
    }
  }

  private apply(transaction: DecodedTransaction): void {
    const types = this.types.get(transaction.reference) ?? new Set<string>();
    this.types.set(transaction.reference, types.add(transaction.type));
    const { relatedTransactionID, type, metadata, ...adjustment } = transaction;
    // An empty relatedTransactionID is no parent to the engine.
    this.adjust(relatedTransactionID || transaction.reference, type, adjustment, metadata);
  }

  private adjust(reference: string, type: string, adjustment: Adjustment, metadata: Record<string, string>): void {
    const key = paymentKey(type, reference);
    const previous = this.payments.get(key);
    this.payments.set(key, {
      reference,
      type,
      status: adjustment.status,
      // An authorisation holds no amount until it is captured.
      amount: adjustment.status === "AUTHORISATION" ? 0n : adjustment.amount,
      asset: adjustment.asset,
      precision: adjustment.precision,
      metadata: { ...previous?.metadata, ...metadata },
      adjustments: [...(previous?.adjustments ?? []), adjustment],
    });
  }

  private fail<T>(task: string, reason: string, result: T): T {
    this.failures.push({ task, reason });
    return result;
  }
}

class DecodeError extends Error {}

function decodeAccount(item: Item): string {
  instant(item, "createdAt");
  text(item, "accountName");
  stringMap(item, "metadata");
  return text(item, "id");
}

function decodeBeneficiary(item: Item): string {
  instant(item, "createdAt");
  text(item, "ownerName");
  stringMap(item, "metadata");
  return text(item, "id");
}

function decodeTransaction(item: Item): DecodedTransaction {
  const type = text(item, "type");
  if (!TRANSACTION_TYPES.includes(type)) throw new DecodeError(`${type} is not a valid TransactionType`);
  const status = text(item, "status");
  if (!TRANSACTION_STATUSES.includes(status)) throw new DecodeError(`${status} is not a valid TransactionStatus`);
  instant(item, "createdAt");
  instant(item, "updatedAt");
  for (const name of ["relatedTransactionID", "sourceAccountID", "destinationAccountID", "scheme"]) optionalText(item, name);
  return {
    reference: text(item, "id"),
    relatedTransactionID: optionalText(item, "relatedTransactionID"),
    type,
    status,
    ...money(text(item, "amount"), text(item, "currency")),
    metadata: stringMap(item, "metadata"),
  };
}

function money(amount: string, asset: string): Money {
  // big.Int SetString, base 10: an optional sign and digits, nothing else.
  if (!/^[+-]?\d+$/.test(amount)) throw new DecodeError(`failed to parse amount: ${amount}`);
  if (!UMN.test(asset)) throw new DecodeError(`invalid asset: ${asset}`);
  const precision = asset.includes("/") ? Number(asset.slice(asset.indexOf("/") + 1)) : 0;
  return { amount: BigInt(amount), asset, precision };
}

/** A field as Go's encoding/json finds it: the exact name first, else any that differs only in case. */
function field(item: Record<string, unknown>, name: string): unknown {
  if (Object.hasOwn(item, name)) return item[name];
  const key = Object.keys(item).find((k) => k.toLowerCase() === name.toLowerCase());
  return key === undefined ? undefined : item[key];
}

function optionalText(item: Record<string, unknown>, name: string): string | undefined {
  const value = field(item, name);
  if (value === undefined || value === null) return undefined;
  if (typeof value !== "string") throw new DecodeError(`${name}: a ${typeof value} where a string is expected`);
  return value;
}

function text(item: Record<string, unknown>, name: string): string {
  const value = optionalText(item, name);
  if (value === undefined) throw new DecodeError(`no value given for required property ${name}`);
  return value;
}

function instant(item: Record<string, unknown>, name: string): string {
  const value = text(item, name);
  if (!RFC3339.test(value) || Number.isNaN(Date.parse(value))) throw new DecodeError(`${name}: "${value}" is not RFC 3339`);
  return value;
}

function stringMap(item: Record<string, unknown>, name: string): Record<string, string> {
  const value = field(item, name);
  if (value === undefined || value === null) return {};
  const map = object(value, name);
  for (const [key, v] of Object.entries(map)) if (typeof v !== "string") throw new DecodeError(`${name}.${key}: a ${typeof v} where a string is expected`);
  return map as Record<string, string>;
}

function object(value: unknown, name: string): Record<string, unknown> {
  if (typeof value !== "object" || value === null || Array.isArray(value)) throw new DecodeError(`${name} is not a JSON object`);
  return value as Record<string, unknown>;
}

/** The error body is decoded but its text is not kept: the task records only the class of error. */
function httpError(status: number): string {
  return `${status < 500 ? "http client error" : "http server error"} (${status})`;
}

function describe(error: unknown): string {
  if (error instanceof DecodeError) return error.message;
  // ConnectorClient throws on a non-200 page with the status first: keep only its class, as the plugin does.
  const status = /: (\d{3}) /.exec(error instanceof Error ? error.message : "")?.[1];
  if (status) return httpError(Number(status));
  throw error;
}
