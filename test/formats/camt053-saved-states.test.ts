import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { readCamt053 } from "../../src/formats/camt053";
import { readFrom, type Stop } from "./resume-reading";

/*
 * Where a reading of statement-v08.xml stopped, as the reader saved it when it still kept each
 * captured element as a tree of nodes: past the header's Acct (the header held whole, the account
 * not yet stated) and past the first Bal. A job that stopped there before an upgrade goes on after it.
 */
const SAVED: Stop[] = JSON.parse(readFileSync(new URL("./camt053-saved-states.json", import.meta.url), "utf8"));
const bytes = new Uint8Array(readFileSync(new URL("../../fixtures/camt053/statement-v08.xml", import.meta.url)));
const context = { fileName: "statement.xml", source: "bank" };
const ALL = Number.MAX_SAFE_INTEGER;

/** Every stop of a reading in steps of one record, from the start. */
async function stops(): Promise<Stop[]> {
  const found: Stop[] = [];
  for (let from: Stop | undefined; ; ) {
    const { stop } = await readFrom(readCamt053, context, bytes, 4096, 1, from);
    if (!stop) return found;
    found.push(stop);
    from = stop;
  }
}

describe("camt.053: a reading resumed from a state saved by the earlier reader", () => {
  it("saves the same state at the same places", async () => {
    const now = await stops();
    for (const saved of SAVED) expect(now.find((stop) => stop.offset === saved.offset)).toEqual(saved);
  });

  it("goes on from it to the events and end of a reading that never stopped", async () => {
    const whole = await readFrom(readCamt053, context, bytes, 4096, ALL);
    for (const saved of SAVED) {
      const rest = await readFrom(readCamt053, context, bytes, 4096, ALL, saved);
      expect(rest.error).toBeUndefined();
      expect(rest.events.length).toBeGreaterThan(0);
      expect(whole.events.slice(-rest.events.length)).toEqual(rest.events);
    }
  });
});
