import { readIndexedVersion, UNDO_LINKED } from "../model/indexed-version";
import type { Shard } from "./entry-index";

/** Shards whose links are kept at most: a return looks in its month and the two before. */
const MAX_SHARDS = 12;

/**
 * The ids of index shards by link tag (see map/undo.ts), for returns and reversals to find the
 * entry they undo without reading every id of a month. A shard's table is built the first time a
 * return looks in it and kept up to date as its ids are set; one loaded again (after it was
 * spilled) is read again.
 */
export class LinkIndex {
  private readonly shards = new Map<string, { shard: Shard; byTag: Map<string, Set<string>> }>();

  ids(name: string, shard: Shard, tag: string): string[] {
    return [...(this.tableOf(name, shard).get(tag) ?? [])];
  }

  /** An id of a shard set from `before` (its previous value, if any) to `after`. */
  set(name: string, shard: Shard, id: string, before: string | undefined, after: string): void {
    const known = this.shards.get(name);
    if (known?.shard !== shard) return;
    const old = before === undefined ? undefined : linkOf(before);
    if (old) known.byTag.get(old)?.delete(id);
    const link = linkOf(after);
    if (link) add(known.byTag, link, id);
  }

  private tableOf(name: string, shard: Shard): Map<string, Set<string>> {
    const known = this.shards.get(name);
    if (known?.shard === shard) return known.byTag;
    const byTag = new Map<string, Set<string>>();
    for (const [id, value] of Object.entries(shard)) {
      const link = linkOf(value);
      if (link) add(byTag, link, id);
    }
    this.shards.delete(name);
    this.shards.set(name, { shard, byTag });
    if (this.shards.size > MAX_SHARDS) this.shards.delete(this.shards.keys().next().value!);
    return byTag;
  }
}

/** The tag an entry is found by; none for a return or reversal, which nothing undoes in turn. */
function linkOf(value: string): string | undefined {
  const { link } = readIndexedVersion(value);
  return link === UNDO_LINKED ? undefined : link;
}

function add(byTag: Map<string, Set<string>>, tag: string, id: string): void {
  const ids = byTag.get(tag);
  if (ids) ids.add(id);
  else byTag.set(tag, new Set([id]));
}
