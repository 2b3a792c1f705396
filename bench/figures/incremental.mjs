// Target 5: a new day costs the same whatever the store holds. One generated day (the day
// after every store's last) is ingested into each CSV store; the job's time and the objects
// it writes are compared across store sizes.
import { addDays } from "../gen/ledger.mjs";
import { LAST_DAY, measuredIngestion, statementFile, upload } from "../stores.mjs";
import { count, ms, ratio, size } from "../stats.mjs";

const DAY_ROWS = 1000;

export async function incremental({ server, stores, plan }) {
  const day = await statementFile("csv", DAY_ROWS, { seed: 8, lastDay: addDays(LAST_DAY, 1) });
  const runs = [];
  for (const rows of plan.stores) {
    const { store } = await stores.csv(rows);
    await upload(server, store, day);
    const { summary, r2 } = await measuredIngestion(server, store);
    if (summary.files[0]?.published !== DAY_ROWS) throw new Error(`the new day was not published in ${store}: ${JSON.stringify(summary)}`);
    runs.push({ rows, ms: summary.durationMs, r2 });
  }
  const sizes = runs.map((r) => size(r.rows)).join(" · ");
  const growth = runs.at(-1).ms / runs[0].ms;
  const writes = runs.map((r) => r.r2.put);
  return [
    {
      figure: `one new day (${size(DAY_ROWS)} rows) into stores of ${sizes}: job time, ms`,
      value: `${runs.map((r) => ms(r.ms)).join(" · ")} (${ratio(growth)})`,
      target: `${size(runs.at(-1).rows)} ≤ 1.5× ${size(runs[0].rows)}`,
      pass: growth <= 1.5,
    },
    {
      figure: `one new day into stores of ${sizes}: objects written (R2 puts)`,
      value: writes.join(" · "),
      target: "the same at every size",
      pass: writes.every((w) => w === writes[0]),
    },
    {
      figure: `one new day into stores of ${sizes}: R2 reads (get/list) and characters written`,
      value: runs.map((r) => `${r.r2.get + r.r2.head + r.r2.list} / ${count(r.r2.putBytes)}`).join(" · "),
      target: "—",
    },
  ];
}
