import { describe, expect, it } from "vitest";
import { decodeText } from "../../src/formats/decode";
import { detectKind, PARSERS } from "../../src/ingest/detect";
import type { RunSummary } from "../../src/model/admin";
import type { FileRecord } from "../../src/model/file-record";
import camtSample from "../../fixtures/camt053/statement-v02.xml?raw";
import gvcSample from "../../fixtures/mt940/gvc.sta?raw";
import bai2Sample from "../../fixtures/bai2/two-groups.bai2?raw";
import october from "../../fixtures/sample/acme-main/2026-10-statement.csv?raw";
import november from "../../fixtures/sample/acme-main/2026-11-statement.csv?raw";
import { FormanceClient, paymentKey } from "../support/formance-client";
import { providedCorpus } from "../support/provided-corpus";
import { ADMIN_KEY, call, getJson, ingest, putInbox, resetBucket } from "../support/worker";
import { camt, envWith, MAIN, payment, runJob, SAVINGS, servedAccounts, SUPPLIER } from "../payments/support";

interface Upload {
  source: string;
  name: string;
  bytes: Uint8Array;
}

const utf8 = (text: string) => new TextEncoder().encode(text);

/** What `npm start` loads (scripts/start.mjs), and the README walkthrough's next month. */
const SAMPLES: Upload[] = [
  { source: "acme-main", name: "2026-10-statement.csv", bytes: utf8(october) },
  { source: "abn-sftp", name: "statement-v02.xml", bytes: utf8(camtSample) },
  { source: "sparkasse", name: "gvc.sta", bytes: utf8(gvcSample) },
  { source: "us-bank", name: "two-groups.bai2", bytes: utf8(bai2Sample) },
  { source: "acme-main", name: "2026-11-statement.csv", bytes: utf8(november) },
];

/** Through the admin API, as `npm start` and the CLI upload. */
async function upload({ source, name, bytes }: Upload): Promise<void> {
  const response = await call(`/admin/files/${source}/${encodeURIComponent(name)}`, {
    method: "PUT", key: ADMIN_KEY, body: bytes, headers: { "content-length": String(bytes.length) },
  });
  expect(response.status, `${source}/${name}`).toBe(201);
}

async function ingestAll(): Promise<void> {
  let run: RunSummary;
  do run = await ingest();
  while (run.status !== "completed");
}

const fileRecords = () => getJson<FileRecord[]>("/admin/files", ADMIN_KEY);

/**
 * Bank entries in a file as its format reads them, outside ingestion: every entry that is not
 * informational is one payment to Formance. Undefined for a file the parser refuses.
 */
async function bankEntries({ source, name, bytes }: Upload): Promise<number | undefined> {
  const head = new TextDecoder().decode(bytes.subarray(0, 4096));
  let count = 0;
  try {
    for await (const event of PARSERS[detectKind(head)](decodeText(whole(bytes)), { fileName: name, source })) {
      if (event.type === "entry" && event.entry.status !== "info") count++;
    }
  } catch {
    return undefined;
  }
  return count;
}

async function* whole(bytes: Uint8Array): AsyncGenerator<Uint8Array> {
  yield bytes;
}

/** Failed tasks but balances (accountsWithoutBalance names those per account): batches, initiations. */
const failedTasks = (formance: FormanceClient) => formance.failures.filter((f) => !f.task.startsWith("balances "));

/** What differs between two payment sets, one line per payment. */
function differences(expected: Record<string, string>, actual: Record<string, string>): string[] {
  const keys = [...new Set([...Object.keys(expected), ...Object.keys(actual)])].sort();
  return keys.filter((k) => expected[k] !== actual[k]).map((k) => `${k}: ${expected[k] ?? "(none)"} / ${actual[k] ?? "(none)"}`);
}

/**
 * Two stores' payments compared by reference: status, amount and asset must agree. The type may
 * differ in one way only: an entry whose counterparty is another account served here is a
 * TRANSFER when that account was known when the entry was first published, else the direction
 * (PAYIN, PAYOUT), and it keeps that type forever (README, Data mapping).
 */
