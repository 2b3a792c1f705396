// Target 2: what a full sync costs the Formance connector. A client polling exactly as the
// connector does (page size 100) syncs a store from empty, over HTTP: the largest in a full run.
import { syncTransactions } from "../connector.mjs";
import { count, seconds, size } from "../stats.mjs";

export async function sync({ server, stores, plan }) {
  const rows = plan.syncRows;
  const { store } = await stores.csv(rows);
  await server.restart();
  const started = performance.now();
  const { requests, delivered } = await syncTransactions(server, store);
  const elapsed = performance.now() - started;
  if (delivered !== rows) throw new Error(`the sync delivered ${delivered} distinct transactions of ${rows}`);
  const perHundred = requests / (delivered / 100);
  return [
    {
      figure: `full sync of ${size(rows)} transactions from empty: requests per 100 delivered (floor 2.0)`,
      value: `${perHundred.toFixed(3)} (${count(requests)} requests)`,
      target: "≤ 2.05",
      pass: perHundred <= 2.05,
    },
    { figure: `full sync of ${size(rows)} transactions: total time`, value: `${seconds(elapsed)} (${(elapsed / requests).toFixed(2)} ms a request)`, target: "—" },
  ];
}
