// An R2 bucket held in the isolate's memory, for the bench only: the ingestion job run over it
// costs what the job itself costs, without the local R2 simulator that answers the bench's other
// runs in the same workerd process (and shares the machine's cores with the job).
import { TX_PREFIX } from "../src/store/layout";
import { objectBody } from "../src/store/scratch-bucket";

interface Stored {
  /** None for a transaction log segment (see put). */
  bytes: Uint8Array | undefined;
  size: number;
  etag: string;
  uploaded: Date;
}

/**
 * Transaction log segments are written, their bytes counted, and not kept: an ingestion never
 * reads the segments it writes, and holding them (the size of the store: 100 MB and more for the
 * largest files) in the isolate would make V8, under the bench's heap cap, collect again and
 * again for memory that R2 holds, not the Worker. Reading one back fails.
 */
const UNKEPT = `${TX_PREFIX}/`;

type PutValue = Parameters<R2Bucket["put"]>[1];

/** The operations the job uses (head, get with a range, conditional put, delete, list by prefix), as R2 answers them. */
export class MemoryBucket {
  private readonly objects = new Map<string, Stored>();
  private writes = 0;

  static create(): R2Bucket {
    return new MemoryBucket() as unknown as R2Bucket;
  }

  async head(key: string): Promise<R2Object | null> {
    const object = this.objects.get(key);
    return object ? describe(key, object) : null;
  }

  async get(key: string, options?: R2GetOptions): Promise<R2ObjectBody | null> {
    const object = this.objects.get(key);
    if (!object) return null;
    if (!object.bytes) throw new Error(`the bench's memory bucket does not keep ${key} (see UNKEPT)`);
    const range = options?.range;
    const offset = range && !(range instanceof Headers) && "offset" in range ? (range.offset ?? 0) : 0;
    return objectBody(describe(key, object), object.bytes.subarray(offset));
  }

  async put(key: string, value: PutValue, options?: R2PutOptions): Promise<R2Object | null> {
    const old = this.objects.get(key);
    const onlyIf = options?.onlyIf;
    if (onlyIf && !(onlyIf instanceof Headers)) {
      if (onlyIf.etagDoesNotMatch === "*" && old) return null;
      if (typeof onlyIf.etagMatches === "string" && old?.etag !== onlyIf.etagMatches) return null;
    }
    const bytes = await bytesOf(value);
    const object = { bytes: key.startsWith(UNKEPT) ? undefined : bytes, size: bytes.byteLength, etag: `m${++this.writes}`, uploaded: new Date() };
    this.objects.set(key, object);
    return describe(key, object);
  }

  async delete(keys: string | string[]): Promise<void> {
    for (const key of typeof keys === "string" ? [keys] : keys) this.objects.delete(key);
  }

  async list(options: R2ListOptions = {}): Promise<R2Objects> {
    const prefix = options.prefix ?? "";
    const after = options.cursor ?? options.startAfter ?? "";
    const limit = options.limit ?? 1000;
    const keys = [...this.objects.keys()].filter((key) => key.startsWith(prefix) && key > after).sort();
    const page = keys.slice(0, limit);
    const truncated = keys.length > limit;
    return {
      objects: page.map((key) => describe(key, this.objects.get(key)!)),
      truncated,
      ...(truncated ? { cursor: page.at(-1)! } : {}),
      delimitedPrefixes: [],
    } as R2Objects;
  }
}

async function bytesOf(value: PutValue): Promise<Uint8Array> {
  if (value === null) return new Uint8Array();
  if (typeof value === "string") return new TextEncoder().encode(value);
  return new Uint8Array(await new Response(value).arrayBuffer());
}

function describe(key: string, { size, etag, uploaded }: Stored): R2Object {
  return {
    key, version: etag, size, etag, httpEtag: `"${etag}"`, checksums: { toJSON: () => ({}) }, uploaded,
    httpMetadata: {}, customMetadata: {}, storageClass: "Standard", writeHttpMetadata: () => {},
  } as unknown as R2Object;
}
