import { type TransactionStatus, type TransactionType, TransactionTypeSchema } from "./contract";

/**
 * What the entry index keeps of the latest published version of a transaction id, written
 * `hash|booked|rank|type|writer`. Values written before the rank and type were kept read as
 * `hash|booked|writer` (and, older still, `hash|booked`).
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
  const [rank, type] = rest;
  if (rank === undefined) {
    // Older values kept no rank: a version that counted in the booked balance was booked.
    return { hash, booked: BigInt(booked), rank: booked === "0" ? 0 : 1, writer };
  }
  return { hash, booked: BigInt(booked), rank: Number(rank), type: TYPES.find((t) => t === type), writer };
}

export function indexedVersionValue(version: Omit<IndexedVersion, "writer">, writer: string): string {
  return [version.hash, version.booked, version.rank, version.type ?? "", writer].join("|");
}
