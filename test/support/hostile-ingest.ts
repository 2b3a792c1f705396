import type { FormatName } from "../../src/ingest/detect";
import { RunSummarySchema } from "../../src/model/admin";
import { Random } from "../fuzz/support";
import { BAD_FILES, csv } from "./bad-files";
import { providedCorpus } from "./provided-corpus";
import { ADMIN_KEY, call, CONNECTOR_KEY, putInbox, resetBucket, testEnv } from "./worker";

/** A statement file a suite starts from, with the format its fields are written in, if known. */
export interface StatementFile {
  name: string;
  format: FormatName | undefined;
  bytes: Uint8Array;
}

/** Bundled as text (workerd has no file system): the one Windows-1252 fixture arrives with U+FFFD for its accented letters. */
const FIXTURES = import.meta.glob<string>("../../fixtures/**/*", { query: "?raw", import: "default", eager: true });

const FORMATS: readonly FormatName[] = ["bai2", "camt053", "csv", "mt940", "ofx"];
/** Fixture folders of files a format reads beside its own: the camt reader reads reports and notifications. */
const ALSO: Readonly<Record<string, FormatName>> = { camt052: "camt053", camt054: "camt053" };
const EXTENSIONS: Record<string, FormatName> = { csv: "csv", xml: "camt053", sta: "mt940", bai2: "bai2", ofx: "ofx", qfx: "ofx" };
const utf8 = (text: string) => new TextEncoder().encode(text);

/**
 * Every statement file the tests hold, in an order the seed shuffles (a short run takes the
 * first few, so each seed covers others): the fixtures (the sample's CSVs with them), the bad
 * files of test/support/bad-files.ts, and the shared corpus when it is beside the project
 * (through test/support/corpus-setup.ts; none when it is absent).
 */
export function statementFiles(seed: number): StatementFile[] {
  const files = allStatementFiles();
  const random = new Random(seed);
  for (let i = files.length - 1; i > 0; i--) {
    const j = random.int(i + 1);
    [files[i], files[j]] = [files[j]!, files[i]!];
  }
  return files;
}

function allStatementFiles(): StatementFile[] {
  const fixtures = Object.entries(FIXTURES).map(([path, text]) => {
    const folder = path.split("/").at(-2)!;
    return { name: path.replace("../../", ""), format: ALSO[folder] ?? FORMATS.find((f) => f === folder) ?? "csv", bytes: utf8(text) };
  });
  const bad = BAD_FILES.map(([name, content]) => ({
    name: `bad-files/${name}`,
    format: EXTENSIONS[name.split(".").at(-1)!],
    bytes: typeof content === "string" ? utf8(content) : content,
  }));
  const corpus = providedCorpus(...FORMATS, "invalid").map(({ path, folder, bytes }) => ({
    name: `corpus/${path}`,
    format: FORMATS.find((f) => f === folder),
    bytes,
  }));
  return [...fixtures, ...bad, ...corpus];
}

export const HOSTILE_SOURCE = "hostile";

/**
 * An empty store but for the hostile source's profile: its CSV files state no currency, and
 * with one they are read past their first row, to the mapping and publishing of their fields.
 */
export async function prepareStore(): Promise<void> {
  await resetBucket();
  await testEnv.STATEMENTS.put(`config/profiles/${HOSTILE_SOURCE}.json`, JSON.stringify({ account: { currency: "EUR" } }));
}

/** A stack frame (`at f (file.ts:12:5)`), which a reason a person reads in GET /admin/files never holds. */
const STACK_FRAME = /\bat (?:\S+ \()?\S+\.[jt]s:\d+:\d+/;

/**
 * Drops `bytes` in the inbox as file `n` of the hostile source, then a good CSV, and runs
 * ingestion through POST /admin/ingest (again while a run says "partial"). Says what went wrong,
 * if anything: a run not answering 200, the good file not ingested, the hostile file left
 * pending, or failed without a reason, with a stack frame in it, or by an error other than
 * its FileError (the reason job.ts gives those).
 */
export async function ingestBeside(n: number, extension: string, bytes: Uint8Array): Promise<string | undefined> {
  const hostile = `inbox/${HOSTILE_SOURCE}/case-${n}.${extension}`;
  const good = `inbox/good/case-${n}.csv`;
  await testEnv.STATEMENTS.put(hostile, bytes);
  await putInbox("good", `case-${n}.csv`, csv([`2026-11-01,Good file ${n},1.00,EUR`]));
  const states = new Map<string, { state: string; reason?: string | undefined }>();
  for (let run = 0; run < 20; run++) {
    const response = await call("/admin/ingest", { method: "POST", key: ADMIN_KEY });
    const body = await response.text();
    if (response.status !== 200) return `POST /admin/ingest answered ${response.status}: ${body.slice(0, 300)}`;
    const summary = RunSummarySchema.parse(JSON.parse(body));
    for (const file of summary.files) states.set(file.key, { state: file.state, reason: file.error?.reason });
    if (summary.status !== "partial") break;
  }
  if (states.get(good)?.state !== "ingested") return `the good file after it is ${states.get(good)?.state ?? "not read"}`;
  const outcome = states.get(hostile);
  if (!outcome || outcome.state === "ingesting") return `it is still ${outcome?.state ?? "pending"}`;
  if (outcome.state !== "failed") return undefined;
  const reason = outcome.reason ?? "";
  if (reason.trim() === "" || STACK_FRAME.test(reason)) return `failed without a readable reason: ${JSON.stringify(reason.slice(0, 300))}`;
  if (reason.startsWith("the file could not be ingested (")) return `failed on an error that is not a FileError: ${reason}`;
  return undefined;
}

/** Whatever the files held, every list and every account's balances are served (no 500). */
export async function serverErrors(): Promise<string[]> {
  const found: string[] = [];
  const get = async (path: string, key = CONNECTOR_KEY) => {
    const response = await call(path, { key });
    if (response.status >= 500) found.push(`GET ${path} answered ${response.status}`);
    return response.status === 200 ? ((await response.json()) as unknown) : undefined;
  };
  for (const path of ["/transactions?pageSize=1000", "/beneficiaries?pageSize=1000"]) await get(path);
  for (const path of ["/admin/files", "/admin/accounts", "/admin/runs", "/admin/transactions"]) await get(path, ADMIN_KEY);
  const accounts = ((await get("/accounts?pageSize=1000")) ?? []) as { id: string }[];
  for (const { id } of accounts) await get(`/accounts/${encodeURIComponent(id)}/balances`);
  return found;
}
