import type { z } from "zod";
import { type Env, TENANT } from "./env";
import { type Settings, settingOrDefault } from "./settings";
import { compactIdentifier } from "./model/iban";
import type { LedgerPayment, PaymentOrder } from "./model/payment";
import { type AccountRequest, openAccount, openBeneficiary } from "./sandbox/accounts";
import { type SandboxAccount, SandboxAccountSchema, type SandboxBeneficiary, SandboxBeneficiarySchema, type SandboxEntry, type SandboxFile, type SandboxFormat } from "./sandbox/bank";
import { generateFiles } from "./sandbox/generate";
import type { SandboxCountry } from "./sandbox/iban";
import { type ActionOutcome, bookPending, creditTransfer, executePayout, rejectPayout, returnPayout, SandboxError, type SandboxPayment, undoEntry } from "./sandbox/lifecycle";
import { sourceProfile } from "./sandbox/profile";
import { listOrderKeys, readOrder } from "./payments/orders";
import { instructionIds } from "./payments/outbox";
import { type Bucket, listAll, parseDocument, swapObject, writeId, writeJson } from "./store/bucket";
import { readDocument } from "./store/documents";
import { INBOX_PREFIX, profileKey, SANDBOX_ACCOUNTS_PREFIX, SANDBOX_BENEFICIARIES_PREFIX, sandboxAccountKey, sandboxBeneficiaryKey } from "./store/layout";
import { loadManifest } from "./store/manifest";

/**
 * The sandbox bank wired to the bucket: its test accounts and beneficiaries are stored under
 * `sandbox/`, and every file it makes goes into the inbox of the account's source, where the
 * normal ingestion reads it as it reads a real bank's. It answers the payment files of its
 * accounts too: a pain.001 in the outbox gets, once SANDBOX_PAYOUT_DELAY_MINUTES have passed,
 * the statement entry that executes it (or the pain.002 that rejects it), written by the
 * ingestion run before it reads the inbox.
 */

/**
 * Whether the sandbox bank serves: on a deployment of test data (SANDBOX=on), or for a tenant
 * created as a sandbox (the Env's tenant, as tenancy.ts's isSandbox reads it; that module runs
 * ingestion, which answers payouts here, so it is not imported back).
 */
export function sandboxOn(settings: Settings, env?: Env): boolean {
  return settingOrDefault(settings, "SANDBOX") === "on" || env?.[TENANT]?.sandbox === true;
}

/** What lifecycle actions there are: on a statement entry (its reference), or on a payment initiated here (its id or idempotency key). */
export const ENTRY_ACTIONS = ["book-pending", "return", "reverse"] as const;
export const PAYOUT_ACTIONS = ["execute-payout", "reject-payout", "return-payout"] as const;
export type ActionKind = (typeof ENTRY_ACTIONS)[number] | (typeof PAYOUT_ACTIONS)[number];

interface Stored<T> {
  value: T;
  etag: string | undefined;
}

async function readStored<S extends z.ZodType>(bucket: Bucket, key: string, schema: S): Promise<Stored<z.infer<S>> | undefined> {
  const object = await bucket.get(key);
  if (!object) return undefined;
  return { value: parseDocument(key, await object.text(), schema), etag: object.etag };
}

async function listStored<S extends z.ZodType>(bucket: Bucket, prefix: string, schema: S): Promise<z.infer<S>[]> {
  const found: z.infer<S>[] = [];
  for await (const object of listAll(bucket, prefix)) {
    const stored = await readStored(bucket, object.key, schema);
    if (stored) found.push(stored.value);
  }
  return found;
}

export const listAccounts = (bucket: Bucket) => listStored(bucket, SANDBOX_ACCOUNTS_PREFIX, SandboxAccountSchema);
export const listBeneficiaries = (bucket: Bucket) => listStored(bucket, SANDBOX_BENEFICIARIES_PREFIX, SandboxBeneficiarySchema);

/** Writes the account if it is still the version read (absent, for a new one): two writers never lose one's entries. */
async function saveAccount(bucket: Bucket, account: SandboxAccount, etag: string | undefined): Promise<void> {
  const written = await swapObject(bucket, sandboxAccountKey(account.iban), etag, JSON.stringify(account), { httpMetadata: { contentType: "application/json" } });
  if (!written) {
    const what = etag === undefined ? "exists already (open it with another seed)" : "was changed by another request meanwhile: try again";
    throw new SandboxError("conflict", `sandbox account ${account.iban} ${what}`);
  }
}

/** Puts a file in the account's inbox folder, unless one of that name is there (the same file, written by an earlier try). */
async function deliver(bucket: Bucket, account: SandboxAccount, file: SandboxFile): Promise<string> {
  const key = `${INBOX_PREFIX}${account.source}/${file.name}`;
  await swapObject(bucket, key, undefined, file.text);
  return key;
}

