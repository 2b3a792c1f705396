import { hash64 } from "../model/hash";
import { rememberLast } from "../model/remember-last";
import { z } from "zod";
import { type Bucket, readRequiredJson, writeId } from "./bucket";
import { indexShardKey } from "./layout";

/**
 * Which transaction ids are published, with what is kept of their latest version (content
 * hash, booked amount, status rank, first type and the publication that last stated it: see
 * indexed-version.ts). Sharded by account and booking month, so ingesting one new day reads
 * and rewrites only that month's shard, whatever the size of the store.
 */
export const IndexTableSchema = z.record(z.string(), z.string());
export type IndexTable = z.infer<typeof IndexTableSchema>;
/**
 * Id to indexed version (read by indexed-version.ts). A shard is read for every month a file
 * touches and holds up to tens of thousands of ids: checked as an object of strings in one
 * pass, without the copy z.record makes, which cost as much as parsing the JSON.
 */
export const ShardSchema = z.custom<Record<string, string>>(
  (value) => typeof value === "object" && value !== null && !Array.isArray(value) && Object.values(value).every((v) => typeof v === "string"),
  "expected an object of id to indexed version strings",
);
export type Shard = z.infer<typeof ShardSchema>;

/** The shard of an account's booking month; its object is named by indexShardKey. */
export function shardName(accountId: string, bookingDate: string): string {
  return `${accountPartOf(accountId)}/${bookingDate.slice(0, 7)}`;
}

/**
 * Longest percent-encoded account id that names its shards as it is. An account id is whatever
 * a file or a profile states, and R2 refuses a key over 1,024 bytes (error 10020): an IBAN or
 * a bank's account number (MT940 `:25:` 35x, camt `Othr/Id` Max34Text) stays well under it,
 * so the shards of every store written so far keep their names.
 */
const MAX_NAMED_LENGTH = 256;

/**
 * The account's part of a shard name: the id percent-encoded, or, when that is long, would be
 * nothing but dots (a `.` or `..` path segment) or cannot be encoded (a lone surrogate), the
 * id's hash under `hashed/`. An encoded id never holds a `/`, so the two kinds never meet.
 * Two ids with one hash would share shards, which is harmless: entries are keyed by transaction
 * id, and an entry's id holds its account's. The id itself stays readable in the account's record.
 */
function accountPart(accountId: string): string {
  const encoded = percentEncoded(accountId);
  if (encoded !== undefined && encoded.length <= MAX_NAMED_LENGTH && !/^\.*$/.test(encoded)) return encoded;
  return `hashed/${hash64(accountId)}`;
}

/** A file's entries come an account at a time, each asking for its shard several times. */
const accountPartOf = rememberLast(accountPart);

function percentEncoded(text: string): string | undefined {
  try {
    return encodeURIComponent(text);
  } catch (error) {
    if (error instanceof URIError) return undefined;
    throw error;
  }
}

/**
 * Entries held in memory at most (about 140 bytes each): past it the least recently used
 * shards are written, staged under the writer, and dropped, so a file holds what it is working
 * on, not every month it touched.
 */
export const MAX_LOADED_ENTRIES = 30_000;

export class EntryIndex {
  /** Loaded shards, least recently used first. */
  private readonly shards = new Map<string, Shard>();
  private readonly sizes = new Map<string, number>();
  private readonly dirty = new Set<string>();
  private loaded = 0;
  private recent: { name: string; shard: Shard } | undefined;
  /** Objects superseded by this publication's writes: garbage once it commits. */
  readonly replaced: string[] = [];
  private readonly table: IndexTable;

  constructor(
    private readonly bucket: Bucket,
    table: IndexTable,
    private readonly writer: string,
    private readonly limit = MAX_LOADED_ENTRIES,
  ) {
    this.table = { ...table };
  }

  /**
   * The shard, at once when it is in memory, else once it is read; its object stays valid until
   * the next call that reads another.
   */
  shard(name: string): Shard | Promise<Shard> {
    if (this.recent?.name === name) return this.recent.shard;
    const shard = this.shards.get(name);
    if (!shard) return this.load(name);
    this.shards.delete(name);
    return this.use(name, shard);
  }

  /** The shard the last call to `shard` gave, if it is `name`'s (see Publication.known). */
  current(name: string): Shard | undefined {
    return this.recent?.name === name ? this.recent.shard : undefined;
  }

  private async load(name: string): Promise<Shard> {
    const key = this.table[name];
    const shard = key ? await readRequiredJson(this.bucket, key, ShardSchema) : {};
    const size = Object.keys(shard).length;
    this.sizes.set(name, size);
    this.loaded += size;
    return this.use(name, shard);
  }

  /** Makes the shard the most recently used; over the limit (ids added to loaded shards count), writes the others out first. */
  private use(name: string, shard: Shard): Shard | Promise<Shard> {
    this.shards.set(name, shard);
    this.recent = { name, shard };
    return this.loaded > this.limit ? this.spill().then(() => shard) : shard;
  }

  set(name: string, shard: Shard, id: string, value: string): void {
    if (shard[id] === undefined) {
      this.sizes.set(name, this.sizes.get(name)! + 1);
      this.loaded++;
    }
    shard[id] = value;
    this.dirty.add(name);
  }

  /** The objects the table names now, and those it named before this publication replaced them. */
  keys(): string[] {
    return [...Object.values(this.table), ...this.replaced];
  }

  /**
   * Writes changed shards under the writer's id (plus `suffix`) and returns the new table. Can
   * be called again later (each ingestion step of a large file saves its shards).
   */
  /** Shards changed since they were last written. */
  dirtyShards(): number {
    return this.dirty.size;
  }

  async write(suffix = ""): Promise<IndexTable> {
    await this.writeShards([...this.dirty], `${this.writer}${suffix}`);
    return { ...this.table };
  }

  /** Writes and drops the least recently used shards, all but the one in use, until under the limit. */
  private async spill(): Promise<void> {
    const evicted: string[] = [];
    for (const name of this.shards.keys()) {
      if (this.loaded <= this.limit / 2 || name === this.recent?.name) break;
      evicted.push(name);
      this.loaded -= this.sizes.get(name)!;
    }
    // A fresh id per spill: a staged key is never written twice, so no garbage names a live object.
    await this.writeShards(evicted.filter((name) => this.dirty.has(name)), `${this.writer}-${writeId()}`);
    for (const name of evicted) {
      this.shards.delete(name);
      this.sizes.delete(name);
    }
  }

  private async writeShards(names: string[], writer: string): Promise<void> {
    await Promise.all(
      names.map(async (name) => {
        const key = indexShardKey(name, writer);
        await this.bucket.put(key, JSON.stringify(this.shards.get(name)));
        const previous = this.table[name];
        if (previous) this.replaced.push(previous);
        this.table[name] = key;
        this.dirty.delete(name);
      }),
    );
  }
}
