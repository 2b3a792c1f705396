import { describe, expect, it } from "vitest";
import { FileMapper, type MappedFile } from "../../src/map/file-mapper";
import { FileRetraction } from "../../src/map/file-retraction";
import type { BankEntry, StatementEvent } from "../../src/model/statement";
import { Remembered } from "../support/remembered-facts";

const FILE: MappedFile = { key: "inbox/main/october.csv", source: "main", profile: { openingBalance: { amount: "100.00", date: "2026-09-30" } } };

function entry(line: number, day: string, minor: bigint, description: string): StatementEvent {
  const e: BankEntry = { line, account: { id: "main" }, bookingDate: day, amount: { minor, currency: "EUR", exponent: 2 }, status: "booked", description };
  return { type: "entry", entry: e };
}

const EVENTS = [entry(2, "2026-10-01", 250000n, "Salary"), entry(3, "2026-10-02", -90000n, "Rent"), entry(4, "2026-10-02", -90000n, "Rent")];

async function mapAll(file: MappedFile, facts: Remembered, mapper: FileMapper = new FileMapper(file, facts, facts, undefined)): Promise<FileMapper> {
  for (const event of EVENTS) await mapper.map(event);
  await mapper.finish();
  return mapper;
}

describe("mapping a file", () => {
  it("needs nothing but the facts it asks for, and gives everything it decides as effects", async () => {
    const facts = new Remembered();
    const mapper = await mapAll(FILE, facts);
    expect(facts.effects.map((e) => e.type)).toEqual(["account", "version", "booked", "version", "booked", "version", "booked", "balance"]);
    // Two equal rents of one day are two payments: the second is numbered.
    const ids = facts.effects.flatMap((e) => (e.type === "version" ? [e.id] : []));
    expect(ids[2]).toBe(`${ids[1]}:2`);
    expect(facts.effects.at(-1)).toMatchObject({ type: "balance", balance: { minor: "80000", origin: "computed", anchor: { kind: "profile" } } });
    expect(mapper.counts).toMatchObject({ entries: 3, published: 3, newAccounts: 1 });
  });

  it("gives nothing new for the same file again: each entry is restated as it is", async () => {
    const facts = new Remembered();
    await mapAll(FILE, facts);
    facts.nextFile();
    facts.effects.length = 0;
    const again = await mapAll({ ...FILE, key: "inbox/main/october-again.csv" }, facts);
    expect(facts.effects.filter((e) => e.type === "version" || e.type === "booked")).toEqual([]);
    expect(again.counts).toMatchObject({ published: 0, alreadyKnown: 3 });
  });

  it("compares with change hashes of the first kind as a store written before the second holds them", async () => {
    const facts = new Remembered();
    await mapAll(FILE, facts);
    facts.storedAsFirstKind();
    facts.nextFile();
    facts.effects.length = 0;
    const again = await mapAll({ ...FILE, key: "inbox/main/october-again.csv" }, facts);
    expect(facts.effects.filter((e) => e.type === "version" || e.type === "booked")).toEqual([]);
    expect(again.counts).toMatchObject({ published: 0, changed: 0, alreadyKnown: 3 });
    // The same entries with a value day now: the same ids, each a new version.
    facts.nextFile();
    facts.effects.length = 0;
    const valued = new FileMapper({ ...FILE, key: "inbox/main/october-valued.csv" }, facts, facts, undefined);
    for (const event of EVENTS) await valued.map(event.type === "entry" ? { ...event, entry: { ...event.entry, valueDate: "2026-10-03" } } : event);
    await valued.finish();
    expect(valued.counts).toMatchObject({ published: 0, changed: 3 });
  });

  it("takes a file back as CANCELLED versions of the same ids, which take their amounts off the days they were booked", async () => {
    const facts = new Remembered();
    await mapAll(FILE, facts);
    const published = facts.effects.flatMap((e) => (e.type === "version" ? [e.id] : []));
    facts.nextFile();
    facts.effects.length = 0;
    const retraction = await mapAll(FILE, facts, new FileRetraction(FILE, facts, facts, undefined, "wrong source"));
    const versions = facts.effects.flatMap((e) => (e.type === "version" ? [e] : []));
    expect(versions.map((v) => v.id)).toEqual(published);
    expect(versions.map((v) => JSON.parse(v.line).status)).toEqual(["CANCELLED", "CANCELLED", "CANCELLED"]);
    expect(facts.effects.flatMap((e) => (e.type === "booked" ? [e.minor] : []))).toEqual([-250000n, 90000n, 90000n]);
    expect(retraction.retracted).toEqual({ cancelled: 3, kept: 0 });
  });
});
