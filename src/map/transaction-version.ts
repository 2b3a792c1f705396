import type { StoredTransaction } from "../model/contract";
import type { Effect, IndexSlot } from "../model/effect";
import { type IndexedVersion, statusRank } from "../model/indexed-version";
import { sameContent, serialise } from "../model/stored-transaction";
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
): Promise<StatedVersion> {
  return versionAfter(await facts.version(slot, tx.id), tx, slot, booked);
}

export interface StatedVersion {
  outcome: VersionOutcome;
  delta: bigint;
  effect: Effect;
}

/** stateVersion, given the id's latest published version (`known`), which the caller has looked up. */
export function versionAfter(
  known: IndexedVersion | undefined,
  tx: StoredTransaction,
  slot: IndexSlot,
  booked: bigint,
  /** The tag of the file that states it (see fileTag); none for a payment's own versions. */
  stating?: string,
  /** How a return finds it, or that it is a linked return (see undo.ts). */
  link?: string,
): StatedVersion {
  const { line, hash } = serialise(tx);
  const rank = statusRank(tx.status);
  const files = stating === undefined || known?.files?.includes(stating) ? known?.files : [...(known?.files ?? []), stating];
  if (known && (sameContent(known.hash, tx, hash) || rank < known.rank || (known.type !== undefined && known.type !== tx.type))) {
    const { writer: _writer, ...version } = known;
    return { outcome: "known", delta: 0n, effect: { type: "restated", slot, id: tx.id, version: { ...version, files } } };
  }
  const effect: Effect = { type: "version", slot, id: tx.id, version: { hash, booked, rank, type: tx.type, files, link }, createdAt: tx.createdAt, line };
  return { outcome: known === undefined ? "new" : "changed", delta: booked - (known?.booked ?? 0n), effect };
}

export type UnstateOutcome = "cancelled" | "kept" | "notStated";

/**
 * What taking back the file tagged `file` means for a transaction it stated: served again as
 * `cancelled` (its CANCELLED version, same id, moving no balance any more) when no other published
 * file states it; kept as it is, no longer the file's, when another does; nothing when the file
 * never stated it (an entry a payment absorbed, say).
 */
export async function unstateVersion(
  facts: Facts,
  cancelled: StoredTransaction,
  slot: IndexSlot,
  file: string,
): Promise<{ outcome: UnstateOutcome; delta: bigint; effect?: Effect | undefined }> {
  const known = await facts.version(slot, cancelled.id);
  if (!known?.files?.includes(file)) return { outcome: "notStated", delta: 0n };
  const { writer: _writer, ...version } = known;
  const others = known.files.filter((f) => f !== file);
  if (others.length > 0) return { outcome: "kept", delta: 0n, effect: { type: "restated", slot, id: cancelled.id, version: { ...version, files: others } } };
  const { line, hash } = serialise(cancelled);
  const effect: Effect = {
    type: "version", slot, id: cancelled.id, createdAt: cancelled.createdAt, line,
    version: { hash, booked: 0n, rank: statusRank(cancelled.status), type: known.type ?? cancelled.type, files: [] },
  };
  return { outcome: "cancelled", delta: -known.booked, effect };
}
