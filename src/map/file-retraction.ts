import type { StoredTransaction } from "../model/contract";
import type { IndexSlot } from "../model/effect";
import type { IndexedVersion } from "../model/indexed-version";
import type { PaymentStatusReport } from "../model/payment";
import type { AccountRef, BankEntry } from "../model/statement";
import { accountIdOf } from "../model/account-id";
import { rebalancedEffects } from "./balances";
import type { MappedEntry } from "./entry";
import type { EffectSink, EntryObserver, Facts } from "./facts";
import { FileMapper, type MappedFile, type MappingState } from "./file-mapper";
import { unstateVersion } from "./transaction-version";
import { statusBefore } from "./undo";

/**
 * Maps a published file to take it back: each transaction only it states is stated again, same
 * id, as CANCELLED (Formance upserts by id: corrected, not duplicated), one another published
 * file states too is left as it is, the statements it gave are taken away and the balances
 * computed again; an account or beneficiary no other file names is marked retracted. It reads the
 * file as FileMapper does, so each entry gets the id it was published under.
 */
export class FileRetraction extends FileMapper {
  constructor(
    file: MappedFile,
    facts: Facts,
    sink: EffectSink,
    observer: EntryObserver | undefined,
    private readonly reason: string,
    resume?: MappingState,
  ) {
    super(file, facts, sink, observer, resume);
  }

  /** Accounts are not created, nor told of the file, by taking it back. */
  protected override account(ref: AccountRef): string {
    return accountIdOf(this.file.profile?.account?.id ?? ref.id);
  }

  /** A payment's status only moves forward: taking a report back leaves it where it is. */
  protected override async paymentStatus(_report: PaymentStatusReport): Promise<void> {
    this.counts.entries++;
  }

  /**
   * Takes back what the file stated of an entry (see the class comment). A return or reversal
   * linked to the entry it undoes is not cancelled but gives that payment back the status its
   * entry has: served as CANCELLED, the adjustment would cancel the payment it undid.
   */
  protected override async state(entry: BankEntry, slot: IndexSlot, { transaction, beneficiary }: MappedEntry, published: IndexedVersion | undefined): Promise<void> {
    const { reason } = this;
    const restyled = this.observer?.restyled(entry, transaction, slot.accountId);
    const { transaction: shaped, undone } = restyled ? { transaction: restyled, undone: undefined } : await this.linked(entry, slot, transaction, published);
    const status = undone ? statusBefore(undone) : "CANCELLED";
    const cancelled: StoredTransaction = { ...shaped, status, metadata: { ...shaped.metadata, ...retractedMetadata(reason, this.file.key) } };
    const { outcome, delta, effect } = await unstateVersion(this.facts, cancelled, slot, this.tag);
    if (effect) await this.sink.apply(effect);
    if (outcome !== "notStated") this.retracted[outcome]++;
    if (delta !== 0n) await this.addDelta(slot.accountId, entry, delta);
    const named = beneficiary && this.facts.beneficiary(beneficiary.id);
    if (!beneficiary || !named?.files?.includes(this.file.key)) return;
    const others = named.files.filter((f) => f !== this.file.key).length > 0;
    const line = JSON.stringify({ id: beneficiary.id, ownerName: named.ownerName, metadata: retractedMetadata(reason, this.file.key) });
    await this.sink.apply({ type: "beneficiaryUnstated", id: beneficiary.id, file: this.file.key, retracted: others ? undefined : { reason, line } });
  }

  /** The accounts the file named lose its statements and, once no file names them, are marked retracted; their balances follow. */
  override async finish(): Promise<void> {
    this.tracker.finish();
    const { reason } = this;
    const accounts = new Set([...this.touched.values()].map((t) => t.accountId));
    for (const accountId of accounts) {
      const account = this.facts.account(accountId);
      if (!account?.files?.includes(this.file.key)) continue;
      await this.sink.apply({ type: "statementsUnstated", accountId, file: this.file.key });
      const named = account.files.filter((f) => f !== this.file.key).length > 0;
      const metadata = { source: account.source, ...(account.currency && { currency: account.currency }), ...(account.bank && { bank: account.bank }) };
      const line = JSON.stringify({ id: accountId, accountName: account.name, metadata: { ...metadata, ...retractedMetadata(reason, this.file.key) } });
      await this.sink.apply({ type: "accountUnstated", accountId, file: this.file.key, retracted: named ? undefined : { reason, line } });
      for (const effect of this.withProfileAmount(() => rebalancedEffects(this.facts.account(accountId)!, this.configuredBalance()))) {
        await this.sink.apply(effect);
      }
    }
  }

}

/** What a retracted file's account, beneficiary or transaction carries to say so. */
function retractedMetadata(reason: string, fileKey: string): Record<string, string> {
  return { retracted: "true", retractedReason: reason, retractedFile: fileKey };
}