/** An instant as the bank's files write it: UTC, whole seconds. */
const fileTime = (nowMs: number) => new Date(nowMs).toISOString().replace(/\.\d{3}Z$/, "Z");
const dayOf = (nowMs: number) => new Date(nowMs).toISOString().slice(0, 10);
const DAY_MS = 86_400_000;

export interface NewAccount extends Omit<AccountRequest, "since" | "seed"> {
  /** The day before the first statement; 31 days ago unless given, so a month generated ends yesterday. */
  since?: string | undefined;
  seed?: string | undefined;
}

/** Opens a test account, and the profile of its inbox folder (published as it comes, the account named). */
export async function createAccount(bucket: Bucket, request: NewAccount, nowMs: number): Promise<SandboxAccount> {
  const account = openAccount({ ...request, since: request.since ?? dayOf(nowMs - 31 * DAY_MS), seed: request.seed ?? writeId() });
  await saveAccount(bucket, account, undefined);
  await writeJson(bucket, profileKey(account.source), sourceProfile(account));
  return account;
}

export async function createBeneficiary(bucket: Bucket, request: { country: SandboxCountry; name: string; seed?: string | undefined }): Promise<SandboxBeneficiary> {
  const beneficiary = openBeneficiary(request.country, request.name, request.seed ?? writeId());
  const written = await swapObject(bucket, sandboxBeneficiaryKey(beneficiary.iban), undefined, JSON.stringify(beneficiary));
  if (!written) throw new SandboxError("conflict", `sandbox beneficiary ${beneficiary.iban} exists already (open it with another seed)`);
  return beneficiary;
}

async function requireAccount(bucket: Bucket, iban: string): Promise<Stored<SandboxAccount>> {
  const stored = await readStored(bucket, sandboxAccountKey(compactIdentifier(iban)), SandboxAccountSchema);
  if (!stored) throw new SandboxError("not-found", `no sandbox account ${iban}`);
  return stored;
}

export interface GeneratedAccount {
  iban: string;
  files: string[];
  statements: { number: number; day: string; opening: string; closing: string; entries: number }[];
  /** Entries reported pending, to be booked by `book-pending` or the next generated day. */
  pending: SandboxEntry[];
}

/** `days` more days of each account, written into its inbox folder in its format (or the one asked for). */
export async function generate(bucket: Bucket, request: { accounts: { iban: string; format?: SandboxFormat | undefined }[]; days: number }, nowMs: number): Promise<GeneratedAccount[]> {
  const beneficiaries = await listBeneficiaries(bucket);
  const out: GeneratedAccount[] = [];
  for (const wanted of request.accounts) {
    const { value: account, etag } = await requireAccount(bucket, wanted.iban);
    const generated = generateFiles(account, request.days, beneficiaries, fileTime(nowMs), wanted.format);
    const files = [];
    for (const file of generated.files) files.push(await deliver(bucket, account, file));
    await saveAccount(bucket, generated.account, etag);
    const statements = generated.statements.map((s) => ({
      number: s.number, day: s.day, opening: s.opening.toString(), closing: s.closing.toString(), entries: s.entries.filter((e) => e.status === "booked").length,
    }));
    out.push({ iban: account.iban, files, statements, pending: generated.pending });
  }
  return out;
}

export interface ActionResult {
  kind: ActionKind;
  target: string;
  account: string;
  file: string;
  entries: SandboxEntry[];
}

/**
 * A lifecycle action, as the file the bank would send for it. `target` is an entry's reference
 * (or the transaction id it is served under, `<IBAN>:ref:<reference>`) for book-pending, return
 * and reverse; a payment's id or idempotency key for the payout actions.
 */
export async function act(bucket: Bucket, kind: ActionKind, target: string, nowMs: number): Promise<ActionResult> {
  const createdAt = fileTime(nowMs);
  if ((PAYOUT_ACTIONS as readonly string[]).includes(kind)) {
    const payment = await findPayment(bucket, target);
    const stored = await requireAccount(bucket, payment.order.sourceAccountId);
    const outcome = answerPayment(stored.value, kind, sandboxPayment(payment), payment.order.createdAt.slice(0, 10), createdAt);
    const result = await finish(bucket, stored, outcome, kind, target);
    if (kind === "execute-payout") await creditLeg(bucket, payment, createdAt);
    return result;
  }
  const { stored, reference } = await findEntry(bucket, target);
  const outcome =
    kind === "book-pending" ? bookPending(stored.value, reference, createdAt) : undoEntry(stored.value, reference, kind === "return" ? "return" : "reverse", dayOf(nowMs), createdAt);
  return finish(bucket, stored, outcome, kind, target);
}

/** A transfer executed between two sandbox accounts: its destination's statement gets the credit. */
async function creditLeg(bucket: Bucket, { order }: LedgerPayment, createdAt: string): Promise<void> {
  if (order.type !== "TRANSFER") return;
  const destination = await readStored(bucket, sandboxAccountKey(order.destinationId), SandboxAccountSchema);
  if (!destination) return;
  const outcome = creditTransfer(destination.value, sandboxPayment({ order, status: "PENDING" }), order.createdAt.slice(0, 10), createdAt);
  await finish(bucket, destination, outcome, "execute-payout", order.id);
}

