import { rebalancedEffects } from "../map/balances";
import type { Profile } from "../model/profile";
import { type Bucket, writeId } from "../store/bucket";
import { loadManifest, withCommitRetries } from "../store/manifest";
import { Publication } from "../store/publication";

/**
 * Brings the balances of a source's accounts to what their anchors give once its profile changed
 * (an `openingBalance` set, corrected or removed), in one publication; nothing when none moves.
 * Throws AmountError when the profile's amount does not fit an account's currency.
 */
export async function rebalanceSource(bucket: Bucket, source: string, profile: Profile | undefined, nowMs: number): Promise<void> {
  const configured = profile?.openingBalance && { ...profile.openingBalance, source };
  await withCommitRetries(async () => {
    const publication = await Publication.open(bucket, await loadManifest(bucket), writeId());
    const effects = Object.values(publication.book)
      .filter((account) => account.source === source)
      .flatMap((account) => rebalancedEffects(account, configured));
    if (effects.length === 0) return;
    for (const effect of effects) await publication.apply(effect);
    await publication.commit(nowMs);
  });
}
