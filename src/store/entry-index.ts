import { type Bucket, readRequiredJson } from "./bucket";

/**
 * Which transaction ids are published, with the content hash of their latest version and the
 * amount it counts in the booked balance (`hash|amount`).
 * Sharded by account and booking month, so ingesting one new day reads and rewrites only
 * that month's shard, whatever the size of the store.
 */
export type IndexTable = Record<string, string>;
type Shard = Record<string, string>;

export function shardName(accountId: string, bookingDate: string): string {
  return `${encodeURIComponent(accountId)}/${bookingDate.slice(0, 7)}`;
}

export class EntryIndex {
  private readonly shards = new Map<string, Shard>();
  private readonly dirty = new Set<string>();

  constructor(
    private readonly bucket: Bucket,
    private table: IndexTable,
  ) {}

  async get(shard: string, id: string): Promise<string | undefined> {
    return (await this.load(shard))[id];
  }

  async set(shard: string, id: string, hash: string): Promise<void> {
    (await this.load(shard))[id] = hash;
    this.dirty.add(shard);
  }

  /**
   * Writes changed shards under the writer's id; returns the new table and the objects it
   * replaces. Can be called again later (each ingestion step of a large file saves its shards).
   */
  async write(writer: string): Promise<{ table: IndexTable; replaced: string[] }> {
    const table = { ...this.table };
    const replaced: string[] = [];
    await Promise.all(
      [...this.dirty].map(async (shard) => {
        const key = `state/index/${shard}.${writer}.json`;
        await this.bucket.put(key, JSON.stringify(this.shards.get(shard)));
        if (table[shard]) replaced.push(table[shard]);
        table[shard] = key;
      }),
    );
    this.table = table;
    this.dirty.clear();
    return { table, replaced };
  }

  private async load(shard: string): Promise<Shard> {
    let loaded = this.shards.get(shard);
    if (!loaded) {
      const key = this.table[shard];
      loaded = key ? await readRequiredJson<Shard>(this.bucket, key) : {};
      this.shards.set(shard, loaded);
    }
    return loaded;
  }
}