async function finish(bucket: Bucket, stored: Stored<SandboxAccount>, outcome: ActionOutcome, kind: ActionKind, target: string): Promise<ActionResult> {
  const file = await deliver(bucket, outcome.account, outcome.file);
  await saveAccount(bucket, outcome.account, stored.etag);
  return { kind, target, account: outcome.account.iban, file, entries: outcome.entries };
}

function answerPayment(account: SandboxAccount, kind: ActionKind, payment: SandboxPayment, day: string, createdAt: string): ActionOutcome {
  if (kind === "reject-payout") return rejectPayout(account, payment, createdAt);
  if (kind === "return-payout") return returnPayout(account, payment, day, createdAt);
  return executePayout(account, payment, day, createdAt);
}

async function findEntry(bucket: Bucket, target: string): Promise<{ stored: Stored<SandboxAccount>; reference: string }> {
  const served = /^([A-Z]{2}\d{2}[A-Z0-9]+):ref:(.+)$/.exec(target);
  if (served) return { stored: await requireAccount(bucket, served[1]!), reference: served[2]! };
  for (const account of await listAccounts(bucket)) {
    if ([...account.pending, ...account.recent].some((e) => e.id === target)) return { stored: await requireAccount(bucket, account.iban), reference: target };
  }
  throw new SandboxError("not-found", `no sandbox entry ${target}: give an entry's reference (from POST /admin/sandbox/generate or GET /admin/sandbox) or its transaction id <IBAN>:ref:<reference>`);
}

/** A payment initiated here, by id or idempotency key: from the ledger, or its order while no run has adopted it yet. */
async function findPayment(bucket: Bucket, target: string): Promise<LedgerPayment> {
  const { manifest } = await loadManifest(bucket);
  const ledger = await readDocument(bucket, manifest, "payments");
  const matches = (order: PaymentOrder) => order.id === target || order.idempotencyKey === target;
  const known = Object.values(ledger.payments).find((p) => matches(p.order));
  if (known) return known;
  for (const key of await listOrderKeys(bucket)) {
    const order = key in ledger.orders ? undefined : await readOrder(bucket, key);
    if (order && matches(order)) return { order, status: "PENDING", file: order.file, instructionId: order.file && instructionIds(order.file, [order]).get(order.id) };
  }
  throw new SandboxError("not-found", `no payment ${target} initiated here (give its id or idempotency key)`);
}

function sandboxPayment({ order, file, instructionId }: LedgerPayment): SandboxPayment {
  if (order.type !== "PAYOUT" && order.type !== "TRANSFER") throw new SandboxError("conflict", `payment ${order.id} is not a payout`);
  return {
    id: order.id, endToEndId: order.endToEndId, amount: order.amount, currency: order.currency,
    creditor: order.creditor, debtor: order.debtor, description: order.description, messageId: file?.messageId, instructionId,
  };
}

/**
 * The ingestion run's sandbox step: each payment of a sandbox account whose file went out at
 * least SANDBOX_PAYOUT_DELAY_MINUTES ago, still pending and not answered, gets the bank's
 * answer in the inbox: the pain.002 rejecting it when its description says "reject", its
 * execution and return when it says "return", else its execution (and, for a transfer to
 * another sandbox account, the credit on that account).
 */
export async function answerPayouts(bucket: Bucket, settings: Settings, now: () => number): Promise<void> {
  const delayMs = settingOrDefault(settings, "SANDBOX_PAYOUT_DELAY_MINUTES") * 60_000;
  const { manifest } = await loadManifest(bucket);
  const ledger = await readDocument(bucket, manifest, "payments");
  const due = Object.values(ledger.payments).filter((p) => p.status === "PENDING" && p.file && Date.parse(p.file.createdAt) + delayMs <= now());
  for (const payment of due) {
    const stored = await readStored(bucket, sandboxAccountKey(payment.order.sourceAccountId), SandboxAccountSchema);
    if (!stored?.value.answerPayouts || stored.value.answered[payment.order.id]) continue;
    const description = payment.order.description ?? "";
    const kind: ActionKind = /reject/i.test(description) ? "reject-payout" : /return/i.test(description) ? "return-payout" : "execute-payout";
    try {
      const outcome = answerPayment(stored.value, kind, sandboxPayment(payment), payment.order.createdAt.slice(0, 10), fileTime(now()));
      await finish(bucket, stored, outcome, kind, payment.order.id);
      if (kind === "execute-payout") await creditLeg(bucket, payment, fileTime(now()));
    } catch (error) {
      if (!(error instanceof SandboxError)) throw error;
      console.warn(JSON.stringify({ event: "sandbox-answer-skipped", payment: payment.order.id, reason: error.message }));
    }
  }
}
