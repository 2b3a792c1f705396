import type { EffectSink, Facts } from "../../src/map/facts";
import type { AccountRecord } from "../../src/model/account-book";
import type { Effect, IndexSlot } from "../../src/model/effect";
import { canonicalJson, hash64 } from "../../src/model/hash";
import type { IndexedVersion, KnownIds } from "../../src/model/indexed-version";
import { SOURCE_FILE, SOURCE_LINE } from "../../src/model/stored-transaction";

const UNHASHED = new Set([SOURCE_FILE, SOURCE_LINE]);

/**
 * The facts mapping asks for, kept in memory from the effects it gave: enough to map file after
 * file in plain Node, with no store at all. Only what the mapper reads back is kept.
 */
export class Remembered implements Facts, EffectSink {
  readonly effects: Effect[] = [];
  private readonly accounts = new Map<string, AccountRecord>();
  private readonly versions = new Map<string, IndexedVersion & { month: string }>();
  private writer = "first";

  nextFile(): void {
    this.writer = `${this.writer}+`;
  }

  account = (id: string) => this.accounts.get(id);
  beneficiary = () => undefined;
  version = async (slot: IndexSlot, id: string) => this.versions.get(`${slot.accountId}|${id}`);
  read = () => undefined;
  known = (slot: IndexSlot): KnownIds => ({
    version: (id) => this.versions.get(`${slot.accountId}|${id}`),
    statedByThisFile: (id) => this.versions.get(`${slot.accountId}|${id}`)?.writer === this.writer,
  });
  linkedTo = async (accountId: string, months: string[], tag: string) =>
    [...this.versions]
      .filter(([key, v]) => key.startsWith(`${accountId}|`) && v.link === tag && months.some((m) => m.startsWith(v.month)))
      .map(([key, version]) => ({ id: key.slice(accountId.length + 1), version }));

  /** Gives every kept version the change hash a store written before the second kind holds (see changeHash): of the first kind. */
  storedAsFirstKind(): void {
    for (const effect of this.effects) {
      const kept = effect.type === "version" ? this.versions.get(`${effect.slot.accountId}|${effect.id}`) : undefined;
      if (kept && effect.type === "version" && kept.hash === effect.version.hash) kept.hash = hash64(canonicalJson(JSON.parse(effect.line), UNHASHED));
    }
  }

  apply(effect: Effect): undefined {
    this.effects.push(effect);
    if (effect.type === "account") this.accounts.set(effect.account.id, structuredClone(effect.account));
    if (effect.type === "version" || effect.type === "restated") this.versions.set(`${effect.slot.accountId}|${effect.id}`, { ...effect.version, writer: this.writer, month: effect.slot.day.slice(0, 7) });
    if (effect.type === "booked") {
      const days = ((this.accounts.get(effect.accountId)!.booked ??= {})[effect.currency] ??= {});
      days[effect.day] = (BigInt(days[effect.day] ?? "0") + effect.minor).toString();
    }
  }
}
