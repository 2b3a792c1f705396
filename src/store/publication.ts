import { z } from "zod";
import { type AccountBook, accountIn, type AccountRecord, addAccount, type BeneficiaryRecord } from "../model/account-book";
import type { Day } from "../model/day";
import type { Effect, IndexSlot } from "../model/effect";
import { type IndexedVersion, indexedVersionValue, type KnownIds, readIndexedVersion } from "../model/indexed-version";
import type { PaymentLedger } from "../model/payment";
import { together, type Writing } from "../model/writing";
import { BookingDays, DaysTableSchema } from "./booking-days";
import { type Bucket, writeJson } from "./bucket";
import { type Beneficiaries, DOCUMENT_NAMES, type Documents, type FileRegistry, readDocument, readDocuments, readStoredDocument } from "./documents";
import { EntryIndex, IndexTableSchema, type Shard, shardName as shardNameOf } from "./entry-index";
import { FileIdList, idListKeys, readIdList } from "./file-ids";
import { LinkIndex } from "./link-index";
import { ACCOUNTS_PREFIX, BENEFICIARIES_PREFIX, documentKey, fileIdsPrefix, TX_PREFIX } from "./layout";
import { AppenderStateSchema, LogAppender, nextCursor } from "./log";
import { commitManifest, type LoadedManifest, type Manifest } from "./manifest";

/** Longer than any request holds a manifest: a reader never finds an object it was told about deleted. */
const GARBAGE_GRACE_MS = 10 * 60_000;

/** A publication in progress, saved between the ingestion steps of a large file. */
export const PublicationStateSchema = z.object({
  writer: z.string(),
  /** Keys of the staged accounts, beneficiaries and payments documents. */
  book: z.string(),
  beneficiaries: z.string(),
  payments: z.string().optional(),
  index: IndexTableSchema,
  days: DaysTableSchema,
  logs: z.object({ transactions: AppenderStateSchema, accounts: AppenderStateSchema, beneficiaries: AppenderStateSchema }),
  /** Parts of the file's id list written so far. */
  idParts: z.number(),
  /** Objects this publication replaced or staged and superseded: garbage once it commits. */
  garbage: z.array(z.string()),
});
export type PublicationState = z.infer<typeof PublicationStateSchema>;

/**
 * The effects of ingesting files, gathered on top of one manifest and committed at once.
 * Log items are written to new objects as they come (bounded memory); the manifest swap at
 * the end is what makes them visible, or, if it loses the race, leaves them unreferenced.
 */
export class Publication {
  private constructor(
    private readonly bucket: Bucket,
    private readonly base: LoadedManifest,
    readonly writer: string,
    readonly book: AccountBook,
    readonly files: FileRegistry,
    readonly payments: PaymentLedger,
    private readonly beneficiaryNames: Beneficiaries,
    private readonly index: EntryIndex,
    private readonly bookingDays: BookingDays,
    private readonly transactions: LogAppender,
    private readonly accounts: LogAppender,
    private readonly beneficiaries: LogAppender,
    private readonly ids: FileIdList,
    private readonly garbage: string[] = [],
  ) {}

  private readonly links = new LinkIndex();
  /** The slot whose shard was named last, and that name: an entry's slot is asked for it four times (read, known twice, stated). */
  private named: { slot: IndexSlot; shard: string } | undefined;
  /** The ids of the shard read last, as `known` and `version` answer them. */
  private shardIds: ShardIds | undefined;

  /** Ends the index value of every id this publication states: the file's own ids are told apart by it. */
  private get mark(): string {
    return `|${this.writer}`;
  }

  static async open(bucket: Bucket, base: LoadedManifest, writer: string): Promise<Publication> {
    const docs = await readDocuments(bucket, base.manifest);
    const logs = base.manifest.logs;
    const [tx, acc, ben] = await Promise.all([
      LogAppender.open(bucket, TX_PREFIX, logs.transactions, writer),
      LogAppender.open(bucket, ACCOUNTS_PREFIX, logs.accounts, writer),
      LogAppender.open(bucket, BENEFICIARIES_PREFIX, logs.beneficiaries, writer),
    ]);
    return new Publication(
      bucket, base, writer, docs.accounts, docs.files, docs.payments, docs.beneficiaries,
      new EntryIndex(bucket, docs.index, writer), new BookingDays(bucket, docs.days, writer), tx, acc, ben,
      new FileIdList(bucket, fileIdsPrefix(writer)),
    );
  }

