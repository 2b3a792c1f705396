/**
 * 64-bit FNV-1a as 16 hex digits, computed in two 32-bit lanes with different offsets.
 * Used for entry fingerprints and change detection, where it must be fast and stable
 * forever (ids derive from it), not secret.
 */
export function hash64(text: string): string {
  return new Hash64().add(text).hex();
}

/** hash64 of texts taken one after the other, as if joined: a text can be hashed in pieces without being written whole. */
export class Hash64 {
  private a = 0x811c9dc5;
  private b = 0x050c5d1f;

  /** Adds `text` from `from` to `to` (its end by default). */
  add(text: string, from = 0, to = text.length): this {
    let { a, b } = this;
    let i = from;
    // Four characters a turn: a turn of the loop cost V8 about as much as hashing a character. A
    // stored line alone hashed in 2 µs one by one, 0.8 to 1 µs four by four; beside the rest of
    // the line's writing the gain is about a tenth of the hash, whose multiplies wait on each other.
    for (; i + 3 < to; i += 4) {
      let c = text.charCodeAt(i);
      a = Math.imul(a ^ c, FNV_PRIME);
      b = Math.imul(b ^ c, FNV_PRIME) ^ (a >>> 15);
      c = text.charCodeAt(i + 1);
      a = Math.imul(a ^ c, FNV_PRIME);
      b = Math.imul(b ^ c, FNV_PRIME) ^ (a >>> 15);
      c = text.charCodeAt(i + 2);
      a = Math.imul(a ^ c, FNV_PRIME);
      b = Math.imul(b ^ c, FNV_PRIME) ^ (a >>> 15);
      c = text.charCodeAt(i + 3);
      a = Math.imul(a ^ c, FNV_PRIME);
      b = Math.imul(b ^ c, FNV_PRIME) ^ (a >>> 15);
    }
    for (; i < to; i++) {
      const c = text.charCodeAt(i);
      a = Math.imul(a ^ c, FNV_PRIME);
      b = Math.imul(b ^ c, FNV_PRIME) ^ (a >>> 15);
    }
    this.a = a;
    this.b = b;
    return this;
  }

  /** Adds the texts as if joined by `separator`. */
  addJoined(texts: readonly string[], separator: string): this {
    for (let i = 0; i < texts.length; i++) {
      if (i > 0) this.add(separator);
      this.add(texts[i]!);
    }
    return this;
  }

  hex(): string {
    return hex64(this.a, this.b);
  }
}

/** Two 32-bit words as 16 hex digits, `a`'s first. */
export function hex64(a: number, b: number): string {
  // One string from its 16 character codes: joining the digits two by two made a string at each step.
  return String.fromCharCode(
    HEX[a >>> 28]!, HEX[(a >>> 24) & 15]!, HEX[(a >>> 20) & 15]!, HEX[(a >>> 16) & 15]!,
    HEX[(a >>> 12) & 15]!, HEX[(a >>> 8) & 15]!, HEX[(a >>> 4) & 15]!, HEX[a & 15]!,
    HEX[b >>> 28]!, HEX[(b >>> 24) & 15]!, HEX[(b >>> 20) & 15]!, HEX[(b >>> 16) & 15]!,
    HEX[(b >>> 12) & 15]!, HEX[(b >>> 8) & 15]!, HEX[(b >>> 4) & 15]!, HEX[b & 15]!,
  );
}

const FNV_PRIME = 0x01000193;

/** Two hex digits of each byte value, for digests written as hex. */
const BYTE_HEX = Array.from({ length: 256 }, (_, b) => b.toString(16).padStart(2, "0"));

/** The character codes of the hex digits 0 to f. */
const HEX = Array.from("0123456789abcdef", (digit) => digit.charCodeAt(0));

/** The SHA-256 digest of a text's UTF-8 bytes. */
export function sha256(text: string): Promise<ArrayBuffer> {
  return crypto.subtle.digest("SHA-256", new TextEncoder().encode(text));
}

/** Bytes as lower-case hex (SHA-256 digests in file records and rate-limit keys). */
export function toHex(buffer: ArrayBuffer): string {
  return Array.from(new Uint8Array(buffer), (b) => BYTE_HEX[b]).join("");
}

/** `bytes` random bytes as hex: ids this service makes up. */
export function randomHex(bytes: number): string {
  return toHex(crypto.getRandomValues(new Uint8Array(bytes)).buffer);
}

/**
 * JSON with every object's keys in sorted order, leaving out the keys named in `omitted` wherever
 * they are: the same value gives the same text, whatever order its keys were set in. For JSON
 * data (what JSON.parse gives): objects are copied with their keys set in sorted order and the
 * copy is written by JSON.stringify's own fast path, where a replacer called at every value took
 * several times as long (the change hash of every stored transaction is taken of this text).
 */
export function canonicalJson(value: unknown, omitted: ReadonlySet<string> = NONE): string {
  return JSON.stringify(sortedCopy(value, omitted));
}

const NONE: ReadonlySet<string> = new Set();

function sortedCopy(value: unknown, omitted: ReadonlySet<string>): unknown {
  if (value === null || typeof value !== "object") return value;
  if (Array.isArray(value)) return value.map((item) => sortedCopy(item, omitted));
  const copy: Record<string, unknown> = {};
  for (const key of Object.keys(value).sort()) {
    if (omitted.has(key)) continue;
    const item = sortedCopy((value as Record<string, unknown>)[key], omitted);
    // An own "__proto__" key (JSON.parse makes them) is data: assigned, it would set the copy's prototype.
    if (key === "__proto__") Object.defineProperty(copy, key, { value: item, enumerable: true, writable: true, configurable: true });
    else copy[key] = item;
  }
  return copy;
}
