import type { AccountRecord } from "../model/account-book";
import { accountIdOf, accountIdProblem } from "../model/account-id";
import type { StoredTransaction, TransactionType } from "../model/contract";
import { StatementTracker, type TrackerState } from "../model/continuity";
import type { IndexSlot } from "../model/effect";
import { fileTag, type IndexedVersion, UNDO_LINKED } from "../model/indexed-version";
import type { FileCounts } from "../model/file-record";
import type { PaymentStatusReport } from "../model/payment";
import type { Profile } from "../model/profile";
import { type AccountRef, type BankEntry, FileError, type StatedBalance, type StatementEvent } from "../model/statement";
import { AmountError } from "../model/money";
import type { Writing } from "../model/writing";
import { anchoredBalance, statementRecord } from "./balances";
import { mapEntry, type MappedEntry } from "./entry";
import type { EffectSink, EntryObserver, Facts, PaymentUpdate } from "./facts";
import { entryId } from "./ids";
import { type StatedVersion, versionAfter } from "./transaction-version";
import { linkedVersion, linkMonths, ownLinkTag, undoneLinkTags, unlinkedVersion } from "./undo";

/** An entry as published (see FileMapper.linked). */
export interface LinkedEntry {
  transaction: StoredTransaction;
  link?: string | undefined;
  /** The published version of the entry a linked return or reversal undoes. */
  undone?: IndexedVersion | undefined;
}

/** The file being mapped. */
export interface MappedFile {
  key: string;
  source: string;
  profile?: Profile | undefined;
}

/** What taking a file back did to the transactions it stated. */
export interface RetractionCounts {
  /** Served again as CANCELLED: no other published file states them. */
  cancelled: number;
  /** Left as they are: another published file states them too. */
  kept: number;
}

/** Everything a file's mapping has gathered, saved between steps. */
export interface MappingState {
  counts: FileCounts;
  mismatches: string[];
  tracker: TrackerState;
  touched: [string, Touched][];
  retracted: RetractionCounts;
}

/** An account and currency whose balance the file may move. */
export interface Touched {
  accountId: string;
  currency: string;
  exponent: number;
}

/**
 * Maps a file's statement events, in file order, to effects (accounts, transaction versions,
 * beneficiaries, balances, statements) and hands each to the sink. It reads what is published
 * through `facts`, which see the effects applied so far, and writes nothing itself: given a sink
 * that keeps effects apart, a file is mapped without publishing it. Payments initiated here see
 * each entry and report through the observer, which may settle them instead of publishing.
 * FileRetraction (file-retraction.ts) maps a published file the other way, to take it back.
 */
export class FileMapper {
  counts: FileCounts = {
    entries: 0, published: 0, changed: 0, alreadyKnown: 0, informational: 0,
    balances: 0, statements: 0, newAccounts: 0, newBeneficiaries: 0,
  };
  mismatches: string[] = [];
  retracted: RetractionCounts = { cancelled: 0, kept: 0 };
  protected readonly tracker: StatementTracker;
  protected readonly touched: Map<string, Touched>;
  protected readonly tag: string;
  /** The id of each account reference this mapping has stated (see account). */
  private readonly stated = new Map<string, string>();
  /** Beneficiaries this mapping has named (see nameBeneficiary). */
  private readonly named = new Set<string>();
  private readonly isOwnAccount = (id: string) => this.facts.account(id) !== undefined;

  constructor(
    protected readonly file: MappedFile,
    protected readonly facts: Facts,
    protected readonly sink: EffectSink,
    protected readonly observer: EntryObserver | undefined,
    resume?: MappingState,
  ) {
    this.tracker = resume ? StatementTracker.restore(resume.tracker) : new StatementTracker();
    this.touched = new Map(resume?.touched);
    this.tag = fileTag(file.key);
    if (resume) {
      this.counts = resume.counts;
      this.mismatches = resume.mismatches;
      this.retracted = resume.retracted;
    }
  }

  snapshot(): MappingState {
    return {
      counts: this.counts,
      mismatches: this.mismatches,
      tracker: this.tracker.snapshot(),
      touched: [...this.touched],
      retracted: this.retracted,
    };
  }

  /**
   * Maps one event; what its effects started writing, to be waited for before the next event
   * (see Writing). An ordinary entry of an account and month already read is mapped and stated
   * without a wait.
   */
  map(event: StatementEvent): Writing {
    this.tracker.add(event);
    if (event.type === "statement") {
      this.counts.statements++;
      const stated = this.account(event.statement.account);
      return typeof stated === "string" ? undefined : stated.then(() => undefined);
    }
    if (event.type === "balance") {
      this.counts.balances++;
      return this.balance(event.balance);
    }
    if (event.type === "paymentStatus") return this.paymentStatus(event.report);
    return this.entry(event.entry);
  }