  /** Takes up a publication saved by `snapshot` on the same base manifest. */
  static async resume(bucket: Bucket, base: LoadedManifest, state: PublicationState): Promise<Publication> {
    const [files, book, names, payments] = await Promise.all([
      readDocument(bucket, base.manifest, "files"),
      readStoredDocument(bucket, state.book, "accounts"),
      readStoredDocument(bucket, state.beneficiaries, "beneficiaries"),
      // A step saved by a release without payments carries no ledger: the base manifest's is current.
      state.payments ? readStoredDocument(bucket, state.payments, "payments") : readDocument(bucket, base.manifest, "payments"),
    ]);
    const logs = base.manifest.logs;
    const { writer } = state;
    return new Publication(
      bucket, base, writer, book, files, payments, names,
      new EntryIndex(bucket, state.index, writer), new BookingDays(bucket, state.days, writer),
      LogAppender.resume(bucket, TX_PREFIX, logs.transactions, writer, state.logs.transactions),
      LogAppender.resume(bucket, ACCOUNTS_PREFIX, logs.accounts, writer, state.logs.accounts),
      LogAppender.resume(bucket, BENEFICIARIES_PREFIX, logs.beneficiaries, writer, state.logs.beneficiaries),
      new FileIdList(bucket, fileIdsPrefix(writer), state.idParts),
      state.garbage,
    );
  }

  /**
   * Saves what this publication has gathered so far as staged objects, none of them named by
   * the manifest: a later step resumes from the returned state, and only its commit makes
   * anything visible.
   */
  async snapshot(step: number): Promise<PublicationState> {
    await Promise.all([this.transactions.settle(), this.accounts.settle(), this.beneficiaries.settle()]);
    const index = await this.index.write(`-${step}`);
    const days = await this.bookingDays.write(`-${step}`);
    const idParts = await this.ids.flush();
    const book = await this.writeDocument(`accounts-${step}`, this.book);
    const beneficiaries = await this.writeDocument(`beneficiaries-${step}`, this.beneficiaryNames);
    const payments = await this.writeDocument(`payments-${step}`, this.payments);
    this.garbage.push(...this.index.replaced.splice(0), ...this.bookingDays.replaced.splice(0));
    return {
      writer: this.writer,
      book,
      beneficiaries,
      payments,
      index,
      days,
      logs: { transactions: this.transactions.snapshot(), accounts: this.accounts.snapshot(), beneficiaries: this.beneficiaries.snapshot() },
      idParts,
      garbage: [...this.garbage, book, beneficiaries, payments],
    };
  }

  /**
   * Every object this publication has written (each key holds its writer's id): garbage when what
   * it gathered is not published (a file failed, held or a duplicate), for the commit that records
   * that to collect.
   */
  async staged(): Promise<string[]> {
    const appenders = [this.transactions, this.accounts, this.beneficiaries];
    await Promise.all(appenders.map((a) => a.settle()));
    const keys = [
      ...this.garbage,
      ...this.index.keys(),
      ...this.bookingDays.table.map(([, , key]) => key),
      ...this.bookingDays.replaced,
      ...appenders.flatMap((a) => a.written()),
      ...(await idListKeys(this.bucket, this.ids.prefix)),
    ];
    return [...new Set(keys.filter((key) => key.includes(this.writer)))];
  }

  /** Objects to delete once no reader can still be reading them: named as garbage by the commit. */
  collect(keys: string[]): void {
    this.garbage.push(...keys);
  }

  /** About how many R2 writes saving or committing what this publication holds would make. */
  pendingWrites(): number {
    return this.index.dirtyShards() + this.bookingDays.dirtyDays() + DOCUMENT_NAMES.length + 8;
  }

  account(id: string): AccountRecord | undefined {
    return accountIn(this.book, id);
  }

  beneficiary(id: string): BeneficiaryRecord | undefined {
    return Object.hasOwn(this.beneficiaryNames, id) ? this.beneficiaryNames[id] : undefined;
  }

  /** The latest published version of an id, as the index keeps it. */
  async version(slot: IndexSlot, id: string): Promise<IndexedVersion | undefined> {
    return this.idsOf(await this.index.shard(this.shardOf(slot))).version(id);
  }

  read(slot: IndexSlot): Writing {
    const shard = this.index.shard(this.shardOf(slot));
    return shard instanceof Promise ? shard.then(() => undefined) : undefined;
  }

  known(slot: IndexSlot): KnownIds {
    const shard = this.index.current(this.shardOf(slot));
    if (!shard) throw new Error(`the index shard of ${slot.accountId} on ${slot.day} is not the one read last`);
    return this.idsOf(shard);
  }