function orderDifferences(expected: Record<string, string>, actual: Record<string, string>): string[] {
  const byReference = (set: Record<string, string>) =>
    new Map(Object.entries(set).map(([key, value]) => {
      const [type, ...reference] = key.split(" ");
      return [reference.join(" "), { type: type!, value }];
    }));
  const [a, b] = [byReference(expected), byReference(actual)];
  const references = [...new Set([...a.keys(), ...b.keys()])].sort();
  return references.flatMap((reference) => {
    const [x, y] = [a.get(reference), b.get(reference)];
    const types = new Set([x?.type, y?.type]);
    const typesAgree = types.size === 1 || (types.has("TRANSFER") && !types.has(undefined));
    return x?.value === y?.value && typesAgree ? [] : [`${reference}: ${x?.type} ${x?.value ?? "(none)"} / ${y?.type} ${y?.value ?? "(none)"}`];
  });
}

/** What Formance must hold after any complete sync: `what` names the store in the messages. */
function expectExact(formance: FormanceClient, what: string): void {
  expect.soft(failedTasks(formance), `${what}: failed tasks`).toEqual([]);
  expect.soft(formance.accountsWithoutBalance(), `${what}: accounts without balance`).toEqual([]);
  expect.soft(formance.typeChanges(), `${what}: ids served under another type`).toEqual([]);
  expect.soft(formance.statusDowngrades(), `${what}: statuses back to PENDING`).toEqual([]);
}

describe("the sample statements, as Formance reads them", () => {
  it("serves every account a balance, decodes every item, and holds one payment per bank entry published", async () => {
    await resetBucket();
    for (const sample of SAMPLES) await upload(sample);
    await ingestAll();
    const formance = new FormanceClient();
    await formance.sync();

    expectExact(formance, "sample");
    const records = await fileRecords();
    expect(records.map((r) => `${r.key} ${r.state}`).sort()).toEqual(SAMPLES.map((s) => `inbox/${s.source}/${s.name} ingested`).sort());
    // No payment was initiated: no entry settles one, so each entry the format reads is a payment.
    let entries = 0;
    for (const sample of SAMPLES) entries += (await bankEntries(sample))!;
    const published = records.reduce((sum, r) => sum + (r.counts?.published ?? 0), 0);
    expect.soft({ published, payments: formance.payments.size }).toEqual({ published: entries, payments: entries });
  });
});

describe("payments initiated by Formance and settled by statements", () => {
  it("are one payment each, by (idempotencyKey, type), SUCCEEDED; a transfer's credit leg adds none", async () => {
    await servedAccounts();
    const env = envWith();
    const formance = new FormanceClient();
    await formance.sync();
    const before = formance.payments.size;

    const payout = payment({ idempotencyKey: "invoice-4711" });
    const transfer = payment({ idempotencyKey: "sweep-2026-11", amount: "50000", destinationAccountId: SAVINGS, description: "Sweep" });
    expect((await formance.initiate("PAYOUT", payout, env)).status).toBe(201);
    expect((await formance.initiate("TRANSFER", transfer, env)).status).toBe(201);
    // The same key again (the engine retrying its task) is the same payment, not another.
    expect((await formance.initiate("PAYOUT", payout, env)).status).toBe(201);
    await runJob();
    await formance.sync();

    await putInbox("main", "day.xml", camt(MAIN, [
      { amount: "12.34", ref: "EXEC-1", endToEndId: "invoice-4711", party: { name: "Lieferant", iban: SUPPLIER } },
      { amount: "500.00", ref: "OUT-9", endToEndId: "sweep-2026-11", party: { name: "Acme", iban: SAVINGS } },
    ]));
    await putInbox("savings", "day.xml", camt(SAVINGS, [{ amount: "500.00", credit: true, ref: "IN-9", endToEndId: "sweep-2026-11", party: { name: "Acme", iban: MAIN } }]));
    await runJob();
    await formance.sync();

    expectExact(formance, "payments");
    const [first, second, retried] = formance.initiations;
    expect(retried).toEqual(first);
    for (const initiation of [first!, second!]) {
      const key = paymentKey(initiation.type, initiation.idempotencyKey);
      expect.soft(formance.paymentsOf(initiation), key).toEqual([key]);
      expect.soft(formance.payments.get(key)?.status, key).toBe("SUCCEEDED");
    }
    // The three entries settle the two payments: nothing else is new.
    expect.soft(formance.payments.size).toBe(before + 2);
  });
});