  /** Maps a record's events in order (see map), waiting only where one started a write that must end first. */
  mapRecord(events: readonly StatementEvent[], from = 0): Writing {
    for (let i = from; i < events.length; i++) {
      const writing = this.map(events[i]!);
      if (writing) return writing.then(() => this.mapRecord(events, i + 1));
    }
    return undefined;
  }

  /**
   * Statement continuity and balances, once the whole file has been mapped: each account and
   * currency the file moved or stated a balance of gets the balance of its latest anchor.
   */
  async finish(): Promise<void> {
    for (const check of this.tracker.finish()) {
      const { summary } = check;
      const account = this.facts.account(accountIdOf(this.file.profile?.account?.id ?? summary.accountId));
      if (!account || (!summary.opening && !summary.closing)) continue;
      await this.sink.apply({ type: "statement", accountId: account.id, currency: summary.currency, statement: statementRecord(check, this.file.key) });
      if (check.mismatch) this.mismatches.push(`${account.id} ${summary.currency}: ${check.mismatch}`);
      const stated = summary.closing ?? summary.opening!;
      this.touch(account.id, summary.currency, stated.amount.exponent);
    }
    for (const { accountId, currency, exponent } of this.touched.values()) {
      const account = this.facts.account(accountId);
      if (!account) continue;
      const balance = this.withProfileAmount(() => anchoredBalance(account, currency, exponent, this.configuredBalance()));
      await this.sink.apply({ type: "balance", accountId, currency, balance });
    }
  }

  protected configuredBalance() {
    const opening = this.file.profile?.openingBalance;
    return opening && { ...opening, source: this.file.source };
  }

  protected withProfileAmount<T>(compute: () => T): T {
    try {
      return compute();
    } catch (error) {
      if (!(error instanceof AmountError)) throw error;
      throw new FileError(`the profile's openingBalance: ${error.message}`);
    }
  }

  protected touch(accountId: string, currency: string, exponent: number): void {
    const key = `${accountId}\u0000${currency}`;
    if (!this.touched.has(key)) this.touched.set(key, { accountId, currency, exponent });
  }

  /** The account's id, at once when this mapping has already stated it, else once it is stated. */
  protected account(ref: AccountRef): string | Promise<string> {
    // Once an account is stated with what this file says of it, saying it again changes nothing:
    // an entry of the same account skips the id's normal form and the account's list of files.
    return this.stated.get(refKey(ref)) ?? this.rememberedAccount(ref);
  }

  private async rememberedAccount(ref: AccountRef): Promise<string> {
    const id = await this.stateAccount(ref);
    this.stated.set(refKey(ref), id);
    return id;
  }

  private async stateAccount(ref: AccountRef): Promise<string> {
    const { profile } = this.file;
    const id = accountIdOf(profile?.account?.id ?? ref.id);
    const problem = accountIdProblem(id);
    if (problem) throw new FileError(problem);
    const currency = ref.currency ?? profile?.account?.currency;
    const existing = this.facts.account(id);
    if (existing && !existing.retracted) {
      const details = {
        currency: existing.currency ? undefined : currency,
        bank: existing.bank ? undefined : ref.bank,
        file: existing.files?.includes(this.file.key) ? undefined : this.file.key,
      };
      if (details.currency || details.bank || details.file) await this.sink.apply({ type: "accountDetails", accountId: id, ...details });
      return id;
    }
    const name = (profile?.account?.name ?? ref.name)?.trim() || id;
    // An account every file of which was taken back is stated anew, with what is kept of it.
    const fresh: AccountRecord = { id, name, currency, bank: ref.bank, source: this.file.source, balances: {}, statements: {} };
    const { retracted: _retracted, ...kept } = existing ?? fresh;
    const account: AccountRecord = { ...kept, files: [this.file.key] };
    const metadata: Record<string, string> = { source: account.source };
    if (account.currency) metadata.currency = account.currency;
    if (account.bank) metadata.bank = account.bank;
    await this.sink.apply({ type: "account", account, line: JSON.stringify({ id, accountName: account.name, metadata }) });
    if (!existing) this.counts.newAccounts++;
    return id;
  }

  /** A stated balance: its account, and its currency's balance to compute when the file is done (see finish). */
  private async balance(balance: StatedBalance): Promise<void> {
    const accountId = await this.account(withCurrency(balance.account, balance.amount.currency));
    this.touch(accountId, balance.amount.currency, balance.amount.exponent);
  }

