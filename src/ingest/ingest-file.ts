import { type DecoderState, type Encoding, streamBytes, TextDecoding, TextPositions } from "../formats/decode";
import type { ParseContext, ResumableReading } from "../formats/format";
import { limitLineLength } from "../formats/lines";
import { StatementTracker, type TrackerState } from "../model/continuity";
import type { Day } from "../model/day";
import type { TransactionType } from "../model/contract";
import type { FileCounts, FileRecord } from "../model/file-record";
import { toHex } from "../model/hash";
import type { Profile } from "../model/profile";
import { serialise } from "../model/stored-transaction";
import { type AccountRef, type BankEntry, FileError, type StatedBalance, type StatementEvent } from "../model/statement";
import { accountIn, applyBookedDelta, applyStatedBalance, recordStatement } from "../store/account-book";
import type { Bucket } from "../store/bucket";
import { shardName } from "../store/entry-index";
import type { Publication } from "../store/publication";
import { accountIdOf, accountIdProblem } from "../model/account-id";
import type { PaymentStatusReport } from "../model/payment";
import { type PaymentUpdate, PaymentBook } from "../payments/ledger";
import { creditLegVersion } from "../payments/versions";
import { detectKind, type FileKind, LINE_FORMATS, READERS, RESUMABLE } from "./detect";
import { entryId } from "./ids";
import type { InboxFile } from "./inbox";
import { mapEntry } from "./map";

export type FileOutcome =
  | {
      record: FileRecord;
      /** False when nothing of the file may be published: it failed, or its bytes were already ingested. */
      publish: boolean;
    }
  | { suspended: ReaderState };

/** How much one ingestion step may do before it saves its state for the next run. */
export interface StepBudget {
  now: () => number;
  deadline: number;
  /** Stop after this many events (rows, entries, balances) even with time left. */
  maxEvents?: number | undefined;
}

/** Everything a file's reading has gathered, saved between steps (bigints included). */
export interface ReaderState {
  format: FileKind;
  events: number;
  counts: FileCounts;
  mismatches: string[];
  tracker: TrackerState;
  closings: [string, StatedBalance][];
  deltas: [string, Delta][];
  /** Where a format that resumes from a byte offset stopped; the next step reads the file from there. */
  at?: ResumeAt | undefined;
}

/** A record boundary in the file: its byte offset, and the decoder's and the parser's state there. */
export interface ResumeAt {
  offset: number;
  decoder: DecoderState;
  parser: unknown;
}

class Suspend extends Error {}

/** Far beyond any bank's line (MT940 allows 65 characters, CSV rows rarely reach 2 KB). */
const MAX_LINE_LENGTH = 1_000_000;

/**
 * Reads one file through its format into the publication, and says what became of it. A
 * file that does not fit the step's budget is suspended: the caller saves the returned state
 * and a later step goes on from the last record boundary (CSV: with a ranged read from its byte
 * offset) or reads the file again, skipping the events already applied (the other formats).
 */
export async function ingestFile(
  bucket: Bucket,
  publication: Publication,
  file: InboxFile,
  profile: Profile | undefined,
  budget: StepBudget,
  resume?: ReaderState,
): Promise<FileOutcome | undefined> {
  const at = resume?.at;
  const object = await openAt(bucket, file, at);
  // Deleted (or, between steps, replaced) since it was listed: nothing to ingest, and nothing to record.
  if (!object || (at && object.etag !== file.etag)) return undefined;
  // A file read in several steps is hashed in a pass of its own at the end: a digest's state cannot be saved.
  const digest = at ? undefined : new crypto.DigestStream("SHA-256");
  const body = "body" in object ? streamBytes((object as R2ObjectBody).body) : noBytes();
  const bytes = digest ? hashing(body, digest) : body;
  const reader = new FileReader(publication, file, profile, resume);
  const base: FileRecord = { ...file, state: "failed", at: new Date(budget.now()).toISOString() };
  try {
    await reader.read(new TextDecoding(profile?.encoding as Encoding | undefined, at?.decoder), bytes, budget);
    // A parser may stop at its format's end marker; the hash must still cover every byte.
    for await (const _ of bytes);
  } catch (error) {
    if (error instanceof Suspend) return { suspended: reader.snapshot() };
    if (!(error instanceof FileError)) throw error;
    return { record: { ...base, format: reader.format, error: { line: error.line, reason: error.reason } }, publish: false };
  }
  const sha256 = digest ? toHex(await digest.digest) : await digestOf(bucket, file.key);
  if (sha256 === undefined) return undefined;
  // Same bytes, same source: the same statement again. In another source the same bytes can
  // mean another account (a CSV's account is its folder, a profile may name it), so they count.
  const twin = Object.values(publication.files).find(
    (f) => f.sha256 === sha256 && f.source === file.source && f.key !== file.key && f.state === "ingested",
  );
  if (twin) return { record: { ...base, state: "duplicate", sha256, format: reader.format, duplicateOf: twin.key }, publish: false };
  reader.finish();
  const previous = publication.files[file.key];
  const disappeared = previous?.idsKey ? await publication.disappearedIds(previous.idsKey) : undefined;
  const idsKey = await publication.closeFileIds(previous?.idsKey);
  return {
    record: { ...base, state: "ingested", sha256, format: reader.format, counts: reader.counts, mismatches: reader.mismatches, idsKey, disappeared },
    publish: true,
  };
}

