import { hash64 } from "./hash";
import { type TransactionStatus, type TransactionType, TransactionTypeSchema } from "./contract";

/**
 * What the entry index keeps of the latest published version of a transaction id, written
 * `hash|booked|rank|type|files|link|writer`. Values written before links were kept read as
 * `hash|booked|rank|type|files|writer`, before the files as `hash|booked|rank|type|writer`,
 * before the rank and type as `hash|booked|writer` (and, older still, `hash|booked`).
 */
export interface IndexedVersion {
  /** Of the version's content (see serialise): an equal hash is the same version. */
  hash: string;
  /** What the version adds to its account's booked balance (0 while pending). */
  booked: bigint;
  /** How far its status has moved (see statusRank): no later version lowers it. */
  rank: number;
  /** The type the id was first published with, which every later version keeps; unknown in older values. */
  type?: TransactionType | undefined;
  /** Tags of the published files that state the id (see fileTag): it is a file's own while it is the only one. */
  files?: string[] | undefined;
  /**
   * How a return or reversal finds the entry it undoes (see map/undo.ts): the entry's link tag
   * while it is an ordinary entry; UNDO_LINKED for a return or reversal published as an
   * adjustment of the entry it undoes; none for one published as a transaction of its own, and
   * for an entry that names nothing a return could find it by.
   */
  link?: string | undefined;
  /** The publication that last stated the id: a file's own ids are told apart by it. */
  writer: string;
}

/** What the index holds of the ids of one account and booking month (see Facts.known). */
export interface KnownIds {
  /** The latest published version of an id, if any. */
  version(id: string): IndexedVersion | undefined;
  /** Whether the file being mapped has already stated the id (to number its identical entries). */
  statedByThisFile: (id: string) => boolean;
}

/**
 * A status only moves forward: PENDING (0) to an outcome (1), SUCCEEDED or FAILED, never back.
 * An intraday report (MT942, CAMT PDNG) read after the statement that booked its entry must
 * not make it pending again, whatever order the files arrive in. Between outcomes the ledger of
 * initiated payments decides (a payout executed, then returned, is FAILED).
 */
export function statusRank(status: TransactionStatus): number {
  return status === "PENDING" ? 0 : 1;
}

const TYPES = TransactionTypeSchema.options;

export function readIndexedVersion(value: string): IndexedVersion {
  const [hash = "", booked = "0", ...rest] = value.split("|");
  const writer = rest.pop() ?? "";
  const [rank, type, files, link] = rest;
  if (rank === undefined) {
    // Older values kept no rank: a version that counted in the booked balance was booked.
    return { hash, booked: BigInt(booked), rank: booked === "0" ? 0 : 1, writer };
  }
  const stating = files ? files.split(",") : undefined;
  return { hash, booked: BigInt(booked), rank: Number(rank), type: TYPES.find((t) => t === type), files: stating, link: link || undefined, writer };
}

export function indexedVersionValue(version: Omit<IndexedVersion, "writer">, writer: string): string {
  // Joined, not a template: a template's text is kept as the pieces it was made of, and a shard holds tens of thousands of these.
  return [version.hash, version.booked, version.rank, version.type ?? "", version.files?.join(",") ?? "", version.link ?? "", writer].join("|");
}

/** The link of a return or reversal published as an adjustment of the entry it undoes. */
export const UNDO_LINKED = "^";

/** A file's tag in the index: short, and without the separators of an index value. */
export function fileTag(fileKey: string): string {
  return hash64(fileKey).slice(0, 12);
}
