import { describe, expect, it } from "vitest";
import { readCamt053 } from "../../src/formats/camt053";
import { FileError, type StatementEvent } from "../../src/model/statement";
import { camtDocument } from "../support/camt-documents";
import { readInSteps } from "./resume-reading";

/*
 * The reading of a few hundred generated camt.053 documents, pinned in a file: every event (and
 * the refusal that ends a document, with its line) as the tree-of-objects reader gave them
 * before the reader kept its elements in arrays. A change to what a document reads as shows up
 * here as a diff; one that is meant is pinned again with `vitest -u`.
 */

const DOCUMENTS = 300;
const context = { fileName: "statement.xml", source: "bank" };

/** The events or the refusal, as text: bigints written out, undefined fields left out. */
function written(events: StatementEvent[], error: FileError | undefined): string {
  const outcome = error ? [...events, { refused: error.message, line: error.line }] : events;
  return JSON.stringify(outcome, (_, value: unknown) => (typeof value === "bigint" ? `${value}n` : value));
}

/** The reading of the whole text, in byte chunks of `chunk`: its events, and the refusal that ends it if any. */
async function outcomeOf(text: string, chunk: number): Promise<string> {
  const { events, error } = await readInSteps(readCamt053, context, new TextEncoder().encode(text), chunk, Number.MAX_SAFE_INTEGER);
  return written(events, error);
}

describe("camt.053: generated documents read as before", () => {
  it("reads each document, its bytes cut in chunks of 1 to 97, to the pinned events or refusal", async () => {
    const outcomes: string[] = [];
    for (let seed = 1; seed <= DOCUMENTS; seed++) {
      const text = camtDocument(seed);
      outcomes.push(`${seed}: ${await outcomeOf(text, 1 + ((seed * 31) % 97))}`);
    }
    await expect(`${outcomes.join("\n")}\n`).toMatchFileSnapshot("./__snapshots__/camt053.generated.txt");
  });

  it("reads each document in steps of one record, resumed from the state saved, to the events of one reading", async () => {
    for (let seed = 1; seed <= DOCUMENTS; seed += 7) {
      const bytes = new TextEncoder().encode(camtDocument(seed));
      const whole = await readInSteps(readCamt053, context, bytes, 4096, Number.MAX_SAFE_INTEGER);
      const stepped = await readInSteps(readCamt053, context, bytes, 1 + (seed % 50), 1);
      // Before a refusal, the events of the slice the scanner refused are not handed out: how many
      // come first depends on where the text is cut, so only the refusal is compared.
      if (!whole.error) expect(stepped.events, `seed ${seed}`).toEqual(whole.events);
      expect(stepped.error?.message, `seed ${seed}`).toEqual(whole.error?.message);
    }
  });
});