interface Delta {
  accountId: string;
  currency: string;
  exponent: number;
  minor: bigint;
  lastDay: Day;
}

class FileReader {
  format: FileKind | undefined;
  counts: FileCounts = {
    entries: 0, published: 0, changed: 0, alreadyKnown: 0, informational: 0,
    balances: 0, statements: 0, newAccounts: 0, newBeneficiaries: 0,
  };
  mismatches: string[] = [];
  /** Events applied so far, over every step. */
  private events = 0;
  private at: ResumeAt | undefined;
  private readonly tracker: StatementTracker;
  /** Latest stated closing balance per account and currency. */
  private readonly closings: Map<string, StatedBalance>;
  /** Booked amounts newly published per account and currency, for files that state no balance. */
  private readonly deltas: Map<string, Delta>;
  private readonly payments: PaymentBook;

  constructor(
    private readonly publication: Publication,
    private readonly file: InboxFile,
    private readonly profile: Profile | undefined,
    resume?: ReaderState,
  ) {
    this.tracker = resume ? StatementTracker.restore(resume.tracker) : new StatementTracker();
    this.closings = new Map(resume?.closings);
    this.deltas = new Map(resume?.deltas);
    this.payments = new PaymentBook(publication.payments);
    if (resume) {
      this.format = resume.format;
      this.events = resume.events;
      this.counts = resume.counts;
      this.mismatches = resume.mismatches;
      this.at = resume.at;
    }
  }

  snapshot(): ReaderState {
    return {
      format: this.format!,
      events: this.events,
      counts: this.counts,
      mismatches: this.mismatches,
      tracker: this.tracker.snapshot(),
      closings: [...this.closings],
      deltas: [...this.deltas],
      at: this.at,
    };
  }

  async read(decoding: TextDecoding, bytes: AsyncIterable<Uint8Array>, budget: StepBudget): Promise<void> {
    const positions = new TextPositions(decoding);
    let text: AsyncIterable<string> = positions.track(decoding.decode(bytes));
    if (!this.format) {
      const { head, rest } = await peek(text, 4096);
      this.format = this.profile?.format ?? detectKind(head);
      text = rest;
    }
    const format = this.format;
    const bounded = LINE_FORMATS.has(format) ? limitLineLength(text, MAX_LINE_LENGTH) : text;
    const context: ParseContext = { fileName: this.file.name, source: this.file.source, profile: this.profile };
    const resumable = RESUMABLE[format];
    if (!resumable) return this.readAgain(READERS[format](bounded, context), budget);
    const reading = resumable(bounded, context, this.at?.parser);
    const start = this.at?.offset ?? 0;
    await this.readOn(reading, budget, (chars) => start + decoding.bom + positions.bytesAt(chars), decoding);
  }

  /** Reads on from where the last step stopped, and stops at the first record boundary past the budget. */
  private async readOn(reading: ResumableReading, budget: StepBudget, offsetOf: (chars: number) => number, decoding: TextDecoding): Promise<void> {
    const applied = this.events;
    const batches = reading.batches[Symbol.asyncIterator]();
    for (;;) {
      const batch = await parsed(() => batches.next());
      if (batch.done) return;
      const records = batch.value[Symbol.iterator]();
      for (;;) {
        let record: IteratorResult<StatementEvent[]>;
        try {
          record = records.next();
        } catch (error) {
          throw asFileError(error);
        }
        if (record.done) break;
        for (const event of record.value) await this.apply(event);
        this.events += record.value.length;
        if (!spent(budget, this.events - applied)) continue;
        const point = reading.resumePoint();
        if (!point) continue;
        this.at = { offset: offsetOf(point.chars), decoder: decoding.state(point.line), parser: point.state };
        throw new Suspend();
      }
    }
  }