/** Where each corpus file is uploaded: a CSV's account is its folder, so each has its own. */
function corpusUploads(): Upload[] {
  return providedCorpus("bai2", "camt053", "csv", "mt940", "ofx").map(({ folder, name, bytes }) => ({
    source: folder === "csv" ? `csv-${name.replace(/[^A-Za-z0-9._-]/g, "_")}`.slice(0, 64) : folder,
    name,
    bytes,
  }));
}

/**
 * A fresh store given these files in this order, ingested, then synced by a new Formance.
 * Ingestion reads the oldest upload first: one run reads them all in the order given.
 */
async function feed(uploads: Upload[]): Promise<FormanceClient> {
  await resetBucket();
  for (const file of uploads) {
    await upload(file);
    // Upload times are kept to the millisecond: a tie would be read in key order.
    await new Promise((resolve) => setTimeout(resolve, 1));
  }
  const read: string[] = [];
  let run: RunSummary;
  do {
    run = await ingest();
    read.push(...run.files.filter((f) => f.state !== "ingesting").map((f) => f.key));
  } while (run.status !== "completed");
  expect(read).toEqual(uploads.map((u) => `inbox/${u.source}/${u.name}`));
  const formance = new FormanceClient();
  await formance.sync();
  return formance;
}

const corpus = corpusUploads();
/**
 * A long run also uploads every file again under another name, each read in full before it is
 * found to be a duplicate: VITE_CORPUS_COPIES=1 (only VITE_ variables reach workerd).
 */
const COPIES = Boolean((import.meta as { env?: Record<string, string | undefined> }).env?.VITE_CORPUS_COPIES);
/** Two stores of the whole corpus: some 20 s on a loaded 2-core machine. */
const CORPUS_TIMEOUT_MS = 180_000;

describe.skipIf(corpus.length === 0)("the shared corpus, as Formance reads it", () => {
  it("decodes, has a balance for every account, keeps each id's type, and holds the same payments whatever the order", async () => {
    expect(new Set(corpus.map((u) => `${u.source}/${u.name}`)).size).toBe(corpus.length);
    const sorted = await feed(corpus);
    expectExact(sorted, "sorted");
    // Every OFX file of the corpus is read (its known-bad ones lie in invalid/, not uploaded here).
    const ofx = (await fileRecords()).filter((r) => r.key.startsWith("inbox/ofx/")).map((r) => `${r.key} ${r.state}`);
    expect.soft(ofx.sort()).toEqual(corpus.filter((u) => u.source === "ofx").map((u) => `inbox/ofx/${u.name} ingested`).sort());
    const payments = sorted.paymentSet();

    // Everything again (the same bytes under the same names, as a sync of the bank's folder does): nothing changes.
    const delivered = sorted.transactions.delivered.length;
    for (const file of corpus) await upload(file);
    if (COPIES) for (const file of corpus) await upload({ ...file, name: `again-${file.name}` });
    await ingestAll();
    await sorted.sync();
    expect.soft(sorted.transactions.delivered.slice(delivered).map((t) => t.id), "re-uploaded: new versions").toEqual([]);
    expect.soft(differences(payments, sorted.paymentSet()), "re-uploaded: payments").toEqual([]);

    const reversed = await feed([...corpus].reverse());
    expectExact(reversed, "reversed");
    expect.soft(orderDifferences(payments, reversed.paymentSet()), "reversed: payments").toEqual([]);
  }, CORPUS_TIMEOUT_MS);
});
