import { beforeEach, describe, expect, it } from "vitest";
import bai2 from "../../fixtures/bai2/two-groups.bai2?raw";
import camt from "../../fixtures/camt053/statement-v08.xml?raw";
import mt940 from "../../fixtures/mt940/enveloped-multi.sta?raw";
import { runIngestion } from "../../src/ingestion";
import type { Checkpoint } from "../../src/ingest/job";
import type { AdminPayment } from "../../src/model/admin";
import type { FileRecord } from "../../src/model/file-record";
import { parseTagged, stringifyTagged } from "../../src/model/tagged-json";
import { readSettings, type SettingVars } from "../../src/settings";
import { adminPayments, ENABLED, envWith, payment, post, runJob, servedAccounts } from "../payments/support";
import { published } from "../support/published";
import { ADMIN_KEY, getJson, putInbox, resetBucket, testEnv } from "../support/worker";

beforeEach(resetBucket);

/** Quoted line ends, characters of two to four UTF-8 bytes, a continuation row, a balance column. */
const csv =
  [
    "Date,Description,Payee,Amount,Currency,Balance",
    '2025-03-01,"Invoice 17\r\nsecond line",Café Müller,-12.50,EUR,987.50',
    '2025-03-02,"Ticket ""A"" 😀",Zoë,25.00,EUR,1012.50',
    ",and the rest of its text,,,,",
    "2025-03-03,Last 𝄞,Ω Ltd,1.00,EUR,1013.50",
  ].join("\r\n") + "\r\n";

/** Reads every request for the inbox file `key`: the byte offset each read of it starts at. */
function recordingReads(key: string): { bucket: R2Bucket; offsets: number[] } {
  const offsets: number[] = [];
  const bucket = new Proxy(testEnv.STATEMENTS, {
    get(target, prop) {
      const value = Reflect.get(target, prop, target);
      if (typeof value !== "function") return value;
      if (prop !== "get") return value.bind(target);
      return (name: string, options?: R2GetOptions) => {
        if (name === key) offsets.push((options?.range as { offset?: number } | undefined)?.offset ?? 0);
        return value.call(target, name, options);
      };
    },
  });
  return { bucket, offsets };
}

async function savedOffset(): Promise<number | undefined> {
  const object = await testEnv.STATEMENTS.get("state/checkpoint.json");
  return object ? parseTagged<Checkpoint>(await object.text()).reader.reading.at.offset : undefined;
}

/** A file's record as /admin/files lists it, without what differs between two stores (times, a writer's key). */
async function fileRecord(key: string): Promise<Partial<FileRecord>> {
  const record = (await getJson<FileRecord[]>("/admin/files", ADMIN_KEY)).find((f) => f.key === key);
  const { at: _at, uploaded: _uploaded, idsKey: _idsKey, ...rest } = record ?? {};
  return rest;
}

/** Runs the job a few events a step until the file is published; the offset each step saved, and the reads of the file. */
async function inSteps(key: string, maxEventsPerStep: number, payments?: SettingVars): Promise<{ saved: number[]; reads: number[][] }> {
  const saved: number[] = [];
  const reads: number[][] = [];
  for (let run = 0; run < 200; run++) {
    const { bucket, offsets } = recordingReads(key);
    const summary = await runIngestion(bucket, { budgetMs: 60_000, maxEventsPerStep, payments: payments && readSettings(payments) });
    reads.push(offsets);
    if (summary.status === "completed") return { saved, reads };
    saved.push((await savedOffset())!);
  }
  throw new Error("the file never completed");
}

const STEPS = [1, 2, 3, 7];

/** The four statement formats: a file, and for the line formats what a line a step resumes at starts with. */
const statements: [string, string, string, string, RegExp?][] = [
  ["CSV", "acct", "march.csv", csv],
  ["CAMT.053", "camt", "statement.xml", camt],
  // Past a field: the next one, or a trailer.
  ["MT940", "swift", "statements.sta", mt940, /^(:\w+:|-\})/],
  // Past a record and its continuations: a record.
  ["BAI2", "bai", "day.bai2", bai2, /^\d\d,/],
];

async function served(key: string) {
  const accounts = await getJson<{ id: string }[]>("/accounts");
  const balances = await Promise.all(accounts.map((a) => getJson(`/accounts/${encodeURIComponent(a.id)}/balances`)));
  return { ...(await published()), balances, file: await fileRecord(key) };
}