  private idsOf(shard: Shard): ShardIds {
    if (this.shardIds?.shard !== shard) this.shardIds = new ShardIds(shard, this.mark);
    return this.shardIds;
  }

  async linkedTo(accountId: string, months: Day[], tag: string): Promise<{ id: string; version: IndexedVersion }[]> {
    const found: { id: string; version: IndexedVersion }[] = [];
    for (const month of months) {
      const name = shardNameOf(accountId, month);
      const shard = await this.index.shard(name);
      for (const id of this.links.ids(name, shard, tag)) found.push({ id, version: readIndexedVersion(shard[id]!) });
    }
    return found;
  }

  /** Applies one effect of mapping: logged items go to new objects now, and become visible with the commit. */
  apply(effect: Effect): Writing {
    switch (effect.type) {
      case "account":
        addAccount(this.book, structuredClone(effect.account));
        return this.accounts.push(effect.line);
      case "accountDetails": {
        const account = accountIn(this.book, effect.accountId)!;
        account.currency ??= effect.currency;
        account.bank ??= effect.bank;
        if (effect.file) account.files = [...(account.files ?? []), effect.file];
        return;
      }
      case "accountUnstated": {
        const account = accountIn(this.book, effect.accountId)!;
        account.files = account.files?.filter((f) => f !== effect.file);
        if (!effect.retracted) return;
        account.retracted = effect.retracted.reason;
        return this.accounts.push(effect.retracted.line);
      }
      case "statementsUnstated": {
        const account = accountIn(this.book, effect.accountId)!;
        for (const [currency, list] of Object.entries(account.statements)) {
          const kept = list.filter((s) => s.file !== effect.file);
          if (kept.length > 0) account.statements[currency] = kept;
          else delete account.statements[currency];
        }
        return;
      }
      case "version":
      case "restated": {
        const name = this.shardOf(effect.slot);
        const shard = this.index.shard(name);
        return shard instanceof Promise ? shard.then((read) => this.state(effect, name, read)) : this.state(effect, name, shard);
      }
      case "beneficiary":
        this.beneficiaryNames[effect.id] = { ownerName: effect.ownerName, files: [effect.file] };
        return this.beneficiaries.push(effect.line);
      case "beneficiaryFile": {
        const beneficiary = this.beneficiaryNames[effect.id]!;
        beneficiary.files = [...(beneficiary.files ?? []), effect.file];
        delete beneficiary.retracted;
        return;
      }
      case "beneficiaryUnstated": {
        const beneficiary = this.beneficiaryNames[effect.id]!;
        beneficiary.files = beneficiary.files?.filter((f) => f !== effect.file);
        if (!effect.retracted) return;
        beneficiary.retracted = effect.retracted.reason;
        return this.beneficiaries.push(effect.retracted.line);
      }
      case "booked": {
        const booked = (accountIn(this.book, effect.accountId)!.booked ??= {});
        const days = (booked[effect.currency] ??= {});
        const sum = BigInt(days[effect.day] ?? "0") + effect.minor;
        // A day whose entries add up to nothing (all taken back) is no day with entries.
        if (sum !== 0n) {
          days[effect.day] = sum.toString();
          return;
        }
        delete days[effect.day];
        if (Object.keys(days).length === 0) delete booked[effect.currency];
        return;
      }
      case "balance": {
        const account = accountIn(this.book, effect.accountId)!;
        const unanchored = new Set(account.unanchored);
        if (effect.balance) {
          account.balances[effect.currency] = effect.balance;
          unanchored.delete(effect.currency);
        } else {
          delete account.balances[effect.currency];
          unanchored.add(effect.currency);
        }
        account.unanchored = unanchored.size > 0 ? [...unanchored].sort() : undefined;
        return;
      }
      case "statement": {
        const account = accountIn(this.book, effect.accountId)!;
        (account.statements[effect.currency] ??= []).push(effect.statement);
        return;
      }
    }
  }

  /** A transaction's version or restatement, in the index (and the log and booking days for a version). */
  private state(effect: Extract<Effect, { type: "version" | "restated" }>, name: string, shard: Shard): Writing {
    // Stated by this file either way: its copies are numbered, and its disappeared ids told, by the mark.
    const listed = this.ids.add(name, effect.id);
    const value = indexedVersionValue(effect.version, this.writer);
    this.links.set(name, shard, effect.id, shard[effect.id], value);
    this.index.set(name, shard, effect.id, value);
    if (effect.type === "restated") return listed;
    const booked = this.bookingDays.add(effect.createdAt, this.base.manifest.logs.transactions.count + this.transactions.pending);
    return together(listed, booked, this.transactions.push(effect.line));
  }

