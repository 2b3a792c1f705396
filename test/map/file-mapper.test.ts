import { describe, expect, it } from "vitest";
import type { EffectSink, Facts } from "../../src/map/facts";
import { FileMapper, type MappedFile } from "../../src/map/file-mapper";
import { FileRetraction } from "../../src/map/file-retraction";
import type { AccountRecord } from "../../src/model/account-book";
import type { Effect, IndexSlot } from "../../src/model/effect";
import type { IndexedVersion } from "../../src/model/indexed-version";
import type { BankEntry, StatementEvent } from "../../src/model/statement";

/**
 * The facts mapping asks for, kept in memory from the effects it gave: enough to map file after
 * file in plain Node, with no store at all. Only what the mapper reads back is kept.
 */
class Remembered implements Facts, EffectSink {
  readonly effects: Effect[] = [];
  private readonly accounts = new Map<string, AccountRecord>();
  private readonly versions = new Map<string, IndexedVersion>();
  private writer = "first";

  nextFile(): void {
    this.writer = `${this.writer}+`;
  }

  account = (id: string) => this.accounts.get(id);
  beneficiary = () => undefined;
  version = async (slot: IndexSlot, id: string) => this.versions.get(`${slot.accountId}|${id}`);
  statedByThisFile = async (slot: IndexSlot) => (id: string) => this.versions.get(`${slot.accountId}|${id}`)?.writer === this.writer;

  async apply(effect: Effect): Promise<void> {
    this.effects.push(effect);
    if (effect.type === "account") this.accounts.set(effect.account.id, structuredClone(effect.account));
    if (effect.type === "version" || effect.type === "restated") this.versions.set(`${effect.slot.accountId}|${effect.id}`, { ...effect.version, writer: this.writer });
    if (effect.type === "booked") {
      const days = ((this.accounts.get(effect.accountId)!.booked ??= {})[effect.currency] ??= {});
      days[effect.day] = (BigInt(days[effect.day] ?? "0") + effect.minor).toString();
    }
  }
}

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