  private entry(entry: BankEntry): Writing {
    this.counts.entries++;
    const accountId = this.account(withCurrency(entry.account, entry.amount.currency));
    return typeof accountId === "string" ? this.accountEntry(entry, accountId) : accountId.then((id) => this.accountEntry(entry, id));
  }

  private accountEntry(entry: BankEntry, accountId: string): Writing {
    if (entry.status === "info") {
      this.counts.informational++;
      return undefined;
    }
    const slot: IndexSlot = { accountId, day: entry.bookingDate };
    const read = this.facts.read(slot);
    // Each step goes on at once when nothing is being read or written: no closure to wait with.
    return read ? read.then(() => this.readEntry(entry, slot)) : this.readEntry(entry, slot);
  }

  /** An entry whose slot is read (see Facts.read): named, mapped and stated. */
  private readEntry(entry: BankEntry, slot: IndexSlot): Writing {
    const known = this.facts.known(slot);
    const id = entryId(entry, slot.accountId, known.statedByThisFile);
    const published = known.version(id);
    const mapped = mapEntry(entry, id, {
      accountId: slot.accountId,
      isOwnAccount: ownAccountsAsFirstPublished(published?.type, this.isOwnAccount),
      fileKey: this.file.key,
    });
    return this.state(entry, slot, mapped, published);
  }

  /**
   * What the file says of an entry, mapped under its id: published, or a payment's settlement.
   * Called with the entry's slot read; what waits (a return's search for the entry it undoes, a
   * payment's own slot) reads again before it states.
   */
  protected state(entry: BankEntry, slot: IndexSlot, { transaction, beneficiary }: MappedEntry, published: IndexedVersion | undefined): Writing {
    const { accountId } = slot;
    const settlement = this.observer?.settle(entry, transaction, accountId);
    if (settlement?.kind === "absorbed") {
      this.counts.alreadyKnown++;
      return undefined;
    }
    if (settlement?.kind === "update") return this.publish(settlement.update, { accountId, entry });
    const booked = entry.status === "booked" && !entry.deletes ? entry.amount.minor : 0n;
    if (settlement?.kind === "restyled") return this.stateShaped(entry, slot, booked, { transaction: settlement.transaction }, beneficiary);
    if (entry.undoes) return this.stateUndoing(entry, slot, booked, transaction, published, beneficiary);
    return this.stateShaped(entry, slot, booked, { transaction, link: ownLinkTag(accountId, entry) }, beneficiary);
  }

  /** A return or reversal: published once the entry it undoes is searched for (see linked). */
  private async stateUndoing(
    entry: BankEntry, slot: IndexSlot, booked: bigint, transaction: StoredTransaction, published: IndexedVersion | undefined,
    beneficiary: MappedEntry["beneficiary"],
  ): Promise<void> {
    const shaped = await this.linked(entry, slot, transaction, published);
    // The search read other months: the entry's own is read again.
    await this.facts.read(slot);
    await this.stateShaped(entry, slot, booked, shaped, beneficiary);
  }

  /** Publishes the entry as shaped (see linked), in its slot, which is the one read last. */
  private stateShaped(entry: BankEntry, slot: IndexSlot, booked: bigint, shaped: LinkedEntry, beneficiary: MappedEntry["beneficiary"]): Writing {
    const { transaction, link } = shaped;
    const known = this.facts.known(slot).version(transaction.id);
    const version = versionAfter(known, transaction, slot, booked, this.tag, link);
    const writing = this.record(version, { accountId: slot.accountId, entry });
    if (!beneficiary) return writing;
    const isNew = version.outcome !== "known";
    return writing ? writing.then(() => this.nameBeneficiary(beneficiary, isNew)) : this.nameBeneficiary(beneficiary, isNew);
  }

