import { beforeEach, describe, expect, it } from "vitest";
import report from "../../fixtures/camt052/report-v02.xml?raw";
import notification from "../../fixtures/camt054/notification-v02.xml?raw";
import { FormanceClient, type Payment } from "../support/formance-client";
import { ingest, putInbox, resetBucket } from "../support/worker";

const ACCOUNT = "DE89370400440532013000";

/** The camt.053 that books the report's pending direct debit (same AcctSvcrRef) at the end of the day. */
const statement = `<?xml version="1.0" encoding="UTF-8"?>
<Document xmlns="urn:iso:std:iso:20022:tech:xsd:camt.053.001.02"><BkToCstmrStmt><GrpHdr><MsgId>S</MsgId></GrpHdr>
<Stmt><Id>STMT-0308</Id><Acct><Id><IBAN>${ACCOUNT}</IBAN></Id><Ccy>EUR</Ccy></Acct>
<Bal><Tp><CdOrPrtry><Cd>CLBD</Cd></CdOrPrtry></Tp><Amt Ccy="EUR">5044.50</Amt><CdtDbtInd>CRDT</CdtDbtInd><Dt><Dt>2024-03-08</Dt></Dt></Bal>
<Ntry><Amt Ccy="EUR">75.50</Amt><CdtDbtInd>DBIT</CdtDbtInd><Sts>BOOK</Sts><BookgDt><Dt>2024-03-08</Dt></BookgDt><AcctSvcrRef>2024030800018</AcctSvcrRef><AddtlNtryInf>Lastschrift Stadtwerke</AddtlNtryInf></Ntry>
</Stmt></BkToCstmrStmt></Document>
`;

async function ingestAll(): Promise<void> {
  while ((await ingest()).status !== "completed");
}

const byRef = (formance: FormanceClient, ref: string): Payment | undefined =>
  [...formance.payments.values()].find((p) => p.reference === `${ACCOUNT}:ref:${ref}`);

beforeEach(resetBucket);

describe("camt.052 and camt.054, as Formance reads them", () => {
  it("an intraday report's pending entry is one payment, PENDING until the statement books it; the report again changes nothing", async () => {
    await putInbox("bank", "report-1200.xml", report);
    await ingestAll();
    const formance = new FormanceClient();
    await formance.sync();
    expect(formance.failures).toEqual([]);
    // The INFO advice is not a payment.
    expect([...formance.payments.values()].map((p) => [p.reference, p.type, p.status, p.amount])).toEqual([
      [`${ACCOUNT}:ref:2024030800017`, "PAYIN", "SUCCEEDED", 12000n],
      [`${ACCOUNT}:ref:2024030800018`, "PAYOUT", "PENDING", 7550n],
    ]);

    await putInbox("bank", "statement-0308.xml", statement);
    await ingestAll();
    await formance.sync();
    expect(byRef(formance, "2024030800018")?.adjustments.map((a) => a.status)).toEqual(["PENDING", "SUCCEEDED"]);
    expect(formance.payments.size).toBe(2);

    // A report read after the statement (a late or repeated delivery) does not take the entry back to pending.
    await putInbox("bank", "report-1200-again.xml", report.replace("RPT-20240308-1200", "RPT-20240308-1201"));
    await ingestAll();
    await formance.sync();
    expect(formance.statusDowngrades()).toEqual([]);
    expect(byRef(formance, "2024030800018")?.status).toBe("SUCCEEDED");
  });

  it("a camt.054 notification's entries are payments, a batch one per transaction", async () => {
    await putInbox("notifications", "ntf.xml", notification);
    await ingestAll();
    const formance = new FormanceClient();
    await formance.sync();
    expect(formance.failures.filter((f) => !f.task.startsWith("balances "))).toEqual([]);
    expect([...formance.payments.values()].map((p) => [p.reference, p.type, p.status, p.amount]).sort()).toEqual([
      ["NL91ABNA0417164300:ref:ABN-NTF-5501/T1", "PAYOUT", "SUCCEEDED", 10000n],
      ["NL91ABNA0417164300:ref:ABN-NTF-5501/T2", "PAYOUT", "SUCCEEDED", 20000n],
      ["NL91ABNA0417164300:ref:ABN-NTF-5502", "PAYIN", "SUCCEEDED", 4995n],
    ]);
  });
});
