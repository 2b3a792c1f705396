/**
 * 64-bit FNV-1a as 16 hex digits, computed in two 32-bit lanes with different offsets.
 * Used for entry fingerprints and change detection, where it must be fast and stable
 * forever (ids derive from it), not secret.
 */
export function hash64(text: string): string {
  return new Fnv64().text(text).hex();
}

/** hash64's state, fed a text at a time: a value's canonical JSON is hashed as it is walked, never written out. */
class Fnv64 {
  private a = 0x811c9dc5;
  private b = 0x050c5d1f;

  text(text: string): this {
    let a = this.a;
    let b = this.b;
    for (let i = 0; i < text.length; i++) {
      const c = text.charCodeAt(i);
      a = Math.imul(a ^ c, 0x01000193);
      b = Math.imul(b ^ c, 0x01000193) ^ (a >>> 15);
    }
    this.a = a;
    this.b = b;
    return this;
  }

  char(code: number): this {
    this.a = Math.imul(this.a ^ code, 0x01000193);
    this.b = Math.imul(this.b ^ code, 0x01000193) ^ (this.a >>> 15);
    return this;
  }

  hex(): string {
    return hex32(this.a) + hex32(this.b);
  }
}

/** Two hex digits of each byte value: formatting a hash by table took a third of hashing a fingerprint's text with toString and padStart. */
const BYTE_HEX = Array.from({ length: 256 }, (_, b) => b.toString(16).padStart(2, "0"));

function hex32(x: number): string {
  return BYTE_HEX[x >>> 24]! + BYTE_HEX[(x >>> 16) & 255]! + BYTE_HEX[(x >>> 8) & 255]! + BYTE_HEX[x & 255]!;
}

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
 * hash64 of the value's canonical JSON: JSON.stringify's text of it with every object's keys in
 * sorted order, leaving out the keys named in `omitted` wherever they are, so the same value
 * gives the same hash whatever order its keys were set in. For JSON data (what JSON.parse
 * gives). The text is fed to the hash as the value is walked instead of being written out: the
 * change hash of every stored transaction is taken this way, and building a sorted copy to
 * stringify it cost twice as much.
 */
export function canonicalHash(value: unknown, omitted: ReadonlySet<string> = NONE): string {
  const fnv = new Fnv64();
  feedJson(fnv, value, omitted);
  return fnv.hex();
}

const NONE: ReadonlySet<string> = new Set();

const QUOTE = 0x22;
/** What JSON.stringify writes otherwise than as it is: a quote, a backslash, a control character, a surrogate (escaped when lone). */
const ESCAPED = /["\\\u0000-\u001f\ud800-\udfff]/;

function feedJson(fnv: Fnv64, value: unknown, omitted: ReadonlySet<string>): void {
  if (typeof value === "string") return feedString(fnv, value);
  if (value === null || typeof value !== "object") {
    fnv.text(JSON.stringify(value));
    return;
  }
  if (Array.isArray(value)) {
    fnv.char(0x5b);
    for (let i = 0; i < value.length; i++) {
      if (i > 0) fnv.char(0x2c);
      const item: unknown = value[i];
      // JSON.stringify writes an array's missing items as null.
      if (item === undefined) fnv.text("null");
      else feedJson(fnv, item, omitted);
    }
    fnv.char(0x5d);
    return;
  }
  fnv.char(0x7b);
  let first = true;
  for (const key of keysInOrder(value)) {
    const item = (value as Record<string, unknown>)[key];
    if (item === undefined || omitted.has(key)) continue;
    if (!first) fnv.char(0x2c);
    first = false;
    feedString(fnv, key);
    fnv.char(0x3a);
    feedJson(fnv, item, omitted);
  }
  fnv.char(0x7d);
}

/**
 * The keys in the order JSON.stringify writes a copy whose keys were set in sorted order: the
 * text this hash has always been of. JavaScript lists an object's array-index keys ("0", "17")
 * first, ascending, whatever order they were set in; Object.keys gives them so already.
 */
function keysInOrder(value: object): string[] {
  const keys = Object.keys(value);
  let indices = 0;
  while (indices < keys.length && isArrayIndex(keys[indices]!)) indices++;
  if (indices === 0) return keys.sort();
  return [...keys.slice(0, indices), ...keys.slice(indices).sort()];
}

function isArrayIndex(key: string): boolean {
  return /^(0|[1-9]\d*)$/.test(key) && Number(key) < 2 ** 32 - 1;
}

function feedString(fnv: Fnv64, text: string): void {
  if (ESCAPED.test(text)) fnv.text(JSON.stringify(text));
  else fnv.char(QUOTE).text(text).char(QUOTE);
}
