import type { StoredTransaction } from "../model/contract";
import type { Effect, IndexSlot } from "../model/effect";
import { statusRank } from "../model/indexed-version";
import { serialise } from "../model/stored-transaction";
import type { Facts } from "./facts";

export type VersionOutcome = "new" | "changed" | "known";

/**
 * What stating a transaction means given its published versions: a new id or a new version is
 * published; the same version, or one that would move the id's status back (see statusRank) or
 * change its type, is known: Formance keys a payment by id and type, so another type would be
 * another payment. `booked` is the signed amount it adds to the account's booked balance (0 while
 * pending); `delta`, what it moves a computed balance by: the difference from the version before.
 */
export async function stateVersion(
  facts: Facts,
  tx: StoredTransaction,
  slot: IndexSlot,
  booked: bigint,
): Promise<{ outcome: VersionOutcome; delta: bigint; effect: Effect }> {
  const known = await facts.version(slot, tx.id);
  const { line, hash } = serialise(tx);
  const rank = statusRank(tx.status);
  if (known && (known.hash === hash || rank < known.rank || (known.type !== undefined && known.type !== tx.type))) {
    const { writer: _writer, ...version } = known;
    return { outcome: "known", delta: 0n, effect: { type: "restated", slot, id: tx.id, version } };
  }
  const effect: Effect = { type: "version", slot, id: tx.id, version: { hash, booked, rank, type: tx.type }, createdAt: tx.createdAt, line };
  return { outcome: known === undefined ? "new" : "changed", delta: booked - (known?.booked ?? 0n), effect };
}