  /** Reads the file from its start, skipping the events earlier steps applied (the deadline is checked while skipping too). */
  private async readAgain(parsedEvents: AsyncIterable<StatementEvent>, budget: StepBudget): Promise<void> {
    const events = parsedEvents[Symbol.asyncIterator]();
    const applied = this.events;
    for (let seen = 0; ; seen++) {
      const next = await parsed(() => events.next());
      if (next.done) break;
      if (seen < applied) {
        if (budget.now() > budget.deadline) throw new Suspend();
        continue;
      }
      await this.apply(next.value);
      this.events++;
      if (spent(budget, this.events - applied)) throw new Suspend();
    }
  }

  private async apply(event: StatementEvent): Promise<void> {
    this.tracker.add(event);
    if (event.type === "statement") {
      this.counts.statements++;
      await this.account(event.statement.account);
    } else if (event.type === "balance") {
      this.counts.balances++;
      await this.balance(event.balance);
    } else if (event.type === "paymentStatus") {
      await this.paymentStatus(event.report);
    } else {
      await this.entry(event.entry);
    }
  }

  private async account(ref: BankEntry["account"]): Promise<string> {
    const id = accountIdOf(this.profile?.account?.id ?? ref.id);
    const problem = accountIdProblem(id);
    if (problem) throw new FileError(problem);
    const merged = { ...ref, id, name: this.profile?.account?.name ?? ref.name, currency: ref.currency ?? this.profile?.account?.currency };
    const { created } = await this.publication.ensureAccount(merged, this.file.source);
    if (created) this.counts.newAccounts++;
    return id;
  }

  /**
   * The balance a file states last for each account and currency: a final closing balance
   * (62F, CLBD, 015) wins over an interim one (62M, ITBD, an intraday BAI2 report), which is
   * still better than a balance computed from entries when the file states nothing final.
   */
  private async balance(balance: StatedBalance): Promise<void> {
    const accountId = await this.account(withCurrency(balance.account, balance.amount.currency));
    if (balance.kind !== "closing" && balance.kind !== "interimClosing") return;
    const key = `${accountId}\u0000${balance.amount.currency}`;
    const known = this.closings.get(key);
    const rank = (b: StatedBalance) => (b.kind === "closing" ? 1 : 0);
    const better = !known || rank(balance) > rank(known) || (rank(balance) === rank(known) && balance.date >= known.date);
    if (better) this.closings.set(key, { ...balance, account: { ...balance.account, id: accountId } });
  }

  private async entry(entry: BankEntry): Promise<void> {
    this.counts.entries++;
    const accountId = await this.account(withCurrency(entry.account, entry.amount.currency));
    if (entry.status === "info") {
      this.counts.informational++;
      return;
    }
    const shard = shardName(accountId, entry.bookingDate);
    const id = entryId(entry, accountId, await this.publication.claimedIn(shard));
    const { transaction, beneficiary } = mapEntry(entry, id, {
      accountId,
      isOwnAccount: ownAccountsAsFirstPublished(await this.publication.publishedType(shard, id), this.publication.isOwnAccount),
      fileKey: this.file.key,
    });
    const settlement = this.payments.settle(entry, transaction, accountId);
    if (settlement?.kind === "absorbed") {
      this.counts.alreadyKnown++;
      return;
    }
    if (settlement?.kind === "update") {
      await this.publish(settlement.update, { accountId, entry });
      return;
    }
    const version = settlement?.kind === "creditLeg" ? creditLegVersion(settlement.order, transaction) : transaction;
    const booked = entry.status === "booked" ? entry.amount.minor : 0n;
    if (!(await this.publish({ transaction: version, shard, booked }, { accountId, entry }))) return;
    if (beneficiary && (await this.publication.addBeneficiary(beneficiary.id, beneficiary.ownerName))) {
      this.counts.newBeneficiaries++;
    }
  }

  /** A bank's status report: each payment it rejects gets its FAILED version. */
  private async paymentStatus(report: PaymentStatusReport): Promise<void> {
    this.counts.entries++;
    const updates = this.payments.reject(report);
    if (updates.length === 0) this.counts.informational++;
    for (const update of updates) await this.publish(update);
  }

  /**
   * Publishes a version of a transaction (a statement entry's, or an initiated payment's) and
   * counts it; false when the store already holds it as it is. A change in booked amount
   * counts toward the balance of the account of the statement entry that brought it, if any.
   */
  private async publish(version: PaymentUpdate, from?: { accountId: string; entry: BankEntry }): Promise<boolean> {
    const { transaction, shard, booked } = version;
    const { outcome, delta } = await this.publication.addTransaction(transaction, shard, serialise(transaction), booked);
    if (outcome === "known") {
      this.counts.alreadyKnown++;
      return false;
    }
    this.counts[outcome === "new" ? "published" : "changed"]++;
    if (delta !== 0n && from) this.addDelta(from.accountId, from.entry, delta);
    return true;
  }

