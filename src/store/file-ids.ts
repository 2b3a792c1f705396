import type { Writing } from "../model/writing";
import { type Bucket, listAll, readText } from "./bucket";

/** Ids held in memory before they are written as a part of the list. */
const PART_SIZE = 10_000;

/** One line of a file's id list: the index shard that holds the id, and the id. */
export interface ListedId {
  shard: string;
  id: string;
}

/**
 * The ids a file holds, stored as numbered parts under one prefix (`shard id` per line), written
 * as the file is read so that a file of any size holds at most one part in memory.
 */
export class FileIdList {
  private lines: string[] = [];

  constructor(
    private readonly bucket: Bucket,
    readonly prefix: string,
    private parts = 0,
  ) {}

  add(shard: string, id: string): Writing {
    this.lines.push(`${shard} ${id}`);
    return this.lines.length >= PART_SIZE ? this.flush().then(() => undefined) : undefined;
  }

  /** Writes what is held; returns the number of parts written so far (to resume with). */
  async flush(): Promise<number> {
    if (this.lines.length === 0) return this.parts;
    const lines = this.lines;
    this.lines = [];
    await this.bucket.put(`${this.prefix}${this.parts++}.txt`, lines.join("\n"));
    return this.parts;
  }
}

/** Every id of a stored list, a part at a time. */
export async function* readIdList(bucket: Bucket, prefix: string): AsyncGenerator<ListedId[]> {
  for await (const object of listAll(bucket, prefix)) {
    const text = await readText(bucket, object.key);
    yield text.split("\n").map((line) => {
      const at = line.indexOf(" ");
      return { shard: line.slice(0, at), id: line.slice(at + 1) };
    });
  }
}

/** The keys of a stored list's parts, to discard them with the list. */
export async function idListKeys(bucket: Bucket, prefix: string): Promise<string[]> {
  const keys: string[] = [];
  for await (const object of listAll(bucket, prefix)) keys.push(object.key);
  return keys;
}
