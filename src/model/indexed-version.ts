import { hash64 } from "./hash";
import { type TransactionStatus, type TransactionType, TransactionTypeSchema } from "./contract";

/**
 * What the entry index keeps of the latest published version of a transaction id, written
 * `hash|booked|rank|type|files|writer`. Values written before the files were kept read as
 * `hash|booked|rank|type|writer`, before the rank and type as `hash|booked|writer` (and, older
 * still, `hash|booked`).
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
  /** The publication that last stated the id: a file's own ids are told apart by it. */
  writer: string;
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
  const [rank, type, files] = rest;
  if (rank === undefined) {
    // Older values kept no rank: a version that counted in the booked balance was booked.
    return { hash, booked: BigInt(booked), rank: booked === "0" ? 0 : 1, writer };
  }
  const stating = files ? files.split(",") : undefined;
  return { hash, booked: BigInt(booked), rank: Number(rank), type: TYPES.find((t) => t === type), files: stating, writer };
}

export function indexedVersionValue(version: Omit<IndexedVersion, "writer">, writer: string): string {
  return [version.hash, version.booked, version.rank, version.type ?? "", (version.files ?? []).join(","), writer].join("|");
}

/** A file's tag in the index: short, and without the separators of an index value. */
export function fileTag(fileKey: string): string {
  return hash64(fileKey).slice(0, 12);
}
