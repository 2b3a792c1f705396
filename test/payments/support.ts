import { expect } from "vitest";
import type { Env } from "../../src/env";
import { runIngestion } from "../../src/ingestion";
import type { AdminPayment, RunSummary } from "../../src/model/admin";
import { readSettings, type SettingVars } from "../../src/settings";
import { ADMIN_KEY, call, getJson, putInbox, resetBucket, testEnv } from "../support/worker";

export const MAIN = "DE89370400440532013000";
export const SAVINGS = "DE44500105175407324931";
export const SUPPLIER = "DE02120300000000202051";
export const SUPPLIER_NAME = "Lieferant & Söhne <Ærø>";

export const ENABLED: SettingVars = { PAYMENT_FILES: "pain.001.001.03", OUTBOX_PREFIX: "outbox/" };

export const envWith = (vars: SettingVars = ENABLED): Env => ({ ...testEnv, ...vars });

export const today = () => new Date().toISOString().slice(0, 10);

export interface CamtEntry {
  amount: string;
  credit?: boolean;
  day?: string;
  ref?: string;
  endToEndId?: string;
  party?: { name: string; iban: string };
  returnReason?: string;
  /** RvslInd: the entry reverses an earlier one. */
  reversal?: boolean;
  status?: "BOOK" | "PDNG";
}

const xmlText = (text: string) => text.replace(/&/g, "&amp;").replace(/</g, "&lt;");

/** A camt.053 statement of one account with these entries. */
export function camt(iban: string, entries: CamtEntry[]): string {
  const ntry = entries.map((e) => {
    const side = e.credit ? "Dbtr" : "Cdtr";
    const party = e.party
      ? `<RltdPties><${side}><Nm>${xmlText(e.party.name)}</Nm></${side}><${side}Acct><Id><IBAN>${e.party.iban}</IBAN></Id></${side}Acct></RltdPties>`
      : "";
    const refs = e.endToEndId ? `<Refs><EndToEndId>${e.endToEndId}</EndToEndId></Refs>` : "";
    const returned = e.returnReason ? `<RtrInf><Rsn><Cd>${e.returnReason}</Cd></Rsn></RtrInf>` : "";
    return `<Ntry><Amt Ccy="EUR">${e.amount}</Amt><CdtDbtInd>${e.credit ? "CRDT" : "DBIT"}</CdtDbtInd>${e.reversal ? "<RvslInd>true</RvslInd>" : ""}<Sts><Cd>${e.status ?? "BOOK"}</Cd></Sts>
<BookgDt><Dt>${e.day ?? today()}</Dt></BookgDt>${e.ref ? `<AcctSvcrRef>${e.ref}</AcctSvcrRef>` : ""}
<NtryDtls><TxDtls>${refs}${party}${returned}</TxDtls></NtryDtls></Ntry>`;
  });
  return `<?xml version="1.0" encoding="UTF-8"?>
<Document xmlns="urn:iso:std:iso:20022:tech:xsd:camt.053.001.02"><BkToCstmrStmt><GrpHdr><MsgId>M</MsgId><CreDtTm>2026-11-20T10:00:00Z</CreDtTm></GrpHdr>
<Stmt><Id>S-${iban}</Id><CreDtTm>2026-11-20T10:00:00Z</CreDtTm><Acct><Id><IBAN>${iban}</IBAN></Id><Ccy>EUR</Ccy><Ownr><Nm>Acme ${iban.slice(0, 2)}</Nm></Ownr></Acct>
${ntry.join("\n")}
</Stmt></BkToCstmrStmt></Document>`;
}

/**
 * A store with two own EUR accounts and one beneficiary (a supplier paid before), as the
 * connector would have seen them before initiating anything.
 */
export async function servedAccounts(): Promise<void> {
  await resetBucket();
  await putInbox("main", "opening.xml", camt(MAIN, [{ amount: "100.00", day: "2026-11-02", ref: "OLD-1", party: { name: SUPPLIER_NAME, iban: SUPPLIER } }]));
  await putInbox("savings", "opening.xml", camt(SAVINGS, [{ amount: "5.00", credit: true, day: "2026-11-02", ref: "INT-1" }]));
  await runJob();
}

export function runJob(vars: SettingVars = ENABLED): Promise<RunSummary> {
  return runIngestion(testEnv.STATEMENTS, { budgetMs: 60_000, payments: readSettings(vars) });
}

export function payment(overrides: Record<string, unknown> = {}) {
  return {
    idempotencyKey: "invoice-4711",
    amount: "1234",
    currency: "EUR/2",
    sourceAccountId: MAIN,
    destinationAccountId: SUPPLIER,
    description: "Invoice 4711",
    ...overrides,
  };
}

export function post(path: "/payouts" | "/transfers", body: unknown, env: Env = envWith()): Promise<Response> {
  return call(path, { method: "POST", body: JSON.stringify(body), headers: { "content-type": "application/json" }, env });
}

export const adminPayments = () => getJson<AdminPayment[]>("/admin/payments", ADMIN_KEY);

export async function outboxText(fileKey: string): Promise<string> {
  const response = await call(`/admin/outbox/${fileKey.slice("outbox/".length)}`, { key: ADMIN_KEY });
  expect(response.status).toBe(200);
  expect(response.headers.get("content-type")).toMatch(/^application\/xml/);
  return response.text();
}

export async function outboxKeys(): Promise<string[]> {
  const listing = await testEnv.STATEMENTS.list({ prefix: "outbox/" });
  return listing.objects.map((o) => o.key);
}