describe("a file ingested a few events a step, in any of the formats", () => {
  for (const [format, source, name, content, lineStart] of statements) {
    it(`${format}: steps of ${STEPS.join(", ")} events publish what one run publishes, each step reading on from its saved offset`, async () => {
      const key = `inbox/${source}/${name}`;
      await putInbox(source, name, content);
      await runIngestion(testEnv.STATEMENTS, { budgetMs: 60_000 });
      const single = await served(key);
      expect(single.file).toMatchObject({ state: "ingested" });
      expect(single.transactions.length).toBeGreaterThan(1);
      const size = new TextEncoder().encode(content).length;

      for (const step of STEPS) {
        await resetBucket();
        await putInbox(source, name, content);
        const { saved, reads } = await inSteps(key, step);
        expect(await served(key), `steps of ${step}`).toEqual(single);
        if (step === 1) expect(saved.length).toBeGreaterThan(1);
        // Past a record, further each step: the first step reads the file from its start, each
        // later one from the offset the step before saved (or not at all past the file's end),
        // and the last also reads it whole for its digest.
        expect(saved.every((offset, i) => offset > (saved[i - 1] ?? 0) && offset <= size)).toBe(true);
        expect(reads[0]).toEqual([0]);
        for (let run = 1; run < reads.length; run++) {
          const from = saved[run - 1]! < size ? [saved[run - 1]] : [];
          expect(reads[run], `steps of ${step}, run ${run + 1}`).toEqual(run === reads.length - 1 ? [...from, 0] : from);
        }
        if (!lineStart) continue;
        const bytes = new TextEncoder().encode(content);
        for (const offset of saved.filter((o) => o < size)) {
          expect(new TextDecoder().decode(bytes.subarray(0, offset)), `steps of ${step}, at ${offset}`).toMatch(/\n$/);
          expect(new TextDecoder().decode(bytes.subarray(offset)), `steps of ${step}, at ${offset}`).toMatch(lineStart);
        }
      }
    });
  }

  it("fails a file whose saved reading has no offset (saved by a version that read MT940 and BAI2 again from their start), publishing nothing", async () => {
    const key = "inbox/swift/statements.sta";
    await putInbox("swift", "statements.sta", mt940);
    await runIngestion(testEnv.STATEMENTS, { budgetMs: 60_000, maxEventsPerStep: 3 });
    const saved = parseTagged<Checkpoint>(await (await testEnv.STATEMENTS.get("state/checkpoint.json"))!.text());
    const { at: _at, ...reading } = saved.reader.reading;
    await testEnv.STATEMENTS.put("state/checkpoint.json", stringifyTagged({ ...saved, reader: { ...saved.reader, reading } }));
    await runIngestion(testEnv.STATEMENTS, { budgetMs: 60_000 });
    expect(await fileRecord(key)).toMatchObject({ state: "failed", error: { reason: expect.stringContaining("retry the file") } });
    expect(await getJson("/transactions")).toEqual([]);
  });
});

describe("a pain.002 status report ingested a few events a step", () => {
  /** Payments written to the bank in one file per run. */
  const BATCHED: SettingVars = { ...ENABLED, PAYMENT_BATCHING: "run" };

  /** Three payouts sent in one file, and the bank's report on them: two rejected, one accepted. */
  async function sentPayouts(): Promise<string> {
    await servedAccounts();
    for (const key of ["pay-1", "pay-2", "pay-3"]) expect((await post("/payouts", payment({ idempotencyKey: key }), envWith(BATCHED))).status).toBe(201);
    await runJob(BATCHED);
    const [first] = await adminPayments();
    const messageId = first!.file!.slice("outbox/".length, -".xml".length);
    return statusReport(messageId);
  }

  const outcome = (payments: AdminPayment[]) =>
    payments.map(({ endToEndId, status, failureReason }) => ({ endToEndId, status, failureReason })).sort((a, b) => a.endToEndId.localeCompare(b.endToEndId));

  /** The report's record; it names the message of its setup (a random id), so its bytes differ from one setup to the next. */
  const reportRecord = async (key: string) => {
    const { etag: _etag, sha256: _sha256, ...rest } = await fileRecord(key);
    return rest;
  };

  it(`steps of ${STEPS.join(", ")} events give the payments and the file record of one run, each step reading on from its saved offset`, async () => {
    const key = "inbox/main/status.xml";
    await putInbox("main", "status.xml", await sentPayouts());
    await runJob(BATCHED);
    const single = { payments: outcome(await adminPayments()), file: await reportRecord(key) };
    expect(single.file).toMatchObject({ state: "ingested" });
    expect(single.payments.map((p) => p.status)).toEqual(["FAILED", "PENDING", "FAILED"]);

    for (const step of STEPS) {
      const report = await sentPayouts();
      await putInbox("main", "status.xml", report);
      const { saved, reads } = await inSteps(key, step, BATCHED);
      expect({ payments: outcome(await adminPayments()), file: await reportRecord(key) }, `steps of ${step}`).toEqual(single);
      if (step === 1) expect(saved.length).toBeGreaterThan(1);
      expect(saved.every((offset, i) => offset > (saved[i - 1] ?? 0))).toBe(true);
      for (let run = 1; run < reads.length - 1; run++) expect(reads[run]).toEqual([saved[run - 1]]);
    }
  });
});

/** The bank's report on a message of three payouts: per payment instruction, one part. */
function statusReport(messageId: string): string {
  const part = (id: string, e2e: string, status: string, reason = "") =>
    `<OrgnlPmtInfAndSts><OrgnlPmtInfId>${id}</OrgnlPmtInfId><TxInfAndSts><OrgnlEndToEndId>${e2e}</OrgnlEndToEndId><TxSts>${status}</TxSts>${reason}</TxInfAndSts></OrgnlPmtInfAndSts>`;
  return `<?xml version="1.0" encoding="UTF-8"?>
<Document xmlns="urn:iso:std:iso:20022:tech:xsd:pain.002.001.03"><CstmrPmtStsRpt>
<GrpHdr><MsgId>STS-1</MsgId><CreDtTm>2026-11-22T10:00:00</CreDtTm></GrpHdr>
<OrgnlGrpInfAndSts><OrgnlMsgId>${messageId}</OrgnlMsgId><OrgnlMsgNmId>pain.001.001.03</OrgnlMsgNmId><GrpSts>PART</GrpSts></OrgnlGrpInfAndSts>
${part(`${messageId}-1`, "pay-1", "RJCT", "<StsRsnInf><Rsn><Cd>AC04</Cd></Rsn><AddtlInf>Konto erloschen – Zoë</AddtlInf></StsRsnInf>")}
${part(`${messageId}-2`, "pay-2", "ACCP")}
${part(`${messageId}-3`, "pay-3", "RJCT", "<StsRsnInf><Rsn><Cd>AM04</Cd></Rsn></StsRsnInf>")}
</CstmrPmtStsRpt></Document>
`;
}
