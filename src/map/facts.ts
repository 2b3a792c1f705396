import type { AccountRecord, BeneficiaryRecord } from "../model/account-book";
import type { StoredTransaction } from "../model/contract";
import type { Day } from "../model/day";
import type { Effect, IndexSlot } from "../model/effect";
import type { IndexedVersion, KnownIds } from "../model/indexed-version";
import type { PaymentStatusReport } from "../model/payment";
import type { BankEntry } from "../model/statement";
import type { Writing } from "../model/writing";

/**
 * What mapping needs to know of what is published, the effects applied so far included. The
 * store's publication answers it; mapping asks nothing else and writes nothing.
 */
export interface Facts {
  account(id: string): AccountRecord | undefined;
  beneficiary(id: string): BeneficiaryRecord | undefined;
  /** The latest published version of an id, if any. */
  version(slot: IndexSlot, id: string): Promise<IndexedVersion | undefined>;
  /**
   * Reads what the index holds of the slot's account and booking month, unless it is what was
   * read last; undefined when there was nothing to read. Until another slot is read, `known`
   * answers for this one at once: the ids of an ordinary entry are told without a wait.
   */
  read(slot: IndexSlot): Writing;
  /** What the index holds of the slot read last (see read): throws for any other. */
  known(slot: IndexSlot): KnownIds;
  /** The published entries of an account, booked in the months of `months` (first days), whose link is `tag` (see undo.ts). */
  linkedTo(accountId: string, months: Day[], tag: string): Promise<{ id: string; version: IndexedVersion }[]>;
}

/** Where mapping's effects go: the publication, which applies each as it comes. */
export interface EffectSink {
  /** Applies the effect at once; what it started writing, if that must end before the next effect (see Writing). */
  apply(effect: Effect): Writing;
}

/** A version of a payment initiated here, with what it adds to its account's booked balance. */
export interface PaymentUpdate {
  transaction: StoredTransaction;
  slot: IndexSlot;
  booked: bigint;
}

export type EntrySettlement =
  /** The entry is already accounted for by a payment (matched, or pending while its payment is): nothing to publish. */
  | { kind: "absorbed" }
  /** The entry settles a payment: this version of the payment is published instead of the entry. */
  | { kind: "update"; update: PaymentUpdate }
  /** The entry is published, as this version of it (the credit leg of a transfer, say). */
  | { kind: "restyled"; transaction: StoredTransaction };

/**
 * How payments initiated through this service learn of what the bank's files say: each
 * statement entry and status report is shown to the observer before it is published.
 */
export interface EntryObserver {
  /** What a statement entry (mapped to `mapped` under its own id) means for the payments; undefined: nothing. */
  settle(entry: BankEntry, mapped: StoredTransaction, accountId: string): EntrySettlement | undefined;
  /** The payment versions a bank's status report brings. */
  report(report: PaymentStatusReport): PaymentUpdate[];
  /**
   * The version under which an entry was published, when a payment gave it its shape (the credit
   * leg of a transfer); undefined otherwise. Settles nothing: for taking the entry back.
   */
  restyled(entry: BankEntry, mapped: StoredTransaction, accountId: string): StoredTransaction | undefined;
}
