import type { AccountRecord, BalanceRecord, StatementRecord } from "./account-book";
import type { Day } from "./day";
import type { IndexedVersion } from "./indexed-version";

/** Where a transaction id is indexed: the account and the day it is booked on. */
export interface IndexSlot {
  accountId: string;
  day: Day;
}

/** What is kept of a transaction version in the index, without the publication that wrote it. */
export type VersionFacts = Omit<IndexedVersion, "writer">;

/**
 * What mapping a file decides, for publishing to apply as it is: the map stage computes every
 * value (the contract's text included), the publication only stores them. Nothing here is
 * published until the publication commits.
 */
export type Effect =
  /** A new account, with its line for the accounts log. */
  | { type: "account"; account: AccountRecord; line: string }
  /** Details a known account lacked, as a later file states them; the file, when it is one the account does not name yet. */
  | { type: "accountDetails"; accountId: string; currency?: string | undefined; bank?: string | undefined; file?: string | undefined }
  /** A retracted file no longer states the account; with the account's new line when no file does any more. */
  | { type: "accountUnstated"; accountId: string; file: string; retracted?: { reason: string; line: string } | undefined }
  /** The statements a retracted file gave an account, taken away. */
  | { type: "statementsUnstated"; accountId: string; file: string }
  /** A new version of a transaction, with its line for the transactions log. */
  | { type: "version"; slot: IndexSlot; id: string; version: VersionFacts; createdAt: string; line: string }
  /** A transaction the file states again as it is published: the id is the file's too, nothing is logged. */
  | { type: "restated"; slot: IndexSlot; id: string; version: VersionFacts }
  /** A new beneficiary, with its line for the beneficiaries log. */
  | { type: "beneficiary"; id: string; ownerName: string; file: string; line: string }
  /** A file that names a known beneficiary. */
  | { type: "beneficiaryFile"; id: string; file: string }
  /** A retracted file no longer names the beneficiary; with its new line when no file does any more. */
  | { type: "beneficiaryUnstated"; id: string; file: string; retracted?: { reason: string; line: string } | undefined }
  /** What a new version adds to (or takes from) the booked amounts of an account's day. */
  | { type: "booked"; accountId: string; currency: string; day: Day; minor: bigint }
  /** The balance an account now has in a currency; undefined: it has none Formance can rely on (no anchor). */
  | { type: "balance"; accountId: string; currency: string; balance: BalanceRecord | undefined }
  /** A statement of an account, for its continuity with the next. */
  | { type: "statement"; accountId: string; currency: string; statement: StatementRecord };
