import { beforeEach, describe, expect, it } from "vitest";
import { runIngestion } from "../../src/ingestion";
import { published } from "../support/published";
import { ADMIN_KEY, getJson, ingest, putInbox, resetBucket, testEnv } from "../support/worker";

beforeEach(resetBucket);

const rows = (n: number) =>
  ["Date,Description,Payee,IBAN,Amount,Currency,Balance"]
    .concat(
      Array.from({ length: n }, (_, i) => {
        const day = String(1 + (i % 28)).padStart(2, "0");
        const month = String(1 + Math.floor(i / 28) % 12).padStart(2, "0");
        const iban = i % 3 === 0 ? `DE${String(10 + (i % 7)).padStart(2, "0")}370400440532013${String(i % 1000).padStart(3, "0")}` : "";
        return `2025-${month}-${day},Entry ${i},Party ${i % 7},${iban},${i % 2 ? "-" : ""}${i}.${String(i % 100).padStart(2, "0")},EUR,${1000 + i}.00`;
      }),
    )
    .join("\n");

/** The published state, without the publication times (which differ between two stores). */
async function publishedState() {
  return {
    ...(await published()),
    balances: await getJson("/accounts/big/balances"),
    byBookingDate: (await getJson<{ id: string }[]>("/transactions?sort=createdAt:asc&pageSize=1000")).map((t) => t.id),
  };
}

describe("a file too big for one run", () => {
  it("is ingested over several bounded steps, invisible until complete, with the result of a single run", async () => {
    const file = rows(450);
    await putInbox("big", "year.csv", file);
    await ingest();
    const single = await publishedState();
    expect(single.transactions).toHaveLength(450);

    await resetBucket();
    await putInbox("big", "year.csv", file);
    await putInbox("other", "small.csv", "Date,Description,Amount,Currency\n2025-01-01,Waiting,1.00,EUR\n");
    const states: string[] = [];
    for (let run = 1; run <= 20; run++) {
      const summary = await runIngestion(testEnv.STATEMENTS, { budgetMs: 60_000, maxEventsPerStep: 100 });
      states.push(summary.files.map((f) => f.state).join("+"));
      if (summary.status === "completed") break;
      // Nothing of a file in progress is served.
      expect(await getJson("/transactions")).toEqual([]);
      const listed = await getJson<{ name: string; state: string; progress?: number }[]>("/admin/files", ADMIN_KEY);
      expect(listed.find((f) => f.name === "year.csv")).toMatchObject({ state: "ingesting", progress: 100 * run });
    }
    expect(states).toEqual(["ingesting", "ingesting", "ingesting", "ingesting", "ingested+ingested"]);
    const stepped = await publishedState();
    expect(stepped.transactions.filter((t) => t.metadata?.sourceFile === "inbox/big/year.csv")).toEqual(single.transactions);
    expect(stepped.beneficiaries).toEqual(single.beneficiaries);
    expect(stepped.balances).toEqual(single.balances);
    expect(stepped.byBookingDate.filter((id) => id.startsWith("big:"))).toEqual(single.byBookingDate);
  });

  it("starts again when the file is replaced while in progress", async () => {
    await putInbox("big", "year.csv", rows(250));
    await runIngestion(testEnv.STATEMENTS, { budgetMs: 60_000, maxEventsPerStep: 100 });
    await putInbox("big", "year.csv", rows(120));
    for (let run = 0; run < 5; run++) {
      if ((await runIngestion(testEnv.STATEMENTS, { budgetMs: 60_000, maxEventsPerStep: 100 })).status === "completed") break;
    }
    expect(await getJson<unknown[]>("/transactions?pageSize=1000")).toHaveLength(120);
  });
});
