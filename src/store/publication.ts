import { z } from "zod";
import type { StoredAccount, StoredTransaction, TransactionType } from "../model/contract";
import type { PaymentLedger } from "../model/payment";
import type { AccountRef } from "../model/statement";
import { type AccountBook, accountIn, type AccountRecord, addAccount } from "./account-book";
import { BookingDays, DaysTableSchema } from "./booking-days";
import { type Bucket, writeJson } from "./bucket";
import { type BeneficiaryNames, DOCUMENT_NAMES, type Documents, type FileRegistry, readDocument, readDocuments, readStoredDocument } from "./documents";
import { EntryIndex, IndexTableSchema } from "./entry-index";
import { FileIdList, idListKeys, readIdList } from "./file-ids";
import { indexedVersionValue, readIndexedVersion, statusRank } from "./indexed-version";
import { ACCOUNTS_PREFIX, BENEFICIARIES_PREFIX, documentKey, fileIdsPrefix, TX_PREFIX } from "./layout";
import { AppenderStateSchema, LogAppender, nextCursor } from "./log";
import { commitManifest, type LoadedManifest, type Manifest } from "./manifest";

/** Longer than any request holds a manifest: a reader never finds an object it was told about deleted. */
const GARBAGE_GRACE_MS = 10 * 60_000;

export type TransactionOutcome = "new" | "changed" | "known";

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
    private readonly beneficiaryNames: BeneficiaryNames,
    private readonly index: EntryIndex,
    private readonly bookingDays: BookingDays,
    private readonly transactions: LogAppender,
    private readonly accounts: LogAppender,
    private readonly beneficiaries: LogAppender,
    private readonly ids: FileIdList,
    private readonly garbage: string[] = [],
  ) {}

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

  isOwnAccount = (id: string): boolean => accountIn(this.book, id) !== undefined;

  /** The account record, created (and queued for publication) the first time it is seen. */
  async ensureAccount(ref: AccountRef, source: string): Promise<{ record: AccountRecord; created: boolean }> {
    const existing = accountIn(this.book, ref.id);
    if (existing) {
      existing.currency ??= ref.currency;
      existing.bank ??= ref.bank;
      return { record: existing, created: false };
    }
    const record: AccountRecord = {
      id: ref.id,
      name: ref.name?.trim() || ref.id,
      currency: ref.currency,
      bank: ref.bank,
      source,
      balances: {},
      statements: {},
    };
    addAccount(this.book, record);
    const metadata: Record<string, string> = { source };
    if (ref.currency) metadata.currency = ref.currency;
    if (ref.bank) metadata.bank = ref.bank;
    const account: StoredAccount = { id: record.id, accountName: record.name, metadata };
    await this.accounts.push(JSON.stringify(account));
    return { record, created: true };
  }

  /**
   * Publishes the transaction (`line`, its stored text, and `hash`, of its content: see serialise)
   * unless this very version is already out. `booked` is the signed
   * amount it adds to the account's booked balance (0 while pending); the index remembers it,
   * so a version that changes (pending to booked, a corrected amount) moves a computed balance
   * by the difference only. A version is refused, like a known one, when it would move the id's
   * status back (see statusRank) or change its type: Formance keys a payment by id and type, so
   * another type would be another payment. A refused version moves no balance.
   */
  async addTransaction(
    tx: StoredTransaction,
    shardName: string,
    { line, hash }: { line: string; hash: string },
    booked: bigint,
  ): Promise<{ outcome: TransactionOutcome; delta: bigint }> {
    const shard = await this.index.shard(shardName);
    const value = shard[tx.id];
    const known = value === undefined ? undefined : readIndexedVersion(value);
    const rank = statusRank(tx.status);
    await this.ids.add(shardName, tx.id);
    if (known && (known.hash === hash || rank < known.rank || (known.type !== undefined && known.type !== tx.type))) {
      // Stated by this file all the same: its copies are numbered, and its disappeared ids told, by the mark.
      this.index.set(shardName, shard, tx.id, indexedVersionValue(known, this.writer));
      return { outcome: "known", delta: 0n };
    }
    this.index.set(shardName, shard, tx.id, indexedVersionValue({ hash, booked, rank, type: tx.type }, this.writer));
    await this.bookingDays.add(tx.createdAt, this.base.manifest.logs.transactions.count + this.transactions.pending);
    await this.transactions.push(line);
    return { outcome: known === undefined ? "new" : "changed", delta: booked - (known?.booked ?? 0n) };
  }

  /** The type an id was first published with, if it was (and the index says: older values do not). */
  async publishedType(shardName: string, id: string): Promise<TransactionType | undefined> {
    const value = (await this.index.shard(shardName))[id];
    return value === undefined ? undefined : readIndexedVersion(value).type;
  }

  /** Whether an id of the shard was already stated by this publication's file (for numbering its copies). */
  async claimedIn(shardName: string): Promise<(id: string) => boolean> {
    const shard = await this.index.shard(shardName);
    const mark = this.mark;
    return (id) => shard[id]?.endsWith(mark) === true;
  }

  async addBeneficiary(id: string, ownerName: string): Promise<boolean> {
    if (id in this.beneficiaryNames) return false;
    this.beneficiaryNames[id] = ownerName;
    await this.beneficiaries.push(JSON.stringify({ id, ownerName, metadata: {} }));
    return true;
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
        const claimed = await this.claimedIn(shard);
        if (claimed(id)) continue;
        count++;
        if (ids.length < 100) ids.push(id);
      }
    }
    return count === 0 ? undefined : { count, ids };
  }

  /** Writes a document version under this writer; `name` is the document's, plus a step suffix for staged ones. */
  private async writeDocument(name: string, value: unknown): Promise<string> {
    const key = documentKey(name, this.writer);
    await writeJson(this.bucket, key, value);
    return key;
  }
}