  /** Writes the documents and swaps the manifest; throws CommitConflict if another writer got there first. */
  async commit(nowMs: number): Promise<LoadedManifest> {
    const previous = this.base.manifest;
    const logs = previous.logs;
    const garbage: string[] = [...this.garbage];
    const finish = async (appender: LogAppender, log: typeof logs.transactions) => {
      if (appender.pending === 0) return log;
      garbage.push(...appender.replaced);
      return appender.finish(nextCursor(log, nowMs));
    };
    const [transactions, accounts, beneficiaries] = await Promise.all([
      finish(this.transactions, logs.transactions),
      finish(this.accounts, logs.accounts),
      finish(this.beneficiaries, logs.beneficiaries),
    ]);
    const table = await this.index.write();
    const days = await this.bookingDays.write();
    garbage.push(...this.index.replaced, ...this.bookingDays.replaced);
    const values: Documents = { accounts: this.book, files: this.files, index: table, beneficiaries: this.beneficiaryNames, days, payments: this.payments };
    const documents: Partial<Record<keyof Documents, string>> = {};
    for (const name of DOCUMENT_NAMES) {
      documents[name] = await this.writeDocument(name, values[name]);
      const old = previous[name];
      if (old) garbage.push(old);
    }
    const expired = previous.garbage.filter(([, at]) => nowMs - at > GARBAGE_GRACE_MS);
    const next: Manifest = {
      ...previous,
      generation: previous.generation + 1,
      logs: { transactions, accounts, beneficiaries },
      ...documents,
      garbage: [
        ...previous.garbage.filter(([, at]) => nowMs - at <= GARBAGE_GRACE_MS),
        ...garbage.map((key): [string, number] => [key, nowMs]),
      ],
    };
    const committed = await commitManifest(this.bucket, this.base, next);
    // After the commit, so a lost race deletes nothing the winner still names.
    for (let i = 0; i < expired.length; i += 1000) await this.bucket.delete(expired.slice(i, i + 1000).map(([key]) => key));
    return committed;
  }

  /** Stores the rest of the file's id list, replacing the list of its previous version; returns its prefix. */
  async closeFileIds(previous: string | undefined): Promise<string> {
    await this.ids.flush();
    if (previous) this.garbage.push(...(await idListKeys(this.bucket, previous)));
    return this.ids.prefix;
  }

  /** Drops the file's id list, and the one this publication wrote (a retraction states no ids of its own). */
  async dropFileIds(previous: string | undefined): Promise<void> {
    const written = await this.closeFileIds(previous);
    this.garbage.push(...(await idListKeys(this.bucket, written)));
  }

  /**
   * Ids the previous version of the file held that this one does not state (the first 100
   * listed): every id this file states carries its mark in the index, so the previous list is
   * read a part at a time and nothing of either list is held whole.
   */
  async disappearedIds(previous: string): Promise<{ count: number; ids: string[] } | undefined> {
    let count = 0;
    const ids: string[] = [];
    for await (const part of readIdList(this.bucket, previous)) {
      for (const { shard, id } of part) {
        if (this.idsOf(await this.index.shard(shard)).statedByThisFile(id)) continue;
        count++;
        if (ids.length < 100) ids.push(id);
      }
    }
    return count === 0 ? undefined : { count, ids };
  }

  private shardOf(slot: IndexSlot): string {
    if (this.named?.slot !== slot) this.named = { slot, shard: shardNameOf(slot.accountId, slot.day) };
    return this.named.shard;
  }

  /** Writes a document version under this writer; `name` is the document's, plus a step suffix for staged ones. */
  private async writeDocument(name: string, value: unknown): Promise<string> {
    const key = documentKey(name, this.writer);
    await writeJson(this.bucket, key, value);
    return key;
  }
}

/** The ids of a shard as mapping asks after them (see Facts.known). */
class ShardIds implements KnownIds {
  constructor(
    readonly shard: Shard,
    private readonly mark: string,
  ) {}

  /** The last value read, and what it reads as: an entry's version is asked for when it is named, and again when it is stated. */
  private last: { value: string; version: IndexedVersion } | undefined;

  version(id: string): IndexedVersion | undefined {
    const value = this.shard[id];
    if (value === undefined) return undefined;
    if (this.last?.value !== value) this.last = { value, version: readIndexedVersion(value) };
    return this.last.version;
  }

  readonly statedByThisFile = (id: string): boolean => this.shard[id]?.endsWith(this.mark) === true;
}
