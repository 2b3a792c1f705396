import type { Bucket } from "./bucket";

type PutValue = Parameters<Bucket["put"]>[1];

/** An object written to the scratch: its bytes and what R2 would say of them. */
interface Written {
  bytes: Uint8Array;
  etag: string;
  uploaded: Date;
  httpMetadata: R2HTTPMetadata | undefined;
}

/**
 * A bucket for a dry run (a preview): reads go to the real bucket, writes stay in memory, where
 * later reads of this scratch find them, and a delete only hides the object from it. Nothing
 * reaches R2, and everything written is dropped with the scratch. A publication over it maps a
 * file as ingestion would, its staged objects (index shards spilled, log segments) kept here. A
 * conditional put (the compare-and-swap of the manifest, of the lease) is refused: a dry run
 * commits nothing. Memory grows with what is written: bound what is mapped over it.
 */
export class ScratchBucket {
  private readonly written = new Map<string, Written>();
  private readonly hidden = new Set<string>();
  private writes = 0;

  private constructor(private readonly real: Bucket) {}

  static over(real: Bucket): Bucket {
    // The operations a publication uses; the others (multipart uploads) are absent, and fail if called.
    return new ScratchBucket(real) as unknown as Bucket;
  }

  async head(key: string): Promise<R2Object | null> {
    const object = this.written.get(key);
    if (object) return describe(key, object);
    return this.hidden.has(key) ? null : this.real.head(key);
  }

  async get(key: string, options?: R2GetOptions): Promise<R2ObjectBody | null> {
    const object = this.written.get(key);
    if (object) return withBody(key, object, options?.range);
    return this.hidden.has(key) ? null : this.real.get(key, options);
  }

  async put(key: string, value: PutValue, options?: R2PutOptions): Promise<R2Object> {
    if (options?.onlyIf) throw new Error(`a dry run commits nothing: the conditional write of ${key} is refused`);
    const bytes = await bytesOf(value);
    const object: Written = { bytes, etag: `scratch-${++this.writes}`, uploaded: new Date(), httpMetadata: httpMetadataOf(options?.httpMetadata) };
    this.written.set(key, object);
    this.hidden.delete(key);
    return describe(key, object);
  }

  async delete(keys: string | string[]): Promise<void> {
    for (const key of typeof keys === "string" ? [keys] : keys) {
      this.written.delete(key);
      this.hidden.add(key);
    }
  }

  /**
   * The real listing without what was deleted here; under a prefix this scratch wrote to, one page
   * of everything, the real objects' and its own, in key order.
   */
  async list(options: R2ListOptions = {}): Promise<R2Objects> {
    const prefix = options.prefix ?? "";
    const own = [...this.written].filter(([key]) => key.startsWith(prefix));
    if (own.length === 0) {
      const page = await this.real.list(options);
      return { ...page, objects: page.objects.filter((o) => !this.hidden.has(o.key)) };
    }
    const objects = new Map<string, R2Object>();
    let cursor: string | undefined;
    do {
      const page = await this.real.list({ prefix, cursor, limit: 1000 });
      for (const object of page.objects) if (!this.hidden.has(object.key)) objects.set(object.key, object);
      cursor = page.truncated ? page.cursor : undefined;
    } while (cursor);
    for (const [key, object] of own) objects.set(key, describe(key, object));
    const sorted = [...objects.values()].sort((a, b) => (a.key < b.key ? -1 : a.key > b.key ? 1 : 0));
    return { objects: sorted, truncated: false, delimitedPrefixes: [] };
  }
}

async function bytesOf(value: PutValue): Promise<Uint8Array> {
  if (value === null) return new Uint8Array();
  if (typeof value === "string") return new TextEncoder().encode(value);
  if (value instanceof ArrayBuffer) return new Uint8Array(value.slice(0));
  if (ArrayBuffer.isView(value)) return new Uint8Array(value.buffer.slice(value.byteOffset, value.byteOffset + value.byteLength));
  if (value instanceof Blob) return new Uint8Array(await value.arrayBuffer());
  return new Uint8Array(await new Response(value).arrayBuffer());
}

function httpMetadataOf(metadata: R2HTTPMetadata | Headers | undefined): R2HTTPMetadata | undefined {
  if (!(metadata instanceof Headers)) return metadata;
  return { contentType: metadata.get("content-type") ?? undefined };
}

function describe(key: string, object: Written): R2Object {
  const { bytes, etag, uploaded, httpMetadata } = object;
  return {
    key, version: etag, size: bytes.byteLength, etag, httpEtag: `"${etag}"`, checksums: { toJSON: () => ({}) }, uploaded,
    httpMetadata, customMetadata: {}, storageClass: "Standard",
    writeHttpMetadata: (headers: Headers) => {
      if (httpMetadata?.contentType) headers.set("content-type", httpMetadata.contentType);
    },
  } as unknown as R2Object;
}

function withBody(key: string, object: Written, range: R2Range | Headers | undefined): R2ObjectBody {
  return objectBody(describe(key, object), slice(object.bytes, range));
}

/** An object read from memory as R2 answers a get: its description, and its bytes as a body. */
export function objectBody(object: R2Object, bytes: Uint8Array): R2ObjectBody {
  const response = () => new Response(bytes);
  return Object.assign(object, {
    get body() {
      return response().body!;
    },
    bodyUsed: false,
    arrayBuffer: () => response().arrayBuffer(),
    bytes: async () => bytes,
    text: () => response().text(),
    json: <T>() => response().json<T>(),
    blob: () => response().blob(),
  }) as unknown as R2ObjectBody;
}

function slice(bytes: Uint8Array, range: R2Range | Headers | undefined): Uint8Array {
  if (!range || range instanceof Headers) return bytes;
  if ("suffix" in range && range.suffix !== undefined) return bytes.subarray(Math.max(0, bytes.byteLength - range.suffix));
  const offset = "offset" in range ? (range.offset ?? 0) : 0;
  const length = "length" in range ? range.length : undefined;
  return bytes.subarray(offset, length === undefined ? undefined : offset + length);
}