  private addDelta(accountId: string, entry: BankEntry, amount: bigint): void {
    const key = `${accountId}\u0000${entry.amount.currency}`;
    const delta: Delta = this.deltas.get(key) ?? { accountId, currency: entry.amount.currency, exponent: entry.amount.exponent, minor: 0n, lastDay: entry.bookingDate };
    delta.minor += amount;
    if (entry.bookingDate > delta.lastDay) delta.lastDay = entry.bookingDate;
    this.deltas.set(key, delta);
  }

  /** Balances and statement continuity, once the whole file has been read. */
  finish(): void {
    const book = this.publication.book;
    for (const [key, balance] of this.closings) {
      applyStatedBalance(accountIn(book, balance.account.id)!, balance, this.file.key);
      this.deltas.delete(key);
    }
    for (const d of this.deltas.values()) applyBookedDelta(accountIn(book, d.accountId)!, d.currency, d.exponent, d.minor, d.lastDay, this.file.key);
    for (const check of this.tracker.finish()) {
      const { summary } = check;
      const account = accountIn(book, accountIdOf(this.profile?.account?.id ?? summary.accountId));
      if (!account || (!summary.opening && !summary.closing)) continue;
      recordStatement(account, check, this.file.key);
      if (check.mismatch) this.mismatches.push(`${account.id} ${summary.currency}: ${check.mismatch}`);
    }
  }
}

/**
 * Formance keys a payment by its id and type, so an id keeps the type it was first published
 * with: an entry first published as a PAYIN or PAYOUT stays one when its counterparty later turns
 * out to be an account of this service (a TRANSFER by today's book), and a TRANSFER stays one.
 */
function ownAccountsAsFirstPublished(type: TransactionType | undefined, isOwnAccount: (id: string) => boolean): (id: string) => boolean {
  if (type === undefined) return isOwnAccount;
  return type === "TRANSFER" ? () => true : () => false;
}

/** An account the file names without a currency takes that of its first amount (for its metadata). */
function withCurrency(account: AccountRef, currency: string): AccountRef {
  return account.currency ? account : { ...account, currency };
}

/** Whether a step has used its time or its number of events. */
function spent(budget: StepBudget, stepEvents: number): boolean {
  return budget.now() > budget.deadline || (budget.maxEvents !== undefined && stepEvents >= budget.maxEvents);
}

/** A step of the parser: FileError as it is, anything else (our bug) as a FileError without internals. */
async function parsed<T>(step: () => Promise<T>): Promise<T> {
  try {
    return await step();
  } catch (error) {
    throw asFileError(error);
  }
}

function asFileError(error: unknown): FileError {
  if (error instanceof FileError) return error;
  const message = error instanceof Error ? error.message : String(error);
  return new FileError(`the file could not be read (${message})`);
}

/** The file from its start, or from where the last step stopped: past the last record, only its metadata. */
async function openAt(bucket: Bucket, file: InboxFile, at: ResumeAt | undefined): Promise<R2Object | R2ObjectBody | null> {
  if (!at) return bucket.get(file.key);
  return at.offset < file.size ? bucket.get(file.key, { range: { offset: at.offset } }) : bucket.head(file.key);
}

async function* noBytes(): AsyncGenerator<Uint8Array> {}

/** The SHA-256 of a stored object, in a pass of its own; undefined if it is gone. */
async function digestOf(bucket: Bucket, key: string): Promise<string | undefined> {
  const object = await bucket.get(key);
  if (!object) return undefined;
  const digest = new crypto.DigestStream("SHA-256");
  await object.body.pipeTo(digest);
  return toHex(await digest.digest);
}

async function peek(text: AsyncIterable<string>, size: number): Promise<{ head: string; rest: AsyncIterable<string> }> {
  const iterator = text[Symbol.asyncIterator]();
  const buffered: string[] = [];
  let length = 0;
  let done = false;
  while (length < size) {
    const next = await iterator.next();
    if (next.done) {
      done = true;
      break;
    }
    buffered.push(next.value);
    length += next.value.length;
  }
  async function* rest(): AsyncGenerator<string> {
    yield* buffered;
    if (done) return;
    for (;;) {
      const next = await iterator.next();
      if (next.done) return;
      yield next.value;
    }
  }
  return { head: buffered.join("").slice(0, size), rest: rest() };
}

/** Feeds every byte the parser reads into the digest; the digest resolves when the stream ends or is abandoned. */
async function* hashing(bytes: AsyncIterable<Uint8Array>, digest: DigestStream): AsyncGenerator<Uint8Array> {
  const writer = digest.getWriter();
  try {
    for await (const chunk of bytes) {
      await writer.write(chunk);
      yield chunk;
    }
  } finally {
    await writer.close();
  }
}