  /**
   * An entry as it is published, with its link (see undo.ts): an ordinary entry with the tag a
   * return would find it by; a return or reversal as an adjustment of the entry it undoes, when
   * exactly one is found, else as a transaction of its own saying why.
   */
  protected async linked(entry: BankEntry, slot: IndexSlot, transaction: StoredTransaction, published: IndexedVersion | undefined): Promise<LinkedEntry> {
    const { accountId } = slot;
    const undoing = entry.undoes;
    if (!undoing) return { transaction, link: ownLinkTag(accountId, entry) };
    let found: { id: string; version: IndexedVersion }[] = [];
    for (const tag of undoneLinkTags(accountId, entry)) {
      found = (await this.facts.linkedTo(accountId, linkMonths(entry.bookingDate), tag)).filter((c) => c.id !== transaction.id);
      if (found.length > 0) break;
    }
    // An id once served as a payment of its own stays one: as an adjustment, Formance would keep both.
    const servedAlone = published !== undefined && published.link !== UNDO_LINKED;
    const original = found.length === 1 && !servedAlone ? found[0]! : undefined;
    if (!original) return { transaction: unlinkedVersion(transaction, undoing, entry, found.map((c) => c.id), servedAlone), link: undefined };
    const type = original.version.type ?? (entry.amount.minor >= 0n ? "PAYOUT" : "PAYIN");
    return { transaction: linkedVersion(transaction, undoing, { ...original, type }, entry), link: UNDO_LINKED, undone: original.version };
  }

  /** A payout's counterparty: a new beneficiary when its entry is newly published, or one more file naming a known one. */
  private nameBeneficiary(beneficiary: { id: string; ownerName: string }, isNew: boolean): Writing {
    // A payee of many entries: named once for the file, not searched for in its list of files on each.
    if (this.named.has(beneficiary.id)) return undefined;
    const known = this.facts.beneficiary(beneficiary.id);
    if (known && !known.retracted) {
      this.named.add(beneficiary.id);
      return known.files?.includes(this.file.key) ? undefined : this.sink.apply({ type: "beneficiaryFile", id: beneficiary.id, file: this.file.key });
    }
    if (!isNew && !known) return undefined;
    const line = JSON.stringify({ id: beneficiary.id, ownerName: beneficiary.ownerName, metadata: {} });
    this.named.add(beneficiary.id);
    if (!known) this.counts.newBeneficiaries++;
    return this.sink.apply({ type: "beneficiary", ...beneficiary, file: this.file.key, line });
  }

  /** A bank's status report: the payment versions it brings. */
  protected async paymentStatus(report: PaymentStatusReport): Promise<void> {
    this.counts.entries++;
    const updates = this.observer?.report(report) ?? [];
    if (updates.length === 0) this.counts.informational++;
    for (const update of updates) await this.publish(update);
  }

  /** Publishes a version of a payment initiated here, once its own slot is read (see record). */
  private async publish(version: PaymentUpdate, from?: { accountId: string; entry: BankEntry }): Promise<void> {
    const known = await this.facts.version(version.slot, version.transaction.id);
    await this.record(versionAfter(known, version.transaction, version.slot, version.booked), from);
  }

  /**
   * Applies a stated version (a statement entry's, or an initiated payment's) and counts it. A
   * change in booked amount counts toward the balance of the account of the statement entry that
   * brought it, if any.
   */
  private record({ outcome, delta, effect }: StatedVersion, from?: { accountId: string; entry: BankEntry }): Writing {
    const applied = this.sink.apply(effect);
    if (outcome === "known") {
      this.counts.alreadyKnown++;
      return applied;
    }
    this.counts[outcome === "new" ? "published" : "changed"]++;
    if (delta === 0n || !from) return applied;
    return applied ? applied.then(() => this.addDelta(from.accountId, from.entry, delta)) : this.addDelta(from.accountId, from.entry, delta);
  }

  /** A booked amount the file adds to (or takes from) its entry's account and day. */
  protected addDelta(accountId: string, entry: BankEntry, minor: bigint): Writing {
    const { currency, exponent } = entry.amount;
    this.touch(accountId, currency, exponent);
    return this.sink.apply({ type: "booked", accountId, currency, day: entry.bookingDate, minor });
  }
}

/**
 * Formance keys a payment by its id and type, so an id keeps the type it was first published
 * with: an entry first published as a PAYIN or PAYOUT stays one when its counterparty later turns
 * out to be an account of this service (a TRANSFER by today's book), and a TRANSFER stays one.
 */
function ownAccountsAsFirstPublished(type: TransactionType | undefined, isOwnAccount: (id: string) => boolean): (id: string) => boolean {
  if (type === undefined) return isOwnAccount;
  return type === "TRANSFER" ? ALWAYS : NEVER;
}

const ALWAYS = () => true;
const NEVER = () => false;

/** What the mapping remembers an account reference by (see account). */
function refKey(ref: AccountRef): string {
  return `${ref.id}\u0000${ref.currency ?? ""}\u0000${ref.bank ?? ""}`;
}

/** An account the file names without a currency takes that of its first amount (for its metadata). */
export function withCurrency(account: AccountRef, currency: string): AccountRef {
  return account.currency ? account : { ...account, currency };
}
